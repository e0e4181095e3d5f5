/**
 * Raw ConfigMap → CorefileConfig. Only CoreDNS's own ConfigMap matters to Service networking: its
 * Corefile says which zone the cluster serves, the TTL and how pod records answer. Every other
 * ConfigMap is skipped by the loader with a reason.
 */
import type { CorefileConfig } from '../model/index.js';
import type { ConvertContext } from './context.js';
import { CODE } from './messages.js';
import { metaFromObject } from './object-meta.js';
import { objectAt, stringAt } from './raw.js';
import type { RawObject } from './raw.js';

/** Where kubeadm (and most distributions) keep the CoreDNS configuration. */
export const COREDNS_CONFIGMAP = { namespace: 'kube-system', name: 'coredns', key: 'Corefile' } as const;

/** True for `kube-system/coredns`, whatever its data. */
export function isCorednsConfigMap(obj: RawObject): boolean {
  const metadata = objectAt(obj, 'metadata');
  return (
    stringAt(metadata, 'namespace') === COREDNS_CONFIGMAP.namespace &&
    stringAt(metadata, 'name') === COREDNS_CONFIGMAP.name
  );
}

/** The Corefile of `kube-system/coredns`; undefined for any other ConfigMap or without the key. */
export function corefileFromObject(obj: RawObject, ctx: ConvertContext): CorefileConfig | undefined {
  if (!isCorednsConfigMap(obj)) return undefined;
  const corefile = stringAt(objectAt(obj, 'data'), COREDNS_CONFIGMAP.key);
  if (corefile === undefined) return undefined;
  return { meta: metaFromObject(obj, ctx, { code: CODE.configMapInvalid }), corefile };
}

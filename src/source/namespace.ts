/**
 * Raw Namespace → lean Namespace. The control plane labels every namespace with its own name, and
 * NetworkPolicies select namespaces "by name" through that label, so it is added here whether or
 * not the manifest has it.
 */
import type { Namespace } from '../model/index.js';
import type { ConvertContext } from './context.js';
import { CODE } from './messages.js';
import { metaFromObject } from './object-meta.js';
import type { RawObject } from './raw.js';

/** Set on every namespace since Kubernetes 1.22 (GA); immutable and always equal to the name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** A `kind: Namespace` object (cluster-scoped). */
export function namespaceFromObject(obj: RawObject, ctx: ConvertContext): Namespace {
  const meta = metaFromObject(obj, ctx, { code: CODE.namespaceInvalid, namespace: '' });
  // API-server defaulting overwrites the label with the name
  // (pkg/apis/core/v1/defaults.go SetDefaults_Namespace).
  if (meta.name) meta.labels = { ...meta.labels, [NAMESPACE_NAME_LABEL]: meta.name };
  return { meta, simulated: false };
}

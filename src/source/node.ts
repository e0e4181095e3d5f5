/**
 * Raw Node → lean Node: the zone its pods' endpoints inherit, its pod CIDRs and its internal
 * addresses. Nodes read from the input are real (`simulated: false`); kreach makes up nodes only
 * when the input lists none, elsewhere.
 */
import { ZONE_LABEL } from '../model/index.js';
import type { Node } from '../model/index.js';
import type { ConvertContext } from './context.js';
import { normalizeIp } from '../cluster/ip.js';
import { CODE, MSG } from './messages.js';
import { metaFromObject } from './object-meta.js';
import { arrayAt, objectAt, stringAt, stringsAt } from './raw.js';
import type { RawObject } from './raw.js';

/** A `kind: Node` object (cluster-scoped: the loader leaves its namespace empty). */
export function nodeFromObject(obj: RawObject, ctx: ConvertContext): Node {
  const meta = metaFromObject(obj, ctx, { code: CODE.nodeInvalid, namespace: '' });
  const spec = objectAt(obj, 'spec');
  const node: Node = { meta, podCIDRs: podCIDRs(spec), addresses: internalAddresses(obj, ctx), simulated: false };
  // The EndpointSlice controller copies only the GA zone label onto endpoints
  // (pkg/controller/endpointslice, podToEndpoint reads node.Labels[v1.LabelTopologyZone]).
  const zone = meta.labels[ZONE_LABEL];
  if (zone) node.zone = zone;
  return node;
}

/** `spec.podCIDRs`, or the older single `spec.podCIDR` (which, when both are set, equals podCIDRs[0]). */
function podCIDRs(spec: RawObject | undefined): string[] {
  const list = stringsAt(spec, 'podCIDRs');
  if (list.length > 0) return list;
  const single = stringAt(spec, 'podCIDR');
  return single ? [single] : [];
}

/** `status.addresses[type=InternalIP]`, normalised; invalid addresses are reported and left out. */
function internalAddresses(obj: RawObject, ctx: ConvertContext): string[] {
  const out: string[] = [];
  arrayAt(objectAt(obj, 'status'), 'addresses').forEach((entry, i) => {
    if (stringAt(entry, 'type') !== 'InternalIP') return;
    const address = stringAt(entry, 'address') ?? '';
    const ip = normalizeIp(address);
    if (ip) out.push(ip);
    else
      ctx.report({
        code: CODE.nodeInvalid,
        severity: 'warning',
        message: MSG.invalidIP(address),
        fieldPath: ['status', 'addresses', i, 'address'],
      });
  });
  return out;
}

/**
 * Raw legacy v1 Endpoints → lean Endpoints. Users still write these for Services without selectors;
 * the mirroring controller turns them into EndpointSlices later (services.md §4.6), so here they
 * are only read: addresses normalised, ports defaulted like EndpointSlice ports.
 */
import type { Endpoints, EndpointsAddress, EndpointsSubset } from '../model/index.js';
import type { ConvertContext, FieldPath } from './context.js';
import { normalizeIp } from '../cluster/ip.js';
import { slicePorts, targetRefFrom } from './endpointslice.js';
import { CODE, MSG } from './messages.js';
import { metaFromObject } from './object-meta.js';
import { arrayAt, stringAt } from './raw.js';
import type { RawObject } from './raw.js';

/** A `kind: Endpoints` object (core v1). */
export function endpointsFromObject(obj: RawObject, ctx: ConvertContext): Endpoints {
  return {
    meta: metaFromObject(obj, ctx, { code: CODE.endpointsInvalid }),
    subsets: arrayAt(obj, 'subsets').map((raw, i) => subset(raw, ctx, ['subsets', i])),
  };
}

function subset(raw: unknown, ctx: ConvertContext, path: FieldPath): EndpointsSubset {
  const list = (key: string) => arrayAt(raw, key).flatMap((a, i) => address(a, ctx, [...path, key, i]));
  return {
    addresses: list('addresses'),
    notReadyAddresses: list('notReadyAddresses'),
    ports: slicePorts(arrayAt(raw, 'ports'), ctx, [...path, 'ports'], CODE.endpointsInvalid),
  };
}

/** One address; an invalid IP is reported and dropped, as the mirroring controller skips it. */
function address(raw: unknown, ctx: ConvertContext, path: FieldPath): EndpointsAddress[] {
  const text = stringAt(raw, 'ip') ?? '';
  const ip = normalizeIp(text);
  if (!ip) {
    ctx.report({ code: CODE.endpointsInvalid, severity: 'error', message: MSG.invalidIP(text), fieldPath: [...path, 'ip'] });
    return [];
  }
  const out: EndpointsAddress = { ip };
  const hostname = stringAt(raw, 'hostname');
  if (hostname) out.hostname = hostname;
  const nodeName = stringAt(raw, 'nodeName');
  if (nodeName) out.nodeName = nodeName;
  const targetRef = targetRefFrom(raw);
  if (targetRef) out.targetRef = targetRef;
  return [out];
}

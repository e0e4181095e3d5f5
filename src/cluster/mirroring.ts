/**
 * The EndpointSliceMirroring controller: legacy Endpoints written by users for selector-less
 * Services become EndpointSlices (services.md §4.6; kubernetes/kubernetes
 * pkg/controller/endpointslicemirroring/reconciler.go and utils.go).
 */
import {
  MANAGED_BY_LABEL,
  MIRRORING_CONTROLLER_NAME,
  SERVICE_NAME_LABEL,
  type AddressType,
  type Endpoint,
  type EndpointSlice,
  type Endpoints,
  type EndpointsAddress,
  type Service,
} from '../model/index.js';
import { safeSuffix } from './hash.js';
import { familyOf, normalizeIp } from './ip.js';

/** `--mirroring-max-endpoints-per-subset`: addresses past this are not mirrored. */
export const MAX_MIRRORED_PER_SUBSET = 1000;
const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

/** Are these Endpoints mirrored at all? Only for an existing selector-less Service, without opt-outs. */
export function shouldMirror(svc: Service | undefined, endpoints: Endpoints): boolean {
  if (!svc || svc.selector !== null) return false;
  if (endpoints.meta.labels[SKIP_MIRROR_LABEL] === 'true') return false;
  return endpoints.meta.annotations[LEADER_ANNOTATION] === undefined;
}

/**
 * The slices mirrored from `endpoints`: per subset and address family, ready addresses as
 * `ready: true`, notReadyAddresses as `ready: false` (the mirroring controller sets only `ready`;
 * nil `serving` reads as true, nil `terminating` as false). Invalid IPs are skipped.
 */
export function mirrorEndpoints(endpoints: Endpoints, maxPerSlice: number): EndpointSlice[] {
  const slices: EndpointSlice[] = [];
  endpoints.subsets.forEach((subset, subsetIndex) => {
    const all = [
      ...subset.addresses.map((a) => ({ a, ready: true })),
      ...subset.notReadyAddresses.map((a) => ({ a, ready: false })),
    ].slice(0, MAX_MIRRORED_PER_SUBSET);
    for (const addressType of ['IPv4', 'IPv6'] as const) {
      const eps = all.flatMap(({ a, ready }) => toEndpoint(a, ready, addressType));
      for (let i = 0; i < eps.length; i += maxPerSlice) {
        slices.push({
          meta: {
            name: `${endpoints.meta.name}-${safeSuffix(`${endpoints.meta.namespace}/${endpoints.meta.name}/${subsetIndex}/${addressType}/${i}`, 5)}`,
            namespace: endpoints.meta.namespace,
            labels: { ...endpoints.meta.labels, [SERVICE_NAME_LABEL]: endpoints.meta.name, [MANAGED_BY_LABEL]: MIRRORING_CONTROLLER_NAME },
            annotations: {},
            ...(endpoints.meta.source ? { source: endpoints.meta.source } : {}),
          },
          serviceName: endpoints.meta.name,
          addressType,
          ports: subset.ports,
          endpoints: eps.slice(i, i + maxPerSlice),
          origin: 'mirrored',
        });
      }
    }
  });
  return slices;
}

function toEndpoint(address: EndpointsAddress, ready: boolean, addressType: AddressType): Endpoint[] {
  const ip = normalizeIp(address.ip);
  if (!ip || familyOf(ip) !== addressType) return [];
  const endpoint: Endpoint = { addresses: [ip], ready, serving: true, terminating: false };
  if (address.hostname) endpoint.hostname = address.hostname;
  if (address.nodeName) endpoint.nodeName = address.nodeName;
  if (address.targetRef) endpoint.targetRef = address.targetRef;
  return [endpoint];
}

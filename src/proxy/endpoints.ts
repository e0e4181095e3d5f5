/**
 * The endpoints kube-proxy programs for one ServicePortName, read from the Service's EndpointSlices
 * the way pkg/proxy/endpointslicecache.go does (services.md §5.1): the union over all slices that
 * carry a port with that name and protocol, each endpoint taking the port number of its own slice.
 * The result is what CategorizeEndpoints (topology.ts) chooses from.
 */
import {
  HEADLESS_LABEL,
  type Endpoint,
  type EndpointSlice,
  type IPFamily,
  type Protocol,
} from '../model/index.js';
import { familyOf, normalizeIp } from '../cluster/ip.js';

/** One endpoint of one Service port, with the conditions as kube-proxy reads them. */
export interface ProxyEndpoint {
  /** `addresses[0]`, normalised. */
  ip: string;
  /** The port number from the endpoint's own slice (may differ per pod for a named targetPort). */
  port: number;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  nodeName?: string;
  zone?: string;
  /** `hints.forZones[].name`; empty when none. */
  zoneHints: string[];
  /** `hints.forNodes[].name`; empty when none. */
  nodeHints: string[];
  targetRef?: Endpoint['targetRef'];
  /** Name of the slice the endpoint came from. */
  slice: string;
}

/**
 * The endpoints of the Service port named `portName`/`protocol` for the proxier of `family`, from
 * `slices` (all slices of the Service). Slices are read in name order and an `ip:port` seen twice
 * is kept once, as the cache keys endpoints by that text.
 */
export function endpointsForPort(
  slices: readonly EndpointSlice[],
  portName: string,
  protocol: Protocol,
  family: IPFamily,
): ProxyEndpoint[] {
  const seen = new Map<string, ProxyEndpoint>();
  const ordered = [...slices].sort((a, b) => (a.meta.name < b.meta.name ? -1 : a.meta.name > b.meta.name ? 1 : 0));
  for (const slice of ordered) {
    // kube-proxy's slice informer excludes headless-labelled slices; FQDN and the other family
    // belong to no proxier of this family (services.md §3, §5.1).
    if (slice.meta.labels[HEADLESS_LABEL] !== undefined || slice.addressType !== family) continue;
    // Slice ports with port 0 are ignored (endpointslicecache.go addEndpoints).
    const port = slice.ports.find((p) => p.name === portName && p.protocol === protocol && p.port > 0);
    if (!port) continue;
    for (const endpoint of slice.endpoints) {
      const converted = toProxyEndpoint(endpoint, port.port, slice.meta.name, family);
      if (converted && !seen.has(key(converted))) seen.set(key(converted), converted);
    }
  }
  return [...seen.values()];
}

/** Only `addresses[0]` is used; an endpoint without one, or of the wrong family, is dropped. */
function toProxyEndpoint(endpoint: Endpoint, port: number, slice: string, family: IPFamily): ProxyEndpoint | undefined {
  const first = endpoint.addresses[0];
  const ip = first === undefined ? undefined : normalizeIp(first);
  if (ip === undefined || familyOf(ip) !== family) return undefined;
  return {
    ip,
    port,
    ready: endpoint.ready,
    serving: endpoint.serving,
    terminating: endpoint.terminating,
    ...(endpoint.nodeName ? { nodeName: endpoint.nodeName } : {}),
    ...(endpoint.zone ? { zone: endpoint.zone } : {}),
    zoneHints: endpoint.hints?.forZones ?? [],
    nodeHints: endpoint.hints?.forNodes ?? [],
    ...(endpoint.targetRef ? { targetRef: endpoint.targetRef } : {}),
    slice,
  };
}

function key(endpoint: ProxyEndpoint): string {
  return `${endpoint.ip}|${endpoint.port}`;
}

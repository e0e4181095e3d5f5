/**
 * The client end of a trace in the terms of each plane: the peer the policy engine checks egress
 * for, the client kube-proxy sees (its node, whether it is a pod, its address), and how the trace
 * names it. An address given as the client means the pod holding it, when exactly one
 * non-hostNetwork pod does (that is whose packets carry it); any other address is outside.
 */
import type { Cluster } from '../cluster/cluster.js';
import { normalizeIp } from '../cluster/ip.js';
import { keyOf, type Pod } from '../model/index.js';
import { externalPeer, podPeer, type Peer } from '../policy/index.js';
import type { RouteClient } from '../proxy/result.js';
import type { ClientInfo, TraceClient } from './types.js';

/** The client an address stands for: the one pod holding it, else an outside address. */
export function clientFromIp(cluster: Cluster, ip: string): TraceClient {
  const address = normalizeIp(ip) ?? ip;
  const pods = cluster.store.podsByIP(address).filter((p) => !p.hostNetwork);
  const [pod] = pods;
  return pod && pods.length === 1 ? { kind: 'pod', pod } : { kind: 'external', ip: address };
}

/** The client's source address: the pod's first IP (its primary family). */
export function clientIp(client: TraceClient): string {
  return client.kind === 'pod' ? (client.pod.podIPs[0] ?? '') : client.ip;
}

/** The client as the policy engine sees it, pinned to the address it sends from. */
export function clientPeer(client: TraceClient): Peer {
  if (client.kind === 'external') return externalPeer(client.ip);
  const ip = client.pod.podIPs[0];
  return ip === undefined ? podPeer(client.pod) : podPeer(client.pod, ip);
}

/** The client as kube-proxy on its node sees it (services.md §5.3: pods are internal traffic). */
export function routeClient(client: TraceClient): RouteClient {
  if (client.kind === 'external') return { internal: false, ip: client.ip };
  const ip = client.pod.podIPs[0];
  return { internal: true, ...(client.pod.nodeName ? { node: client.pod.nodeName } : {}), ...(ip ? { ip } : {}) };
}

/** The client for the report. */
export function clientInfo(client: TraceClient): ClientInfo {
  if (client.kind === 'external') return { kind: 'external', ip: client.ip };
  const pod = client.pod;
  return {
    kind: 'pod',
    pod: keyOf(pod.meta),
    ...(pod.owner ? { workload: `${pod.owner.kind}/${pod.owner.name}` } : {}),
    ip: pod.podIPs[0] ?? '',
    ...(pod.nodeName ? { node: pod.nodeName } : {}),
    ...(pod.assumed.includes('object') ? { simulated: true } : {}),
  };
}

/** `default/chroma-75d9-p8pbq (Deployment chroma, 10.244.114.47 on node-1)` or `203.0.113.7 (outside the cluster)`. */
export function describeClient(info: ClientInfo): string {
  if (info.kind === 'external') return `${info.ip} (outside the cluster)`;
  const workload = info.workload ? `${info.workload.replace('/', ' ')}, ` : '';
  return `${info.pod} (${workload}${info.ip || 'no IP'}${info.node ? ` on ${info.node}` : ''})`;
}

/** The pod of the cluster holding `ip` (not hostNetwork), for naming endpoints. */
export function podAt(cluster: Cluster, ip: string): Pod | undefined {
  const pods = cluster.store.podsByIP(normalizeIp(ip) ?? ip);
  return pods.find((p) => !p.hostNetwork) ?? pods[0];
}

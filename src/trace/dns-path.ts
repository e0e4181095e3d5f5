/**
 * Can the client's lookups reach the cluster DNS at all? Queries go to the kube-dns ClusterIP on
 * port 53; kube-proxy DNATs them to the CoreDNS pods on their targetPort, and NetworkPolicy sees
 * that translated destination (netpol.md §2.8 "DNS egress"). So the path is found the way a packet
 * takes it: the router on `<kube-dns IP>:53` for UDP and for TCP, then the policy engine per DNS
 * endpoint (the client's egress and the DNS pod's ingress). UDP carries every lookup; TCP only
 * the truncated or large answers, so TCP alone being blocked is a warning, not a failure.
 */
import { keyOf, type Protocol } from '../model/index.js';
import { externalPeer, podPeer } from '../policy/index.js';
import { route } from '../proxy/route.js';
import { clientPeer, podAt, routeClient } from './client.js';
import type { TraceContext } from './context.js';
import type { DnsPath } from './types.js';

const DNS_PORT = 53;

/** The path to the DNS pods for UDP and TCP, recording a `dns-blocked` problem when one is closed. */
export function dnsPaths(ctx: TraceContext, nameserver: string): DnsPath[] {
  const paths = (['UDP', 'TCP'] as const).map((protocol) => dnsPath(ctx, nameserver, protocol));
  const closed = paths.filter((p) => p.endpoints.length > 0 && p.reachable === 0).map((p) => p.protocol);
  const partial = paths.some((p) => p.reachable > 0 && p.reachable < p.endpoints.length);
  if (closed.length > 0 || partial) {
    const policies = ctx.client.kind === 'pod' ? ctx.policy.policiesSelecting(ctx.client.pod, 'egress').map((p) => keyOf(p.meta)) : [];
    const dnsPorts = [...new Set(paths.flatMap((p) => p.endpoints.map((e) => e.port)))].sort((a, b) => a - b);
    ctx.problems.push({ code: 'dns-blocked', protocols: closed, partial: closed.length === 0, policies, dnsPorts, namespace: ctx.namespace });
  }
  return paths;
}

function dnsPath(ctx: TraceContext, nameserver: string, protocol: Protocol & ('UDP' | 'TCP')): DnsPath {
  const routed = route(ctx.cluster, { dst: nameserver, port: DNS_PORT, protocol, client: routeClient(ctx.client), mode: ctx.mode });
  if (routed.kind !== 'translated') return { protocol, route: routed.explanation, endpoints: [], reachable: 0 };
  const src = clientPeer(ctx.client);
  const endpoints = routed.candidates.map((c) => {
    const pod = podAt(ctx.cluster, c.ip);
    const verdict = ctx.policy.evaluate(src, pod ? podPeer(pod, c.ip) : externalPeer(c.ip), c.port, protocol);
    // Undefined sides (hostNetwork DNS pods, netpol.md §2.9) read the common way: not enforced.
    const denied = [verdict.egress, verdict.ingress].find((d) => d.allowed === false);
    const why = denied
      ? `${denied.direction} denied: ${denied.subject ?? ''} is isolated by ${denied.policies.join(', ')} and no rule admits ${protocol} ${c.port}`
      : 'allowed';
    return { ip: c.ip, port: c.port, ...(pod ? { pod: keyOf(pod.meta) } : {}), allowed: !denied, why };
  });
  return { protocol, route: routed.explanation, endpoints, reachable: endpoints.filter((e) => e.allowed).length };
}

/** `UDP 53 → 2/2 DNS pods (port 53)`, one line per protocol. */
export function describeDnsPath(path: DnsPath): string {
  if (path.endpoints.length === 0) return `${path.protocol} 53: ${path.route}`;
  const ports = [...new Set(path.endpoints.map((e) => e.port))].join(',');
  const head = `${path.protocol} 53 → ${path.reachable}/${path.endpoints.length} DNS pods reachable (port ${ports} after DNAT)`;
  const denied = path.endpoints.find((e) => !e.allowed);
  return denied ? `${head}; ${denied.pod ?? denied.ip}: ${denied.why}` : head;
}

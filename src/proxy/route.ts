/**
 * What kube-proxy does with one packet: `route` finds the rule a destination `ip:port/proto` hits
 * (ClusterIP, externalIP, load-balancer IP, NodePort), chooses the endpoints the way the proxier on
 * the handling node would (topology.ts), and otherwise names the failure and what the client sees,
 * following the table of services.md §5.4 for the given proxy mode. Rule order and chains follow
 * kubernetes/kubernetes pkg/proxy/iptables/proxier.go; nftables differs only where §5.4 says so.
 */
import type { Cluster } from '../cluster/cluster.js';
import { cidrContains, familyOf, normalizeIp } from '../cluster/ip.js';
import type { IPFamily, Protocol } from '../model/index.js';
import type { ProxyEndpoint } from './endpoints.js';
import { ProxyView, proxyViewOf } from './proxy-view.js';
import { formatAddress, formatHostPort, type Candidate, type Evidence, type PolicyNotes, type RouteInput, type RouteResult, type Via } from './result.js';
import {
  SERVICE_PROXY_NAME_LABEL,
  hasFamily,
  shouldSkipService,
  sourceRangesFor,
  type ServicePortInfo,
} from './service-port.js';
import { categorizeEndpoints, type CategorizedEndpoints, type ProxyNode } from './topology.js';

/** RouteInput with the destination normalised and the protocol defaulted. */
type Packet = RouteInput & { protocol: Protocol; addr: string };

/**
 * Route one packet through kube-proxy's rules. `source` is a Cluster (its shared ProxyView is used)
 * or a ProxyView. Never throws for odd input: a destination that is not an IP is a `no-rule` result.
 */
export function route(source: Cluster | ProxyView, input: RouteInput): RouteResult {
  const view = source instanceof ProxyView ? source : proxyViewOf(source);
  const protocol = input.protocol ?? 'TCP';
  const byName = input.service && namedService(view, input.service, input.port);
  if (byName) return byName;
  const dst = normalizeIp(input.dst);
  const family = dst === undefined ? undefined : familyOf(dst);
  if (dst === undefined || family === undefined) {
    return { kind: 'no-rule', reason: 'not-a-service-ip', explanation: `${input.dst} is not an IP address`, evidence: { slices: [] } };
  }
  const packet: Packet = { ...input, dst, protocol, addr: formatAddress(dst, input.port, protocol) };
  const hit = lookup(view, packet, family);
  if (!hit) return miss(view, packet);
  if (hit.sp.skip) return delegated(view, hit.sp, hit.via);
  return translate(view, hit.sp, hit.via, packet, family);
}

/**
 * The Service port a packet hits. KUBE-SERVICES matches ClusterIP, externalIP and LB-IP rules before
 * its last rule jumps to KUBE-NODEPORTS for local addresses (iptables/proxier.go), so an address that
 * is both an externalIP and a node address is an externalIP first. Each family has its own proxier.
 */
function lookup(view: ProxyView, p: Packet, family: IPFamily): { sp: ServicePortInfo; via: Via } | undefined {
  for (const via of ['clusterIP', 'externalIP', 'loadBalancer'] as const) {
    if (p.via && p.via !== via) continue;
    const sp = ProxyView.find(view.at(via, p.dst).filter((s) => hasFamily(s, family)), p.port, p.protocol);
    if (sp) return { sp, via };
  }
  if (p.via === 'nodePort' || (!p.via && view.nodeAt(p.dst))) {
    const sp = ProxyView.find(view.nodePorts(p.port).filter((s) => hasFamily(s, family)), p.port, p.protocol, true);
    if (sp) return { sp, via: 'nodePort' };
  }
  return undefined;
}

/** Headless and ExternalName Services have no address, so only their name says the client uses one. */
function namedService(view: ProxyView, ref: { namespace: string; name: string }, port: number): RouteResult | undefined {
  const svc = view.cluster.service(ref.namespace, ref.name);
  const reason = svc && shouldSkipService(svc);
  if (!svc || (reason !== 'headless' && reason !== 'externalName')) return undefined;
  const key = `${ref.namespace}/${ref.name}`;
  const evidence = { service: key, slices: view.sliceNames(key) };
  // services.md §5.3: headless → DNS returns pod IPs, no translation; ExternalName → CNAME only.
  const explanation =
    reason === 'headless'
      ? `Service ${key} is headless: kube-proxy writes no rules and nothing translates port ${port}; the client must dial the container port`
      : `Service ${key} is ExternalName (CNAME to ${svc.externalName ?? '?'}): kube-proxy writes no rules and its ports do not apply`;
  return { kind: 'no-rule', reason, explanation, evidence };
}

/** Nothing matched the exact port: the failure rows of services.md §5.4. */
function miss(view: ProxyView, p: Packet): RouteResult {
  const atClusterIP = view.at('clusterIP', p.dst);
  const sp = atClusterIP[0];
  if (sp) {
    if (sp.skip) return delegated(view, sp, 'clusterIP');
    const evidence = evidenceOf(view, sp);
    const what = `${p.addr}: Service ${sp.serviceKey} does not expose ${p.port}/${p.protocol} (ports ${atClusterIP.map((s) => `${s.port}/${s.protocol}`).join(', ')})`;
    // §5.4 "ClusterIP, port not declared on the Service": the one row where the modes differ.
    if (p.mode === 'nftables') {
      const explanation = `${what}; nftables' cluster-ips-check rejects traffic to undefined ports of a ClusterIP`;
      return { kind: 'reject', reason: 'unknown-port', symptom: 'connection refused', explanation, evidence, via: 'clusterIP' };
    }
    const explanation = `${what}; iptables has no rule for it, so the packet is routed to the default gateway and usually times out`;
    return { kind: 'drop', reason: 'unknown-port', symptom: 'timeout', explanation, evidence, via: 'clusterIP' };
  }
  for (const via of ['externalIP', 'loadBalancer'] as const) {
    const other = view.at(via, p.dst)[0];
    if (!other) continue;
    if (other.skip) return delegated(view, other, via);
    const explanation = `${p.addr}: no port of Service ${other.serviceKey} matches on this ${via === 'externalIP' ? 'externalIP' : 'load-balancer IP'}, so no rule captures the packet; it travels on to the address itself and usually times out`;
    return { kind: 'drop', reason: 'unknown-port', symptom: 'timeout', explanation, evidence: evidenceOf(view, other), via };
  }
  const proxied = view.at('proxyIngress', p.dst)[0];
  if (proxied) {
    // §5.3: ipMode Proxy → kube-proxy does not capture the LB IP.
    const explanation = `${p.dst} is a load-balancer IP of Service ${proxied.serviceKey} with ipMode Proxy: kube-proxy does not capture it; the load balancer forwards the traffic itself (usually to NodePorts)`;
    return { kind: 'no-rule', reason: 'not-a-service-ip', explanation, evidence: evidenceOf(view, proxied), via: 'loadBalancer' };
  }
  const node = view.nodeAt(p.dst);
  if (node) {
    // A NodePort of a Service without a ClusterIP of this family has no rule in this family's proxier.
    const other = ProxyView.find(view.nodePorts(p.port), p.port, p.protocol, true);
    const why = other
      ? `Service ${other.serviceKey} has NodePort ${p.port}/${p.protocol} but no ${familyOf(p.dst)} ClusterIP, so the ${familyOf(p.dst)} proxier has no rule for it`
      : `no Service has NodePort ${p.port}/${p.protocol}`;
    const explanation = `${p.addr} is an address of node ${node.meta.name} and ${why}: the packet reaches the node's own network stack`;
    return { kind: 'no-rule', reason: 'not-a-service-ip', explanation, evidence: other ? evidenceOf(view, other) : { slices: [] } };
  }
  if (view.inServiceCIDR(p.dst)) {
    // §5.4 "IP inside the service CIDR but not allocated".
    const rule =
      p.mode === 'nftables'
        ? `nftables' cluster-ips-check drops traffic to unallocated ClusterIPs`
        : 'iptables has no rule for it, so the packet is routed to the default gateway and usually times out';
    const explanation = `${p.dst} is inside the service CIDR but no Service holds it: ${rule}`;
    return { kind: 'drop', reason: 'unallocated-ip', symptom: 'timeout', explanation, evidence: { slices: [] } };
  }
  const [headless] = view.headlessAt(p.dst);
  if (headless) {
    const explanation = `${p.dst} is an endpoint of headless Service ${headless}: no kube-proxy rule and no port translation; the connection goes straight to ${p.addr}`;
    return { kind: 'no-rule', reason: 'headless', explanation, evidence: { service: headless, slices: view.sliceNames(headless) } };
  }
  const explanation = `${p.dst} is not a ClusterIP, externalIP, load-balancer IP or node address: kube-proxy does not touch it`;
  return { kind: 'no-rule', reason: 'not-a-service-ip', explanation, evidence: { slices: [] } };
}

/** A Service labelled service.kubernetes.io/service-proxy-name: another proxy's job (§5.1). */
function delegated(view: ProxyView, sp: ServicePortInfo, via: Via): RouteResult {
  const proxy = sp.service.meta.labels[SERVICE_PROXY_NAME_LABEL] ?? '';
  const explanation = `Service ${sp.serviceKey} has ${SERVICE_PROXY_NAME_LABEL}=${proxy}: kube-proxy ignores it and leaves it to that proxy, which kreach does not simulate`;
  return { kind: 'no-rule', reason: 'delegated', explanation, evidence: evidenceOf(view, sp), via };
}

/** The packet hit a rule: pick endpoints per traffic policy (§5.2, §5.3) or name the failure. */
function translate(view: ProxyView, sp: ServicePortInfo, via: Via, p: Packet, family: IPFamily): RouteResult {
  const base = { via, evidence: evidenceOf(view, sp) };
  const endpoints = view.endpoints(sp, family);
  // NodePort traffic is handled by the node owning the address, whoever sent it (§5.3).
  const nodeName = via === 'nodePort' ? view.nodeAt(p.dst)?.meta.name : p.client.node;
  const zone = (nodeName && view.node(nodeName)?.zone) || (nodeName === p.client.node ? p.client.zone : undefined);
  const proxyNode: ProxyNode = { nodeName, zone, preferSameNode: view.preferSameNode };
  const cat = categorizeEndpoints(endpoints, sp, proxyNode);
  const what = `${p.addr} → ${sp.key} (${describeVia(via, nodeName)})`;

  if (!cat.hasAnyEndpoints) {
    // §5.4 first row: REJECT in the filter table (iptables) / no-endpoint-* maps (nftables).
    const rule = p.mode === 'nftables' ? `rejected via the ${via === 'nodePort' ? 'no-endpoint-nodeports' : 'no-endpoint-services'} map` : 'iptables REJECTs it (icmp-port-unreachable)';
    const explanation = `${what}: no ready or serving-terminating endpoint (${endpoints.length} listed): ${rule}`;
    return { ...base, kind: 'reject', reason: 'no-endpoints', symptom: 'connection refused', explanation };
  }

  const firewall = sourceRangeCheck(sp, via, p, family);
  if (firewall.dropped) {
    return { ...base, kind: 'drop', reason: 'source-range', symptom: 'timeout', explanation: `${what}: ${firewall.dropped}` };
  }
  const sourceRange = firewall.note;

  const external = via !== 'clusterIP';
  // §5.3: with externalTrafficPolicy Local, pod traffic is short-circuited to the Cluster chain.
  const shortCircuited = external && sp.externalPolicyLocal && p.client.internal;
  const local = external ? sp.externalPolicyLocal && !p.client.internal : sp.internalPolicyLocal;
  const picked = local ? localEndpoints(endpoints, sp, proxyNode, cat) : { list: cat.cluster, fallback: cat.clusterTerminatingFallback };
  if (local && picked.list.length === 0) {
    // §5.4: DROP "has no local endpoints".
    const policy = external ? 'externalTrafficPolicy' : 'internalTrafficPolicy';
    const where = nodeName ? `node ${nodeName} has` : 'no node has';
    const explanation = `${what}: ${policy} Local and ${where} no usable local endpoint (endpoints on ${nodesOf(endpoints)}); the packet is dropped`;
    return { ...base, kind: 'drop', reason: 'no-local-endpoints', symptom: 'timeout', explanation };
  }

  const notes: PolicyNotes = {
    policy: local ? 'Local' : 'Cluster',
    ...(nodeName ? { node: nodeName } : {}),
    ...(!local && cat.topology ? { topology: cat.topology } : {}),
    terminatingFallback: picked.fallback,
    ...(sp.sessionAffinity ? { sessionAffinity: sp.sessionAffinity } : {}),
    shortCircuited,
    // External Cluster-policy traffic is marked for masquerade in KUBE-EXT; off-cluster sources of a
    // ClusterIP are masqueraded too (§5.3).
    masquerade: external ? !local && !shortCircuited : !p.client.internal,
    ...(sourceRange ? { sourceRange } : {}),
    ...(local && !nodeName ? { anyNode: true } : {}),
  };
  const candidates = picked.list.map(toCandidate);
  const explanation = `${what}: ${p.mode} DNATs to ${listOf(candidates)}${describeNotes(notes, zone)}`;
  return { ...base, kind: 'translated', servicePort: sp, candidates, notes, explanation };
}

/**
 * §5.3: an LB IP with loadBalancerSourceRanges (of the packet's family) goes through KUBE-FW, which
 * drops other sources. The check precedes short-circuiting, so pods outside the ranges are dropped
 * too; NodePorts and externalIPs are not subject to it.
 */
function sourceRangeCheck(sp: ServicePortInfo, via: Via, p: Packet, family: IPFamily): { note?: 'allowed' | 'unchecked'; dropped?: string } {
  const ranges = via === 'loadBalancer' ? sourceRangesFor(sp, family) : [];
  if (ranges.length === 0) return {};
  const src = p.client.ip === undefined ? undefined : normalizeIp(p.client.ip);
  if (src === undefined) return { note: 'unchecked' };
  if (ranges.some((c) => cidrContains(c, src))) return { note: 'allowed' };
  return { dropped: `source ${src} is outside loadBalancerSourceRanges ${ranges.map((c) => c.text).join(', ')}; the firewall chain drops it` };
}

/**
 * Local-policy endpoints. With the handling node unknown (an outside client of an LB or externalIP),
 * every node's local set counts: an externalTrafficPolicy Local LB only sends to nodes that pass
 * its healthCheckNodePort check, i.e. nodes with local endpoints (§5.3).
 */
function localEndpoints(
  endpoints: ProxyEndpoint[],
  sp: ServicePortInfo,
  node: ProxyNode,
  cat: CategorizedEndpoints,
): { list: ProxyEndpoint[]; fallback: boolean } {
  if (node.nodeName !== undefined) return { list: cat.local, fallback: cat.localTerminatingFallback };
  const names = [...new Set(endpoints.flatMap((e) => (e.nodeName ? [e.nodeName] : [])))];
  const perNode = names.map((nodeName) => categorizeEndpoints(endpoints, sp, { ...node, nodeName }));
  return { list: perNode.flatMap((c) => c.local), fallback: perNode.some((c) => c.localTerminatingFallback) };
}

function evidenceOf(view: ProxyView, sp: ServicePortInfo): Evidence {
  return { service: sp.serviceKey, servicePort: sp.key, slices: view.sliceNames(sp.serviceKey) };
}

function toCandidate(e: ProxyEndpoint): Candidate {
  return {
    ip: e.ip,
    port: e.port,
    ...(e.nodeName ? { nodeName: e.nodeName } : {}),
    ...(e.zone ? { zone: e.zone } : {}),
    ...(e.targetRef ? { targetRef: e.targetRef } : {}),
    slice: e.slice,
  };
}

function describeVia(via: Via, nodeName: string | undefined): string {
  if (via === 'nodePort') return `NodePort on ${nodeName ?? 'an unknown node'}`;
  return via === 'clusterIP' ? 'ClusterIP' : via === 'externalIP' ? 'externalIP' : 'load-balancer IP';
}

/** `10.0.0.1:8080`, or `one of 3 endpoints 10.0.0.1:8080, …` (random choice, §5.2). */
function listOf(candidates: Candidate[]): string {
  const shown = candidates.slice(0, 4).map((c) => formatHostPort(c.ip, c.port));
  if (candidates.length === 1) return shown.join('');
  return `one of ${candidates.length} endpoints ${shown.join(', ')}${candidates.length > shown.length ? ', …' : ''}`;
}

function nodesOf(endpoints: ProxyEndpoint[]): string {
  const names = [...new Set(endpoints.map((e) => e.nodeName ?? '(no node)'))];
  return names.length > 0 ? names.join(', ') : 'no node';
}

function describeNotes(n: PolicyNotes, zone: string | undefined): string {
  const parts = [
    n.policy === 'Local' ? (n.anyNode ? 'Local policy: local endpoints of every node' : `Local policy on ${n.node}`) : '',
    n.topology === 'PreferSameZone' ? `topology hints for zone ${zone}` : '',
    n.topology === 'PreferSameNode' ? `topology hints for node ${n.node}` : '',
    n.terminatingFallback ? 'none ready: using serving terminating endpoints' : '',
    n.shortCircuited ? 'pod traffic short-circuited to Cluster policy' : '',
    n.sessionAffinity ? `ClientIP affinity for ${n.sessionAffinity.timeoutSeconds}s` : '',
    n.sourceRange === 'unchecked' ? 'loadBalancerSourceRanges not checked (source unknown)' : '',
  ].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

/**
 * kube-proxy routing as rows: client, destination ip:port/proto, mode → result kind, endpoint
 * ip:ports, symptom. Expectations follow services.md §5.2–§5.4 and the packet-flow cases of
 * kubernetes/kubernetes pkg/proxy/iptables/proxier_test.go and pkg/proxy/nftables/proxier_test.go
 * (TestOverallIPTablesRules, TestInternalTrafficPolicy, TestExternalTrafficPolicy...,
 * TestLoadBalancerSourceRanges / "firewall" flows, TestNoEndpointsReject, cluster-ips-check).
 */
import { describe, expect, it } from 'vitest';
import { container, makeNode, makePod, makeService } from '../../test/fixtures.js';
import { Cluster } from '../cluster/cluster.js';
import { emptyManifests, type Node, type Pod, type Service } from '../model/index.js';
import type { RouteClient, RouteInput, RouteResult, Via } from './result.js';
import { route } from './route.js';
import { SERVICE_PROXY_NAME_LABEL } from './service-port.js';

function node(name: string, zone: string, ...addresses: string[]): Node {
  const n = makeNode(name, zone);
  n.addresses = addresses;
  return n;
}

/** A running pod on `nodeName` whose container port `http` is `port`. */
function pod(name: string, app: string, nodeName: string, ips: string[], tweak: (p: Pod) => void = () => {}, port = 8080): Pod {
  return makePod(name, (p) => {
    p.meta.labels = { app };
    p.nodeName = nodeName;
    p.podIPs = ips;
    p.containers = [container('main', [{ name: 'http', containerPort: port }])];
    tweak(p);
  });
}

/** A Service on 10.96.0.<n> port http 80 → targetPort `http`, selecting app=`app`. */
function svc(name: string, n: number, app: string, tweak: (s: Service) => void = () => {}): Service {
  return makeService(name, (s) => {
    s.clusterIPs = [`10.96.0.${n}`];
    s.selector = { app };
    s.ports = [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' }];
    tweak(s);
  });
}

function world(): Cluster {
  const manifests = emptyManifests();
  manifests.nodes = [
    node('node-1', 'zone-a', '172.18.0.2', 'fd00:18::2'),
    node('node-2', 'zone-b', '172.18.0.3'),
    node('node-3', 'zone-c', '172.18.0.4'),
  ];
  manifests.pods = [
    // Same named port `http`, different numbers: two slices, one port each (services.md §4.4).
    pod('web-1', 'web', 'node-1', ['10.244.1.1']),
    pod('web-2', 'web', 'node-2', ['10.244.2.1'], () => {}, 9090),
    pod('nr-1', 'nr', 'node-1', ['10.244.1.2'], (p) => (p.ready = false)),
    pod('old-1', 'old', 'node-1', ['10.244.1.3'], (p) => (p.meta.deletionTimestamp = '2026-07-01T00:00:00Z')),
    pod('old-2', 'old', 'node-2', ['10.244.2.3'], (p) => ((p.ready = false), (p.meta.deletionTimestamp = '2026-07-01T00:00:00Z'))),
    pod('dual-1', 'dual', 'node-1', ['10.244.1.5', 'fd00:10:244:1::5']),
  ];
  manifests.services = [
    svc('web', 100, 'web'),
    svc('empty', 101, 'nothing'),
    svc('notready', 102, 'nr'),
    svc('draining', 103, 'old'),
    svc('itp-local', 104, 'web', (s) => (s.internalTrafficPolicy = 'Local')),
    svc('np-local', 105, 'web', (s) => {
      s.type = 'NodePort';
      s.externalTrafficPolicy = 'Local';
      s.ports[0]!.nodePort = 30080;
    }),
    svc('np', 106, 'web', (s) => ((s.type = 'NodePort'), (s.externalTrafficPolicy = 'Cluster'), (s.ports[0]!.nodePort = 30081))),
    svc('lb', 107, 'web', (s) => {
      s.type = 'LoadBalancer';
      s.externalTrafficPolicy = 'Cluster';
      s.loadBalancerIngress = [{ ip: '203.0.113.10' }, { ip: '203.0.113.11', ipMode: 'Proxy' }];
    }),
    svc('lb-fw', 108, 'web', (s) => {
      s.type = 'LoadBalancer';
      s.externalTrafficPolicy = 'Cluster';
      s.loadBalancerIngress = [{ ip: '203.0.113.12' }];
      s.loadBalancerSourceRanges = ['198.51.100.0/24'];
      s.ports[0]!.nodePort = 30082;
    }),
    svc('sticky', 109, 'web', (s) => ((s.sessionAffinity = 'ClientIP'), (s.sessionAffinityTimeoutSeconds = 600))),
    svc('zonal', 110, 'web', (s) => (s.trafficDistribution = 'PreferClose')),
    svc('zonal-local', 111, 'web', (s) => ((s.trafficDistribution = 'PreferClose'), (s.internalTrafficPolicy = 'Local'))),
    svc('peers', 0, 'web', (s) => (s.clusterIPs = ['None'])),
    makeService('ext', (s) => ((s.type = 'ExternalName'), (s.clusterIPs = []), (s.ipFamilies = []), (s.externalName = 'db.example.com'))),
    svc('delegated', 112, 'web', (s) => (s.meta.labels[SERVICE_PROXY_NAME_LABEL] = 'other-proxy')),
    svc('dual', 113, 'dual', (s) => {
      s.clusterIPs = ['10.96.0.113', 'fd00:10:96::113'];
      s.ipFamilies = ['IPv4', 'IPv6'];
      s.ipFamilyPolicy = 'RequireDualStack';
    }),
    svc('extip', 114, 'web', (s) => ((s.externalIPs = ['192.0.2.50']), (s.externalTrafficPolicy = 'Local'))),
  ];
  return Cluster.fromManifests(manifests);
}

const podOn = (nodeName: string): RouteClient => ({ node: nodeName, internal: true });
const outside: RouteClient = { internal: false };
const from = (ip: string): RouteClient => ({ internal: false, ip });

/** The result as one line: kind, reason or endpoints, symptom. */
function describeResult(r: RouteResult): string {
  if (r.kind === 'translated') return `translated ${r.candidates.map((c) => `${c.ip}:${c.port}`).sort().join(' ')}`;
  if (r.kind === 'no-rule') return `no-rule ${r.reason}`;
  return `${r.kind} ${r.reason} ${r.symptom}`;
}

interface Row {
  name: string;
  client: RouteClient;
  dst: string;
  via?: Via;
  service?: string;
  mode?: 'iptables' | 'nftables';
  want: string;
}

const BOTH = 'translated 10.244.1.1:8080 10.244.2.1:9090';
const rows: Row[] = [
  // §5.3 ClusterIP: DNAT is the only port translation; each endpoint's port from its own slice.
  { name: 'ClusterIP 80 → per-pod named port 8080 / 9090', client: podOn('node-1'), dst: '10.96.0.100:80', want: BOTH },
  { name: 'ClusterIP, nftables: same translation', client: podOn('node-1'), dst: '10.96.0.100:80', mode: 'nftables', want: BOTH },
  { name: 'UDP to a TCP-only port is an unknown port', client: podOn('node-1'), dst: '10.96.0.100:80/UDP', want: 'drop unknown-port timeout' },
  // §5.1 ShouldSkipService.
  { name: 'headless by name → no rule', client: podOn('node-1'), dst: '10.244.1.1:80', service: 'peers', want: 'no-rule headless' },
  { name: 'headless endpoint IP dialled directly → no rule', client: podOn('node-1'), dst: '10.244.2.1:9090', want: 'no-rule headless' },
  { name: 'ExternalName by name → no rule', client: podOn('node-1'), dst: '10.0.0.1:80', service: 'ext', want: 'no-rule externalName' },
  { name: 'service-proxy-name label → delegated', client: podOn('node-1'), dst: '10.96.0.112:80', want: 'no-rule delegated' },
  // §5.4 no usable endpoints → REJECT; §5.2 fallback to serving+terminating.
  { name: 'no endpoints → refused (iptables)', client: podOn('node-1'), dst: '10.96.0.101:80', want: 'reject no-endpoints connection refused' },
  { name: 'no endpoints → refused (nftables)', client: podOn('node-1'), dst: '10.96.0.101:80', mode: 'nftables', want: 'reject no-endpoints connection refused' },
  { name: 'only not-ready endpoints → refused', client: podOn('node-1'), dst: '10.96.0.102:80', want: 'reject no-endpoints connection refused' },
  { name: 'only terminating: the serving one is used', client: podOn('node-3'), dst: '10.96.0.103:80', want: 'translated 10.244.1.3:8080' },
  // §5.4 internalTrafficPolicy Local.
  { name: 'iTP Local, client node has an endpoint', client: podOn('node-1'), dst: '10.96.0.104:80', want: 'translated 10.244.1.1:8080' },
  { name: 'iTP Local, client node has none → dropped', client: podOn('node-3'), dst: '10.96.0.104:80', want: 'drop no-local-endpoints timeout' },
  // §5.3 NodePort; eTP Local from outside vs from a pod (short-circuit).
  { name: 'NodePort eTP Local from outside, node with endpoint', client: outside, dst: '172.18.0.2:30080', want: 'translated 10.244.1.1:8080' },
  { name: 'NodePort eTP Local from outside, node without → dropped', client: outside, dst: '172.18.0.4:30080', want: 'drop no-local-endpoints timeout' },
  { name: 'NodePort eTP Local from a pod → Cluster policy', client: podOn('node-3'), dst: '172.18.0.4:30080', want: BOTH },
  { name: 'NodePort eTP Cluster from outside', client: outside, dst: '172.18.0.4:30081', want: BOTH },
  { name: 'NodePort with explicit via', client: outside, dst: '172.18.0.3:30081', via: 'nodePort', want: BOTH },
  { name: 'NodePort of a single-stack IPv4 Service on an IPv6 node address', client: outside, dst: '[fd00:18::2]:30081', want: 'no-rule not-a-service-ip' },
  { name: 'node address, no such NodePort', client: outside, dst: '172.18.0.2:31999', want: 'no-rule not-a-service-ip' },
  { name: 'ClusterIP port 80 via NodePort number on the ClusterIP is not captured', client: podOn('node-1'), dst: '10.96.0.106:30081', want: 'drop unknown-port timeout' },
  // §5.4 ClusterIP port not declared / unallocated IP: the proxy modes differ.
  { name: 'undeclared ClusterIP port, iptables → timeout', client: podOn('node-1'), dst: '10.96.0.100:81', want: 'drop unknown-port timeout' },
  { name: 'undeclared ClusterIP port, nftables → refused', client: podOn('node-1'), dst: '10.96.0.100:81', mode: 'nftables', want: 'reject unknown-port connection refused' },
  { name: 'unallocated service IP, nftables → dropped', client: podOn('node-1'), dst: '10.96.5.5:80', mode: 'nftables', want: 'drop unallocated-ip timeout' },
  { name: 'unallocated service IP, iptables → timeout', client: podOn('node-1'), dst: '10.96.5.5:80', want: 'drop unallocated-ip timeout' },
  { name: 'outside every Service range', client: podOn('node-1'), dst: '8.8.8.8:53/UDP', want: 'no-rule not-a-service-ip' },
  // §5.3 LoadBalancer: ipMode VIP captured, Proxy not; source ranges.
  { name: 'LB ingress ipMode VIP', client: outside, dst: '203.0.113.10:80', want: BOTH },
  { name: 'LB ingress ipMode Proxy → not captured', client: outside, dst: '203.0.113.11:80', want: 'no-rule not-a-service-ip' },
  { name: 'loadBalancerSourceRanges: source inside', client: from('198.51.100.7'), dst: '203.0.113.12:80', want: BOTH },
  { name: 'loadBalancerSourceRanges: source outside → dropped', client: from('192.0.2.1'), dst: '203.0.113.12:80', want: 'drop source-range timeout' },
  { name: 'loadBalancerSourceRanges do not apply to the NodePort', client: from('192.0.2.1'), dst: '172.18.0.2:30082', want: BOTH },
  { name: 'loadBalancerSourceRanges also filter pods (checked before short-circuit)', client: { ...podOn('node-1'), ip: '10.244.1.9' }, dst: '203.0.113.12:80', want: 'drop source-range timeout' },
  // externalIPs with eTP Local.
  { name: 'externalIP eTP Local arriving at node-2', client: { internal: false, node: 'node-2' }, dst: '192.0.2.50:80', want: 'translated 10.244.2.1:9090' },
  { name: 'externalIP eTP Local arriving at node-3 → dropped', client: { internal: false, node: 'node-3' }, dst: '192.0.2.50:80', want: 'drop no-local-endpoints timeout' },
  { name: 'externalIP eTP Local, node unknown: every node with local endpoints', client: outside, dst: '192.0.2.50:80', want: BOTH },
  { name: 'externalIP, port not exposed', client: outside, dst: '192.0.2.50:443', want: 'drop unknown-port timeout' },
  // §5.2 topology: hints (trafficDistribution PreferClose) for Cluster policy only.
  { name: 'hints: zone-a client gets zone-a endpoints', client: podOn('node-1'), dst: '10.96.0.110:80', want: 'translated 10.244.1.1:8080' },
  { name: 'hints: no endpoint hinted for zone-c → cluster-wide', client: podOn('node-3'), dst: '10.96.0.110:80', want: BOTH },
  { name: 'iTP Local overrides hints: local endpoint only', client: podOn('node-2'), dst: '10.96.0.111:80', want: 'translated 10.244.2.1:9090' },
  { name: 'iTP Local overrides hints: no local endpoint → dropped', client: podOn('node-3'), dst: '10.96.0.111:80', want: 'drop no-local-endpoints timeout' },
  // Dual-stack: each family has its own proxier.
  { name: 'dual-stack, IPv4 VIP → IPv4 endpoint', client: podOn('node-1'), dst: '10.96.0.113:80', want: 'translated 10.244.1.5:8080' },
  { name: 'dual-stack, IPv6 VIP → IPv6 endpoint', client: podOn('node-1'), dst: '[fd00:10:96::113]:80', want: 'translated fd00:10:244:1::5:8080' },
];

/** `10.96.0.100:80`, `[fd00::1]:80/UDP` → ip, port, protocol. */
function parseDst(text: string): Pick<RouteInput, 'dst' | 'port' | 'protocol'> {
  const m = /^\[?([^\]]+?)\]?:(\d+)(?:\/(TCP|UDP|SCTP))?$/.exec(text);
  if (!m) throw new Error(`bad row destination ${text}`);
  return { dst: m[1] ?? '', port: Number(m[2]), protocol: (m[3] as 'TCP' | 'UDP' | undefined) ?? 'TCP' };
}

describe('route', () => {
  const cluster = world();
  const run = (row: Row) =>
    route(cluster, {
      ...parseDst(row.dst),
      client: row.client,
      mode: row.mode ?? 'iptables',
      ...(row.via ? { via: row.via } : {}),
      ...(row.service ? { service: { namespace: 'default', name: row.service } } : {}),
    });

  it.each(rows)('$name', (row) => {
    const result = run(row);
    expect(describeResult(result), result.explanation).toBe(row.want);
    expect(result.explanation).not.toMatch(/\n/);
  });

  it('notes the terminating fallback, the topology filter, the short-circuit and session affinity', () => {
    const notes = (r: RouteResult) => (r.kind === 'translated' ? r.notes : undefined);
    expect(notes(run({ name: '', client: podOn('node-3'), dst: '10.96.0.103:80', want: '' }))?.terminatingFallback).toBe(true);
    expect(notes(run({ name: '', client: podOn('node-1'), dst: '10.96.0.110:80', want: '' }))?.topology).toBe('PreferSameZone');
    expect(notes(run({ name: '', client: podOn('node-3'), dst: '172.18.0.4:30080', want: '' }))).toMatchObject({
      shortCircuited: true,
      masquerade: false,
      policy: 'Cluster',
    });
    expect(notes(run({ name: '', client: outside, dst: '172.18.0.2:30080', want: '' }))).toMatchObject({ policy: 'Local', node: 'node-1', masquerade: false });
    expect(notes(run({ name: '', client: podOn('node-1'), dst: '10.96.0.109:80', want: '' }))?.sessionAffinity).toEqual({ timeoutSeconds: 600 });
    expect(notes(run({ name: '', client: outside, dst: '203.0.113.12:80', want: '' }))?.sourceRange).toBe('unchecked');
  });

  it('carries the Service, ServicePort and slice names as evidence, and the endpoint targets', () => {
    const result = run({ name: '', client: podOn('node-1'), dst: '10.96.0.100:80', want: '' });
    expect(result.evidence.service).toBe('default/web');
    expect(result.evidence.servicePort).toBe('default/web:http/TCP');
    expect(result.evidence.slices).toHaveLength(2);
    if (result.kind !== 'translated') throw new Error(result.explanation);
    expect(result.via).toBe('clusterIP');
    expect(result.candidates.map((c) => `${c.targetRef?.name}@${c.nodeName}/${c.zone}`).sort()).toEqual(['web-1@node-1/zone-a', 'web-2@node-2/zone-b']);
  });

  it('explains the mode-specific failures', () => {
    const nft = run({ name: '', client: podOn('node-1'), dst: '10.96.0.100:81', mode: 'nftables', want: '' });
    expect(nft.explanation).toMatch(/cluster-ips-check/);
    const ipt = run({ name: '', client: podOn('node-1'), dst: '10.96.0.100:81', want: '' });
    expect(ipt.explanation).toMatch(/default gateway/);
    const refused = run({ name: '', client: podOn('node-1'), dst: '10.96.0.101:80', mode: 'nftables', want: '' });
    expect(refused.explanation).toMatch(/no-endpoint-services/);
  });
});

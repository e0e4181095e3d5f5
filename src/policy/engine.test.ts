/**
 * PolicyEngine.evaluate as rows: from, to, port, expected outcome and the reason line that decides
 * it. Each row names the netpol.md section it checks and, where one exists, the upstream docs
 * example ("Network Policies" concept page) or e2e case (kubernetes/kubernetes
 * test/e2e/network/netpol/network_policy.go) it mirrors. Every row builds a cluster of the same pods
 * with only that row's policies.
 */
import { describe, expect, it } from 'vitest';
import { container, makePod } from '../../test/fixtures.js';
import type { NetworkPolicy, Pod, PolicyPeer, PolicyRule, Protocol } from '../model/index.js';
import { PolicyEngine } from './engine.js';
import { explainVerdict } from './explain.js';
import { ipBlock, makeNamespace, makePolicy, peer, policyCluster, port, rule, sel } from '../../test/policy-fixtures.js';
import type { Peer } from './types.js';

type PortSpec = Array<[string, number, Protocol?]>;

function pod(key: string, labels: string, ips: string, ports: PortSpec = [], tweak: (p: Pod) => void = () => {}): Pod {
  const [namespace = '', name = ''] = key.split('/');
  return makePod(
    name,
    (p) => {
      p.meta.labels = sel(labels).matchLabels;
      p.podIPs = ips.split(',');
      p.containers = [container('main', ports.map(([n, containerPort, protocol]) => ({ name: n, containerPort, protocol: protocol ?? 'TCP' })))];
      tweak(p);
    },
    namespace,
  );
}

const PODS = [
  pod('shop/frontend-1', 'app=frontend', '10.244.1.10'),
  pod('shop/api-1', 'app=api', '10.244.1.20', [['http', 8080], ['metrics', 9090]]),
  pod('shop/api-2', 'app=api,version=v2', '10.244.1.21', [['http', 9000]]),
  pod('shop/client', 'role=client', '10.244.1.50'),
  pod('shop/fake-dns', 'k8s-app=kube-dns', '10.244.1.53', [['dns', 53, 'UDP']]),
  pod('shop/dual', 'app=dual', '10.244.1.40,fd00:10:244::40'),
  pod('tools/client', 'app=client,role=client', '10.244.2.10'),
  pod('tools/debug', 'app=debug', '10.244.2.11'),
  pod('other/alice', 'role=client', '10.244.3.10'),
  pod('other/bob', 'app=bob', '10.244.3.11'),
  pod('kube-system/coredns-1', 'k8s-app=kube-dns', '10.244.0.53', [['dns', 53, 'UDP'], ['dns-tcp', 53, 'TCP'], ['metrics', 9153]]),
  pod('kube-system/agent', 'app=agent', '172.18.0.2', [['http', 8080]], (p) => (p.hostNetwork = true)),
];
const NAMESPACES = [makeNamespace('shop', { team: 'shop', env: 'prod' }), makeNamespace('tools', { team: 'tools' }), makeNamespace('other', { user: 'alice' })];

/** A policy in shop selecting `target` for ingress with these rules. */
const ingressTo = (name: string, target: string, ...rules: PolicyRule[]) =>
  makePolicy(name, (p) => ((p.podSelector = sel(target)), (p.ingress = rules)), 'shop');
/** A policy in shop selecting `target` for egress only with these rules. */
const egressFrom = (name: string, target: string, ...rules: PolicyRule[]) =>
  makePolicy(name, (p) => ((p.podSelector = sel(target)), (p.policyTypes = ['Egress']), (p.egress = rules)), 'shop');
const DENY_IN = makePolicy('default-deny-ingress', () => {}, 'shop');
const DENY_OUT = makePolicy('default-deny-egress', (p) => (p.policyTypes = ['Egress']), 'shop');
const fromFrontend = [peer({ pods: 'app=frontend' })];

/** `shop/api-1`, `shop/dual@fd00:10:244::40` (a pinned pod address) or an external IP. */
function peerOf(text: string, pods: Pod[]): Peer {
  const [key = '', ip] = text.split('@');
  if (!key.includes('/')) return { kind: 'external', ip: text };
  const found = pods.find((p) => `${p.meta.namespace}/${p.meta.name}` === key);
  if (!found) throw new Error(`row names unknown pod ${key}`);
  return ip === undefined ? { kind: 'pod', pod: found } : { kind: 'pod', pod: found, ip };
}

type Row = [name: string, policies: NetworkPolicy[], from: string, to: string, probe: string, expected: 'allowed' | 'denied' | 'undefined', why: string];

function check([, policies, from, to, probe, expected, why]: Row): void {
  const cluster = policyCluster(PODS, policies, NAMESPACES);
  const engine = new PolicyEngine(cluster);
  const [protocol, portText] = probe.split(' ') as [Protocol, string];
  const verdict = engine.evaluate(peerOf(from, cluster.pods()), peerOf(to, cluster.pods()), Number(portText), protocol);
  const lines = explainVerdict(verdict).join('\n');
  expect(verdict.allowed === 'undefined' ? 'undefined' : verdict.allowed ? 'allowed' : 'denied', lines).toBe(expected);
  expect(lines).toContain(why);
}

describe('isolation and defaults (netpol.md §2.2-§2.5)', () => {
  const rows: Row[] = [
    ['no policy: unisolated pods accept everything (§2.4)', [], 'shop/frontend-1', 'shop/api-1', 'TCP 8080', 'allowed', 'ingress allowed: shop/api-1 is not isolated for ingress'],
    ['no policy: egress unisolated too (§2.4)', [], 'shop/frontend-1', 'shop/api-1', 'TCP 8080', 'allowed', 'egress allowed: shop/frontend-1 is not isolated for egress'],
    ['docs "Default deny all ingress traffic"', [DENY_IN], 'shop/frontend-1', 'shop/api-1', 'TCP 8080', 'denied', 'ingress denied: shop/api-1 is isolated for ingress by shop/default-deny-ingress and no rule admits shop/frontend-1 on TCP 8080'],
    ['deny-all ingress leaves egress open (§2.4 per direction)', [DENY_IN], 'shop/api-1', 'tools/client', 'TCP 80', 'allowed', 'egress allowed: shop/api-1 is not isolated for egress'],
    ['a policy only selects pods of its own namespace (§2.2)', [makePolicy('deny', () => {}, 'tools')], 'shop/frontend-1', 'shop/api-1', 'TCP 8080', 'allowed', 'shop/api-1 is not isolated for ingress'],
    ['docs "Default deny all egress traffic"', [DENY_OUT], 'shop/frontend-1', 'shop/api-1', 'TCP 8080', 'denied', 'egress denied: shop/frontend-1 is isolated for egress by shop/default-deny-egress and no rule admits shop/api-1 on TCP 8080'],
    ['deny-all egress also blocks external destinations', [DENY_OUT], 'shop/frontend-1', '93.184.216.34', 'TCP 443', 'denied', 'ingress not checked: 93.184.216.34 is outside the cluster'],
    ['docs "Allow all ingress traffic": ingress [{}] beside deny-all (§2.4 union)', [DENY_IN, ingressTo('allow-all', '', rule())], 'tools/client', 'shop/api-1', 'TCP 8080', 'allowed', 'ingress allowed by shop/allow-all spec.ingress[0] (from: any peer; ports: all)'],
    ['ingress [{}] admits external sources too (§2.5)', [ingressTo('allow-all', '', rule())], '203.0.113.7', 'shop/api-1', 'UDP 5000', 'allowed', 'egress not checked: 203.0.113.7 is outside the cluster'],
    ['egress rules without policyTypes isolate ingress as well (§2.3)', [makePolicy('egress-only', (p) => (p.egress = [rule()]), 'shop')], 'shop/frontend-1', 'shop/api-1', 'TCP 8080', 'denied', 'isolated for ingress by shop/egress-only'],
    ['rule with from absent: every source, external included (§2.5, np-guard t21)', [ingressTo('any-src', 'app=api', rule(undefined, [port(8080)]))], '203.0.113.7', 'shop/api-1', 'TCP 8080', 'allowed', 'spec.ingress[0] (from: any peer; ports: TCP 8080)'],
    ['rule with from: [] means the same as absent (§2.5)', [ingressTo('empty-from', 'app=api', rule([], [port(8080)]))], 'other/bob', 'shop/api-1', 'TCP 8080', 'allowed', 'shop/empty-from spec.ingress[0] (from: any peer; ports: TCP 8080)'],
    ['rule with from absent still checks ports', [ingressTo('any-src', 'app=api', rule(undefined, [port(8080)]))], 'other/bob', 'shop/api-1', 'TCP 8081', 'denied', 'no rule admits other/bob on TCP 8081'],
    ['ports: [] matches every port and protocol (§2.5)', [ingressTo('fe', 'app=api', rule(fromFrontend, []))], 'shop/frontend-1', 'shop/api-1', 'SCTP 7777', 'allowed', '(from: podSelector app=frontend; ports: all)'],
    ['both sides must agree: egress allows, ingress denies (§2.4)', [DENY_IN, egressFrom('out', 'app=frontend', rule())], 'shop/frontend-1', 'shop/api-1', 'TCP 8080', 'denied', 'TCP 8080 from shop/frontend-1 to shop/api-1: denied (ingress)'],
    ['both sides must agree: ingress allows, egress denies (§2.4)', [DENY_OUT, ingressTo('in', 'app=api', rule())], 'shop/frontend-1', 'shop/api-1', 'TCP 8080', 'denied', 'denied (egress)'],
    ['multiple policies union (§2.4): second policy admits', [ingressTo('a', 'app=api', rule(fromFrontend, [port(8080)])), ingressTo('b', 'app=api', rule([peer({ ns: 'team=tools' })], [port(9090)]))], 'tools/client', 'shop/api-1', 'TCP 9090', 'allowed', 'ingress allowed by shop/b spec.ingress[0]'],
    ['multiple policies union: neither admits, both listed', [ingressTo('a', 'app=api', rule(fromFrontend, [port(8080)])), ingressTo('b', 'app=api', rule([peer({ ns: 'team=tools' })], [port(9090)]))], 'shop/frontend-1', 'shop/api-1', 'TCP 9090', 'denied', 'isolated for ingress by shop/a, shop/b and no rule'],
    ['policy selecting other pods has no effect (§2.2)', [ingressTo('db-only', 'app=db')], 'shop/frontend-1', 'shop/api-1', 'TCP 8080', 'allowed', 'not isolated'],
  ];
  it.each(rows)('%s', (...row) => check(row));
});

describe('peers: podSelector, namespaceSelector, AND vs OR (§2.6)', () => {
  const and = ingressTo('and', 'app=api', rule([peer({ ns: 'user=alice', pods: 'role=client' })]));
  const or = ingressTo('or', 'app=api', rule([peer({ ns: 'user=alice' }), peer({ pods: 'role=client' })]));
  const rows: Row[] = [
    ['podSelector alone: same namespace as the policy', [ingressTo('p', 'app=api', rule([peer({ pods: 'role=client' })]))], 'shop/client', 'shop/api-1', 'TCP 8080', 'allowed', '(from: podSelector role=client; ports: all)'],
    ['podSelector alone: a matching pod elsewhere does not count', [ingressTo('p', 'app=api', rule([peer({ pods: 'role=client' })]))], 'tools/client', 'shop/api-1', 'TCP 8080', 'denied', 'no rule admits tools/client'],
    ['namespaceSelector alone: every pod of matching namespaces', [ingressTo('n', 'app=api', rule([peer({ ns: 'team=tools' })]))], 'tools/debug', 'shop/api-1', 'TCP 8080', 'allowed', '(from: namespaceSelector team=tools; ports: all)'],
    ['namespaceSelector alone: own namespace only if it matches', [ingressTo('n', 'app=api', rule([peer({ ns: 'team=tools' })]))], 'shop/frontend-1', 'shop/api-1', 'TCP 8080', 'denied', 'no rule admits shop/frontend-1'],
    ['docs alice/client AND: both in one peer', [and], 'other/alice', 'shop/api-1', 'TCP 8080', 'allowed', '(from: namespaceSelector user=alice and podSelector role=client; ports: all)'],
    ['docs alice/client AND: namespace matches, pod does not', [and], 'other/bob', 'shop/api-1', 'TCP 8080', 'denied', 'no rule admits other/bob'],
    ['docs alice/client AND: pod matches, namespace does not', [and], 'tools/client', 'shop/api-1', 'TCP 8080', 'denied', 'no rule admits tools/client'],
    ['docs alice/client OR: namespace alone suffices', [or], 'other/bob', 'shop/api-1', 'TCP 8080', 'allowed', '(from: namespaceSelector user=alice; ports: all)'],
    ['docs alice/client OR: podSelector peer is the policy namespace', [or], 'shop/client', 'shop/api-1', 'TCP 8080', 'allowed', '(from: podSelector role=client; ports: all)'],
    ['docs alice/client OR: role=client in a third namespace is not admitted', [or], 'tools/client', 'shop/api-1', 'TCP 8080', 'denied', 'no rule admits tools/client'],
    ['kubernetes.io/metadata.name selects a namespace by name', [ingressTo('n', 'app=api', rule([peer({ ns: 'kubernetes.io/metadata.name=tools' })]))], 'tools/debug', 'shop/api-1', 'TCP 8080', 'allowed', 'namespaceSelector kubernetes.io/metadata.name=tools'],
    ['namespaceSelector {}: every namespace (§2.6)', [ingressTo('n', 'app=api', rule([peer({ ns: '' })]))], 'other/bob', 'shop/api-1', 'TCP 8080', 'allowed', '(from: namespaceSelector {}; ports: all)'],
    ['namespaceSelector {} never matches an external IP (§2.6)', [ingressTo('n', 'app=api', rule([peer({ ns: '' })]))], '203.0.113.7', 'shop/api-1', 'TCP 8080', 'denied', 'no rule admits 203.0.113.7'],
    ['matchExpressions: NotIn also matches a pod without the key (§2.6)', [ingressTo('x', 'app=api', rule([peer({ pods: 'app!=frontend' })]))], 'shop/client', 'shop/api-1', 'TCP 8080', 'allowed', 'podSelector app!=frontend'],
    ['matchExpressions: NotIn excludes the value', [ingressTo('x', 'app=api', rule([peer({ pods: 'app!=frontend' })]))], 'shop/frontend-1', 'shop/api-1', 'TCP 8080', 'denied', 'no rule admits shop/frontend-1'],
  ];
  it.each(rows)('%s', (...row) => check(row));
});

describe('ipBlock (§2.6), pod IPs included (§1 takeaway 4)', () => {
  const blockIn = (...block: Parameters<typeof ipBlock>) => [ingressTo('ip', 'app=api', rule([ipBlock(...block)]))];
  const egressTo = (...peers: PolicyPeer[]) => [DENY_OUT, egressFrom('out', 'app=frontend', rule(peers))];
  const rows: Row[] = [
    ['external source inside cidr', blockIn('203.0.113.0/24'), '203.0.113.7', 'shop/api-1', 'TCP 8080', 'allowed', '(from: ipBlock 203.0.113.0/24; ports: all)'],
    ['external source outside cidr', blockIn('203.0.113.0/24'), '198.51.100.1', 'shop/api-1', 'TCP 8080', 'denied', 'no rule admits 198.51.100.1'],
    ['except removes part of the cidr', blockIn('203.0.113.0/24', '203.0.113.0/28'), '203.0.113.7', 'shop/api-1', 'TCP 8080', 'denied', 'no rule admits 203.0.113.7'],
    ['host bits set: the cidr means its network (§2.6)', blockIn('203.0.113.99/24'), '203.0.113.7', 'shop/api-1', 'TCP 8080', 'allowed', 'ipBlock 203.0.113.99/24'],
    ['a pod IP inside an ingress cidr matches the pod', blockIn('10.244.1.0/24'), 'shop/frontend-1', 'shop/api-1', 'TCP 8080', 'allowed', 'ipBlock 10.244.1.0/24'],
    ['e2e "should allow egress access to server in CIDR block": a /32 of the server pod', egressTo(ipBlock('10.244.1.20/32')), 'shop/frontend-1', 'shop/api-1', 'TCP 8080', 'allowed', 'egress allowed by shop/out spec.egress[0] (to: ipBlock 10.244.1.20/32; ports: all)'],
    ['e2e "should enforce except clause while egress access to server in CIDR block"', egressTo(ipBlock('10.244.1.0/24', '10.244.1.20/32')), 'shop/frontend-1', 'shop/api-1', 'TCP 8080', 'denied', 'egress denied: shop/frontend-1 is isolated for egress by shop/default-deny-egress, shop/out and no rule admits shop/api-1'],
    ['… the rest of that cidr stays allowed', egressTo(ipBlock('10.244.1.0/24', '10.244.1.20/32')), 'shop/frontend-1', 'shop/api-2', 'TCP 8080', 'allowed', 'egress allowed by shop/out'],
    ['e2e "should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed": ipBlocks OR, each with its own except', egressTo(ipBlock('10.244.1.0/24', '10.244.1.20/32'), ipBlock('10.244.1.20/32')), 'shop/frontend-1', 'shop/api-1', 'TCP 8080', 'allowed', '(to: ipBlock 10.244.1.20/32; ports: all)'],
    ['IPv6 external source inside cidr', blockIn('2001:db8::/32', '2001:db8:1::/48'), '2001:db8::5', 'shop/api-1', 'TCP 8080', 'allowed', 'ipBlock 2001:db8::/32 except 2001:db8:1::/48'],
    ['IPv6 except', blockIn('2001:db8::/32', '2001:db8:1::/48'), '2001:db8:1::5', 'shop/api-1', 'TCP 8080', 'denied', 'no rule admits 2001:db8:1::5'],
    ['an IPv4 address never matches an IPv6 block', blockIn('::/0'), '203.0.113.7', 'shop/api-1', 'TCP 8080', 'denied', 'no rule admits'],
    ['dual-stack pod: any of its addresses may match', blockIn('fd00:10:244::/64'), 'shop/dual', 'shop/api-1', 'TCP 8080', 'allowed', 'ipBlock fd00:10:244::/64'],
    ['dual-stack pod pinned to its IPv4 address', blockIn('fd00:10:244::/64'), 'shop/dual@10.244.1.40', 'shop/api-1', 'TCP 8080', 'denied', 'no rule admits shop/dual'],
    ['invalid cidr matches nothing', blockIn('not-a-cidr'), '203.0.113.7', 'shop/api-1', 'TCP 8080', 'denied', 'no rule admits'],
    ['egress to an external IP allowed by 0.0.0.0/0 except the cluster', [DENY_OUT, egressFrom('web', 'app=frontend', rule([ipBlock('0.0.0.0/0', '10.0.0.0/8')], [port(443)]))], 'shop/frontend-1', '93.184.216.34', 'TCP 443', 'allowed', 'egress allowed by shop/web spec.egress[0] (to: ipBlock 0.0.0.0/0 except 10.0.0.0/8; ports: TCP 443)'],
    ['egress to a pod inside the except', [DENY_OUT, egressFrom('web', 'app=frontend', rule([ipBlock('0.0.0.0/0', '10.0.0.0/8')], [port(443)]))], 'shop/frontend-1', 'shop/api-1', 'TCP 443', 'denied', 'no rule admits shop/api-1 on TCP 443'],
    ['egress to the external IP on another port', [DENY_OUT, egressFrom('web', 'app=frontend', rule([ipBlock('0.0.0.0/0', '10.0.0.0/8')], [port(443)]))], 'shop/frontend-1', '93.184.216.34', 'TCP 80', 'denied', 'no rule admits 93.184.216.34 on TCP 80'],
  ];
  it.each(rows)('%s', (...row) => check(row));
});

describe('ports, protocols, named ports, endPort (§2.7)', () => {
  const named = ingressTo('named', 'app=api', rule(fromFrontend, [port('http')]));
  const egressNamed = [DENY_OUT, egressFrom('named-out', 'app=frontend', rule([peer({ pods: 'app=api' })], [port('http')]))];
  const rows: Row[] = [
    ['named port resolves on api-1 to 8080', [named], 'shop/frontend-1', 'shop/api-1', 'TCP 8080', 'allowed', '(from: podSelector app=frontend; ports: TCP http = 8080 on shop/api-1)'],
    ['same name resolves on api-2 to 9000, so 8080 is denied there', [named], 'shop/frontend-1', 'shop/api-2', 'TCP 8080', 'denied', 'no rule admits shop/frontend-1 on TCP 8080'],
    ['… and 9000 is allowed on api-2', [named], 'shop/frontend-1', 'shop/api-2', 'TCP 9000', 'allowed', 'TCP http = 9000 on shop/api-2'],
    ['egress named port resolves on the destination pod (§1 takeaway 3)', egressNamed, 'shop/frontend-1', 'shop/api-2', 'TCP 9000', 'allowed', 'egress allowed by shop/named-out spec.egress[0] (to: podSelector app=api; ports: TCP http = 9000 on shop/api-2)'],
    ['egress named port: 9000 is not http on api-1', egressNamed, 'shop/frontend-1', 'shop/api-1', 'TCP 9000', 'denied', 'egress denied'],
    ['named port must match the protocol too', [ingressTo('udp-http', 'app=api', rule(fromFrontend, [port('http', 'UDP')]))], 'shop/frontend-1', 'shop/api-1', 'UDP 8080', 'denied', 'no rule admits'],
    ['named port never matches an external destination (§2.7)', [DENY_OUT, egressFrom('ext', 'app=frontend', rule([ipBlock('0.0.0.0/0')], [port('https')]))], 'shop/frontend-1', '93.184.216.34', 'TCP 443', 'denied', 'no rule admits 93.184.216.34'],
    ['ingress named port resolves on the selected pod even from an ipBlock (aws#81)', [ingressTo('ip-named', 'app=api', rule([ipBlock('203.0.113.0/24')], [port('metrics')]))], '203.0.113.7', 'shop/api-1', 'TCP 9090', 'allowed', 'TCP metrics = 9090 on shop/api-1'],
    ['endPort: upper bound included', [ingressTo('range', 'app=api', rule(fromFrontend, [port(8000, 'TCP', 8080)]))], 'shop/frontend-1', 'shop/api-1', 'TCP 8080', 'allowed', 'ports: TCP 8000-8080'],
    ['endPort: one past the range', [ingressTo('range', 'app=api', rule(fromFrontend, [port(8000, 'TCP', 8080)]))], 'shop/frontend-1', 'shop/api-1', 'TCP 8081', 'denied', 'no rule admits'],
    ['endPort: one below the range', [ingressTo('range', 'app=api', rule(fromFrontend, [port(8000, 'TCP', 8080)]))], 'shop/frontend-1', 'shop/api-1', 'TCP 7999', 'denied', 'no rule admits'],
    ['UDP 53 does not admit TCP 53', [ingressTo('udp', 'app=api', rule(fromFrontend, [port(53, 'UDP')]))], 'shop/frontend-1', 'shop/api-1', 'TCP 53', 'denied', 'no rule admits shop/frontend-1 on TCP 53'],
    ['UDP 53 admits UDP 53', [ingressTo('udp', 'app=api', rule(fromFrontend, [port(53, 'UDP')]))], 'shop/frontend-1', 'shop/api-1', 'UDP 53', 'allowed', 'ports: UDP 53'],
    ['e2e "should not mistakenly treat \'protocol: SCTP\' as \'protocol: TCP\'"', [ingressTo('sctp', 'app=api', rule(fromFrontend, [port(8080, 'SCTP')]))], 'shop/frontend-1', 'shop/api-1', 'TCP 8080', 'denied', 'no rule admits'],
    ['protocol without port: every port of it (§2.5)', [ingressTo('all-udp', 'app=api', rule(fromFrontend, [port(undefined, 'UDP')]))], 'shop/frontend-1', 'shop/api-1', 'UDP 9999', 'allowed', 'ports: UDP all'],
    ['protocol without port: other protocols still closed', [ingressTo('all-udp', 'app=api', rule(fromFrontend, [port(undefined, 'UDP')]))], 'shop/frontend-1', 'shop/api-1', 'TCP 9999', 'denied', 'no rule admits'],
    ['absent protocol means TCP (converter default, §2.5)', [ingressTo('tcp', 'app=api', rule(fromFrontend, [port(8080)]))], 'shop/frontend-1', 'shop/api-1', 'TCP 8080', 'allowed', 'ports: TCP 8080'],
  ];
  it.each(rows)('%s', (...row) => check(row));
});

describe('DNS egress (§2.8): UDP and TCP 53 to kube-dns pods in kube-system', () => {
  const dns = egressFrom('allow-dns', '', rule([peer({ ns: 'kubernetes.io/metadata.name=kube-system', pods: 'k8s-app=kube-dns' })], [port(53, 'UDP'), port(53, 'TCP')]));
  const rows: Row[] = [
    ['UDP 53 to coredns', [DENY_OUT, dns], 'shop/frontend-1', 'kube-system/coredns-1', 'UDP 53', 'allowed', 'egress allowed by shop/allow-dns spec.egress[0] (to: namespaceSelector kubernetes.io/metadata.name=kube-system and podSelector k8s-app=kube-dns; ports: UDP 53)'],
    ['TCP 53 to coredns (truncated answers)', [DENY_OUT, dns], 'shop/frontend-1', 'kube-system/coredns-1', 'TCP 53', 'allowed', 'ports: TCP 53)'],
    ['metrics port of coredns stays closed', [DENY_OUT, dns], 'shop/frontend-1', 'kube-system/coredns-1', 'TCP 9153', 'denied', 'egress denied: shop/frontend-1 is isolated for egress by shop/allow-dns, shop/default-deny-egress'],
    ['a kube-dns-labelled pod outside kube-system is not DNS', [DENY_OUT, dns], 'shop/frontend-1', 'shop/fake-dns', 'UDP 53', 'denied', 'no rule admits shop/fake-dns on UDP 53'],
    ['external resolvers are not covered', [DENY_OUT, dns], 'shop/frontend-1', '8.8.8.8', 'UDP 53', 'denied', 'no rule admits 8.8.8.8 on UDP 53'],
  ];
  it.each(rows)('%s', (...row) => check(row));
});

describe('undefined cases (§1 takeaway 5, §2.9)', () => {
  const rows: Row[] = [
    ['a pod to itself is undefined, even under deny-all', [DENY_IN, DENY_OUT], 'shop/api-1', 'shop/api-1', 'TCP 8080', 'undefined', 'undefined: shop/api-1 is connecting to itself'],
    ['hostNetwork source: undefined; read as node traffic, selectors do not match it', [ingressTo('ns-all', 'app=api', rule([peer({ ns: '' })]))], 'kube-system/agent', 'shop/api-1', 'TCP 8080', 'undefined', 'ingress denied: shop/api-1 is isolated for ingress by shop/ns-all and no rule admits kube-system/agent'],
    ['hostNetwork source: an ipBlock of the node address matches it', [ingressTo('nodes', 'app=api', rule([ipBlock('172.18.0.0/16')]))], 'kube-system/agent', 'shop/api-1', 'TCP 8080', 'undefined', 'ingress allowed by shop/nodes spec.ingress[0]'],
    ['hostNetwork destination: its ingress is undefined', [makePolicy('deny', () => {}, 'kube-system')], 'shop/frontend-1', 'kube-system/agent', 'TCP 8080', 'undefined', 'ingress undefined: kube-system/agent uses hostNetwork; whether its policies apply is undefined, selected by kube-system/deny'],
  ];
  it.each(rows)('%s', (...row) => check(row));
});

describe('policiesSelecting', () => {
  it('lists the policies of the pod namespace that select it for a direction, by name', () => {
    const policies = [DENY_OUT, ingressTo('b', 'app=api'), ingressTo('a', 'app=api'), ingressTo('db', 'app=db'), makePolicy('tools-all', () => {}, 'tools')];
    const engine = new PolicyEngine(policyCluster(PODS, policies, NAMESPACES));
    const api = PODS[1] as Pod;
    expect(engine.policiesSelecting(api, 'ingress').map((p) => p.meta.name)).toEqual(['a', 'b']);
    expect(engine.policiesSelecting(api, 'egress').map((p) => p.meta.name)).toEqual(['default-deny-egress']);
  });
});

/**
 * PolicyEngine.allowedPorts: per pair, the (protocol → port intervals) a connectivity matrix prints
 * (netpol.md §2.10). Rows give the policies and the expected set; a final check samples ports and
 * protocols to confirm that allowedPorts and evaluate always agree.
 */
import { describe, expect, it } from 'vitest';
import { container, makePod } from '../../test/fixtures.js';
import type { NetworkPolicy, Pod, PolicyRule } from '../model/index.js';
import { PolicyEngine } from './engine.js';
import { ipBlock, makePolicy, peer, policyCluster, port, rule, sel } from '../../test/policy-fixtures.js';
import { POLICY_PROTOCOLS } from './port-set.js';
import type { Peer } from './types.js';

const shopPod = (name: string, labels: string, ip: string, ports: Array<[string, number]> = []) =>
  makePod(
    name,
    (p) => {
      p.meta.labels = sel(labels).matchLabels;
      p.podIPs = [ip];
      p.containers = [container('main', ports.map(([n, containerPort]) => ({ name: n, containerPort })))];
    },
    'shop',
  );

const FRONTEND = shopPod('frontend', 'app=frontend', '10.244.1.10');
const API1 = shopPod('api-1', 'app=api', '10.244.1.20', [['http', 8080]]);
const API2 = shopPod('api-2', 'app=api', '10.244.1.21', [['http', 9000]]);
const PODS = [FRONTEND, API1, API2];
const pod = (p: Pod): Peer => ({ kind: 'pod', pod: p });
const EXTERNAL: Peer = { kind: 'external', ip: '93.184.216.34' };

const ingressTo = (name: string, ...rules: PolicyRule[]) => makePolicy(name, (p) => ((p.podSelector = sel('app=api')), (p.ingress = rules)), 'shop');
const egressOf = (name: string, ...rules: PolicyRule[]) =>
  makePolicy(name, (p) => ((p.podSelector = sel('app=frontend')), (p.policyTypes = ['Egress']), (p.egress = rules)), 'shop');
const fromFrontend = [peer({ pods: 'app=frontend' })];

type Row = [name: string, policies: NetworkPolicy[], from: Peer, to: Peer, expected: string];
const rows: Row[] = [
  ['no policies: everything', [], pod(FRONTEND), pod(API1), 'all'],
  ['deny-all ingress: nothing', [ingressTo('deny')], pod(FRONTEND), pod(API1), 'none'],
  [
    'union of rules and policies (§2.4)',
    [ingressTo('web', rule(fromFrontend, [port(80), port(443), port(8000, 'TCP', 8080)])), ingressTo('dns', rule(fromFrontend, [port(53, 'UDP')]))],
    pod(FRONTEND),
    pod(API1),
    'TCP 80,443,8000-8080; UDP 53',
  ],
  ['rule whose peers do not match adds nothing', [ingressTo('other', rule([peer({ pods: 'app=db' })], [port(80)]))], pod(FRONTEND), pod(API1), 'none'],
  ['named port resolved on api-1', [ingressTo('named', rule(fromFrontend, [port('http')]))], pod(FRONTEND), pod(API1), 'TCP 8080'],
  ['named port resolved on api-2', [ingressTo('named', rule(fromFrontend, [port('http')]))], pod(FRONTEND), pod(API2), 'TCP 9000'],
  ['protocol without port', [ingressTo('udp', rule(fromFrontend, [port(undefined, 'UDP')]))], pod(FRONTEND), pod(API1), 'UDP all'],
  [
    'egress and ingress intersect (§2.4)',
    [egressOf('out', rule(undefined, [port(1, 'TCP', 9000)])), ingressTo('in', rule(undefined, [port(8080), port(9090)]))],
    pod(FRONTEND),
    pod(API1),
    'TCP 8080',
  ],
  ['egress to an external address', [egressOf('out', rule([ipBlock('0.0.0.0/0', '10.0.0.0/8')], [port(443)]))], pod(FRONTEND), EXTERNAL, 'TCP 443'],
  ['named port never opens an external destination (§2.7)', [egressOf('out', rule([ipBlock('0.0.0.0/0')], [port('https')]))], pod(FRONTEND), EXTERNAL, 'none'],
  ['from an external address', [ingressTo('ext', rule([ipBlock('93.184.216.0/24')], [port(8080)]))], EXTERNAL, pod(API1), 'TCP 8080'],
];

describe('PolicyEngine.allowedPorts', () => {
  it.each(rows)('%s', (_name, policies, from, to, expected) => {
    const engine = new PolicyEngine(policyCluster(PODS, policies));
    expect(engine.allowedPorts(from, to).toString()).toBe(expected);
  });

  it.each(rows)('agrees with evaluate on sampled ports: %s', (_name, policies, from, to) => {
    const engine = new PolicyEngine(policyCluster(PODS, policies));
    const set = engine.allowedPorts(from, to);
    for (const protocol of POLICY_PROTOCOLS) {
      for (const p of [1, 52, 53, 54, 80, 443, 7999, 8000, 8080, 8081, 9000, 9090, 65535]) {
        const allowed = engine.evaluate(from, to, p, protocol).allowed;
        expect(allowed, `${protocol} ${p}`).toBe(set.has(protocol, p));
      }
    }
  });
});

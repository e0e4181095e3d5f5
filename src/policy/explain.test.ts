/**
 * Message texts: how peers, port entries and matched rules are worded, and the full explanation of
 * a verdict (summary, undefined case, one line per direction), using the wording of the policy
 * engine's spec examples.
 */
import { describe, expect, it } from 'vitest';
import { container, makePod } from '../../test/fixtures.js';
import type { PolicyPeer, PolicyPort } from '../model/index.js';
import { PolicyEngine } from './engine.js';
import { explainVerdict, formatPeer, formatPolicyPort } from './explain.js';
import { ipBlock, makePolicy, peer, policyCluster, port, rule, sel } from '../../test/policy-fixtures.js';

describe('formatPeer (netpol.md §2.6)', () => {
  const rows: Array<[PolicyPeer, string]> = [
    [peer({ pods: 'app=api' }), 'podSelector app=api'],
    [peer({ ns: '' }), 'namespaceSelector {}'],
    [peer({ ns: 'team=a', pods: 'app=api,tier in (web,db)' }), 'namespaceSelector team=a and podSelector app=api,tier in (db,web)'],
    [ipBlock('10.0.0.0/8', '10.1.0.0/16', '10.2.0.0/16'), 'ipBlock 10.0.0.0/8 except 10.1.0.0/16,10.2.0.0/16'],
    [ipBlock('2001:db8::/32'), 'ipBlock 2001:db8::/32'],
    [{}, 'empty peer'],
  ];
  it.each(rows)('%j → %s', (p, text) => expect(formatPeer(p)).toBe(text));
});

describe('formatPolicyPort (netpol.md §2.7)', () => {
  const rows: Array<[PolicyPort, string]> = [
    [port(8080), 'TCP 8080'],
    [port(53, 'UDP'), 'UDP 53'],
    [port(8000, 'TCP', 8080), 'TCP 8000-8080'],
    [port(8080, 'TCP', 8080), 'TCP 8080'],
    [port(undefined, 'SCTP'), 'SCTP all'],
    [port('http'), 'TCP http'],
  ];
  it.each(rows)('%j → %s', (p, text) => expect(formatPolicyPort(p)).toBe(text));
});

describe('explainVerdict', () => {
  const frontend = makePod('frontend-xxx', (p) => ((p.meta.labels = { app: 'frontend' }), (p.podIPs = ['10.244.1.10'])), 'shop');
  const api = makePod('api', (p) => ((p.meta.labels = { app: 'api' }), (p.podIPs = ['10.244.1.20']), (p.containers = [container('c', [{ name: 'http', containerPort: 8080 }])])), 'shop');
  const policies = [
    makePolicy('default-deny', () => {}, 'shop'),
    makePolicy('allow-api', (p) => ((p.podSelector = sel('app=frontend')), (p.policyTypes = ['Egress']), (p.egress = [rule([peer({ pods: 'app=api' })], [port(8080)])])), 'shop'),
  ];
  const engine = new PolicyEngine(policyCluster([frontend, api], policies));

  it('egress admitted by a rule, ingress denied by isolation', () => {
    expect(explainVerdict(engine.evaluate({ kind: 'pod', pod: frontend }, { kind: 'pod', pod: api }, 8080, 'TCP'))).toEqual([
      'TCP 8080 from shop/frontend-xxx to shop/api: denied (ingress)',
      'egress allowed by shop/allow-api spec.egress[0] (to: podSelector app=api; ports: TCP 8080)',
      'ingress denied: shop/api is isolated for ingress by shop/default-deny and no rule admits shop/frontend-xxx on TCP 8080',
    ]);
  });

  it('external source, unisolated egress', () => {
    expect(explainVerdict(engine.evaluate({ kind: 'pod', pod: api }, { kind: 'external', ip: '2001:db8::1' }, 443, 'TCP'))).toEqual([
      'TCP 443 from shop/api to 2001:db8::1: allowed',
      'egress allowed: shop/api is not isolated for egress (no policy in its namespace selects it for egress)',
      'ingress not checked: 2001:db8::1 is outside the cluster and has no policies of its own',
    ]);
  });

  it('self traffic is undefined and says so before the direction lines', () => {
    const lines = explainVerdict(engine.evaluate({ kind: 'pod', pod: api }, { kind: 'pod', pod: api }, 8080, 'TCP'));
    expect(lines[0]).toBe('TCP 8080 from shop/api to shop/api: undefined');
    expect(lines[1]).toMatch(/^undefined: shop\/api is connecting to itself; .*netpol\.md §2\.9/);
    expect(lines).toHaveLength(4);
  });

  it('a named port shows the number it resolved to on the destination pod', () => {
    const named = makePolicy('named', (p) => ((p.podSelector = sel('app=api')), (p.ingress = [rule(undefined, [port('http')])])), 'shop');
    const e = new PolicyEngine(policyCluster([frontend, api], [named]));
    expect(explainVerdict(e.evaluate({ kind: 'pod', pod: frontend }, { kind: 'pod', pod: api }, 8080, 'TCP'))[2]).toBe(
      'ingress allowed by shop/named spec.ingress[0] (from: any peer; ports: TCP http = 8080 on shop/api)',
    );
  });
});

/**
 * Single questions as packet-flow rows: from, to, port, the expected verdict, and the line of the
 * explanation that decides it (the deciding policy and rule). Ends are named the ways users name
 * them: `ns/pod`, `ns/kind/name` with kubectl's short kind names, an IP address.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Cluster } from '../cluster/cluster.js';
import { loadCluster } from '../load.js';
import type { Protocol } from '../model/index.js';
import { PolicyEngine } from '../policy/index.js';
import { resolveEnd } from './endpoints.js';
import { ask, type Answer } from './question.js';
import { renderAnswerText } from './render-question.js';

const SHOP = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: frontend}}
  template:
    metadata: {labels: {app: frontend}}
    spec: {containers: [{name: c, image: i}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 5353, protocol: UDP}]}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  replicas: 1
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: tools, labels: {app: debug}}
spec: {containers: [{name: c, image: i}]}
status: {podIP: 10.244.9.9}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec: {podSelector: {}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-from-frontend, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: frontend}}}]
    ports: [{port: http}]
  - from: [{ipBlock: {cidr: 203.0.113.0/24}}]
    ports: [{port: 8080}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: api}}}]
    ports: [{port: 5432}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: frontend-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: frontend}}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {app: api}}}]
  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]
    ports: [{port: 443}]
`;

let cluster: Cluster;
let engine: PolicyEngine;
beforeAll(async () => {
  cluster = await loadCluster({ files: ['-'], stdin: SHOP });
  engine = new PolicyEngine(cluster);
});

function answer(from: string, to: string, port: number | string, protocol: Protocol = 'TCP'): Answer {
  const [a, b] = [resolveEnd(cluster, from, 'default'), resolveEnd(cluster, to, 'default')];
  if (!a.ok || !b.ok) throw new Error(`row names an unknown end: ${!a.ok ? a.message : ''} ${!b.ok ? b.message : ''}`);
  const asked = ask(engine, a.end, b.end, port, protocol);
  if (!asked.ok) throw new Error(asked.message);
  return asked.answer;
}

type Row = [from: string, to: string, probe: string, expected: 'allowed' | 'denied' | 'undefined', why: string];
const rows: Row[] = [
  ['shop/deploy/frontend', 'shop/deployment/api', 'TCP 8080', 'allowed', 'ingress allowed by shop/api-from-frontend spec.ingress[0] (from: podSelector app=frontend; ports: TCP http = 8080 on shop/api-'],
  ['shop/deploy/frontend', 'shop/deploy/api', 'TCP http', 'allowed', 'egress allowed by shop/frontend-egress spec.egress[0] (to: podSelector app=api; ports: all)'],
  ['shop/deploy/frontend', 'shop/deploy/api', 'TCP 9090', 'denied', 'and no rule admits shop/frontend-'],
  ['shop/deploy/frontend', 'shop/sts/db', 'TCP 5432', 'denied', 'egress denied: shop/frontend-'],
  ['shop/deploy/api', 'shop/statefulset/db', 'TCP 5432', 'allowed', 'ingress allowed by shop/db-from-api spec.ingress[0] (from: podSelector app=api; ports: TCP 5432)'],
  ['shop/deploy/api', 'shop/db-0', 'UDP 5432', 'denied', 'isolated for ingress by shop/db-from-api, shop/default-deny'],
  ['shop/deploy/frontend', '93.184.216.34', 'TCP 443', 'allowed', 'egress allowed by shop/frontend-egress spec.egress[1] (to: ipBlock 0.0.0.0/0 except 10.0.0.0/8; ports: TCP 443)'],
  ['shop/deploy/frontend', '10.1.2.3', 'TCP 443', 'denied', 'egress denied: shop/frontend-'],
  ['203.0.113.7', 'shop/deploy/api', 'TCP 8080', 'allowed', 'ingress allowed by shop/api-from-frontend spec.ingress[1] (from: ipBlock 203.0.113.0/24; ports: TCP 8080)'],
  ['198.51.100.1', 'shop/deploy/api', 'TCP 8080', 'denied', 'no rule admits 198.51.100.1 on TCP 8080'],
  ['tools/debug', 'shop/deploy/api', 'TCP 8080', 'denied', 'no rule admits tools/debug on TCP 8080'],
  ['10.244.9.9', 'shop/deploy/api', 'TCP 8080', 'denied', 'no rule admits tools/debug on TCP 8080'],
  ['shop/deploy/api', 'tools/pod/debug', 'UDP 53', 'allowed', 'ingress allowed: tools/debug is not isolated for ingress'],
  ['shop/deploy/api', 'shop/deploy/api', 'UDP dns', 'denied', 'isolated for ingress by shop/api-from-frontend, shop/default-deny'],
  ['shop/db-0', 'shop/sts/db', 'TCP 5432', 'undefined', 'undefined: shop/db-0 is connecting to itself'],
];

describe('ask: packet-flow rows', () => {
  it.each(rows)('%s -> %s %s: %s', (from, to, probe, expected, why) => {
    const [protocol, portText] = probe.split(' ') as [Protocol, string];
    const a = answer(from, to, /^\d+$/.test(portText) ? Number(portText) : portText, protocol);
    const text = renderAnswerText(a);
    expect(a.allowed === 'undefined' ? 'undefined' : a.allowed ? 'allowed' : 'denied', text).toBe(expected);
    expect(text).toContain(why);
  });

  it('counts pod pairs and groups those decided alike', () => {
    const a = answer('shop/deploy/frontend', 'shop/deploy/api', 8080);
    expect(a.counts).toEqual({ allowed: 4, denied: 0, undefined: 0 });
    expect(a.outcomes).toHaveLength(1);
    expect(renderAnswerText(a).split('\n')[0]).toBe('shop/frontend[Deployment] => shop/api[Deployment] over TCP 8080: allowed (4 pod pairs)');
  });

  it('a workload to itself: replica pairs decide, self pairs are reported undefined', () => {
    const a = answer('shop/deploy/api', 'shop/deploy/api', 8080);
    expect(a.counts).toEqual({ allowed: 0, denied: 2, undefined: 2 });
    expect(a.outcomes.map((g) => g.allowed)).toEqual([false, 'undefined']);
  });

  it.each([
    ['a port name no destination pod declares', 'shop/deploy/frontend', 'shop/sts/db', 'http', /port name "http" \(TCP\) is not declared by shop\/db-0/],
    ['a port name towards an address', 'shop/deploy/frontend', '1.2.3.4', 'http', /needs a destination pod/],
    ['two addresses', '1.2.3.4', '5.6.7.8', 80, /both outside the cluster/],
  ])('refuses %s', (_name, from, to, port, message) => {
    const [a, b] = [resolveEnd(cluster, from, 'default'), resolveEnd(cluster, to, 'default')];
    if (!a.ok || !b.ok) throw new Error('ends should resolve');
    const asked = ask(engine, a.end, b.end, port, 'TCP');
    expect(asked.ok ? '' : asked.message).toMatch(message);
  });
});

describe('resolveEnd', () => {
  it.each([
    ['shop/db-0', 'shop/db-0[Pod]'],
    ['shop/pod/db-0', 'shop/db-0[Pod]'],
    ['shop/po/db-0', 'shop/db-0[Pod]'],
    ['shop/deploy/api', 'shop/api[Deployment]'],
    ['shop/Deployment/api', 'shop/api[Deployment]'],
    ['shop/sts/db', 'shop/db[StatefulSet]'],
    ['10.244.9.9', 'tools/debug[Pod]'],
    ['2001:db8::1', '2001:db8::1[External]'],
  ])('%s → %s', (text, label) => {
    const r = resolveEnd(cluster, text, 'default');
    expect(r.ok ? r.end.label : r.message).toBe(label);
  });

  it('a bare name and kind/name use the namespace given', () => {
    const pod = resolveEnd(cluster, 'db-0', 'shop');
    const sts = resolveEnd(cluster, 'sts/db', 'shop');
    expect([pod.ok && pod.end.label, sts.ok && sts.end.label]).toEqual(['shop/db-0[Pod]', 'shop/db[StatefulSet]']);
  });

  it.each([
    ['shop/deploy/apii', /Deployment "shop\/apii" not found; close matches: shop\/deployment\/api/],
    ['shop/frontend', /pod "shop\/frontend" not found; close matches: (?=.*shop\/frontend-\w+-\w+)(?=.*shop\/deployment\/frontend)/],
    ['shop/widget/api', /unknown kind "widget".*deployment \(deploy\)/],
    ['shop/deploy/zzzzzzzzzz', /no pod or workload has a similar name/],
    ['a/b/c/d', /is not a pod \(ns\/pod\), a workload/],
  ])('%s: %s', (text, message) => {
    const r = resolveEnd(cluster, text, 'default');
    expect(r.ok ? '' : r.message).toMatch(message);
  });
});

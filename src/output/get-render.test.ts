import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import type { Endpoint, EndpointSlice, NetworkPolicy, Node } from '../model/index.js';
import { container, makeNode, makePod, makeService } from '../../test/fixtures.js';
import { renderName, renderObjects, renderTable, type TableOptions } from './get-render.js';
import { SIMULATED_ANNOTATION, toKubeList, toKubeObject } from './kube-objects.js';

const lines = (...rows: string[]): string => rows.map((row) => `${row}\n`).join('');

const services = [
  makeService('web', (s) => (s.allocated = { clusterIPs: true, nodePorts: false })),
  makeService(
    'db',
    (s) => {
      s.clusterIPs = ['None'];
      s.ports = [{ name: '', protocol: 'TCP', port: 5432, targetPort: 5432 }];
      s.selector = { tier: 'db', app: 'pg' };
    },
    'data',
  ),
  makeService('api', (s) => {
    s.type = 'NodePort';
    s.ports = [
      { name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 },
      { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53, nodePort: 30053 },
    ];
    s.allocated = { clusterIPs: true, nodePorts: true };
  }),
  makeService('lb', (s) => {
    s.type = 'LoadBalancer';
    s.loadBalancerIngress = [{ hostname: 'a1b2c3d4.elb.example.com' }];
    s.externalIPs = ['192.0.2.1'];
  }),
  makeService('ext', (s) => {
    s.type = 'ExternalName';
    s.clusterIPs = [];
    s.ipFamilies = [];
    s.externalName = 'db.example.com';
    s.selector = null;
    s.ports = [];
  }),
];

const pods = [
  makePod('web-abc', (p) => {
    p.assumed = ['object', 'status', 'ip', 'node'];
    p.owner = { kind: 'Deployment', name: 'web' };
  }),
  makePod('web-def', (p) => {
    p.ready = false;
    p.phase = 'Pending';
    p.podIPs = [];
    delete p.nodeName;
    p.initContainers = [container('proxy', [], 'Always'), container('init', [])];
  }),
  makePod(
    'db-0',
    (p) => {
      p.meta.deletionTimestamp = '2024-05-01T10:00:00Z';
      p.podIPs = ['10.244.1.7'];
      p.nodeName = 'node-2';
    },
    'data',
  ),
];

const readyEndpoint = (ip: string, ready = true): Endpoint => ({ addresses: [ip], ready, serving: ready, terminating: false });
const slices: EndpointSlice[] = [
  {
    meta: { name: 'web-x2b4f', namespace: 'default', labels: {}, annotations: {} },
    serviceName: 'web',
    addressType: 'IPv4',
    ports: [
      { name: 'http', port: 8080, protocol: 'TCP' },
      { name: 'metrics', port: 9090, protocol: 'TCP' },
    ],
    endpoints: ['10.244.0.1', '10.244.0.2', '10.244.0.3', '10.244.0.4', '10.244.0.5'].map((ip) => readyEndpoint(ip)),
    origin: 'derived',
  },
  {
    meta: { name: 'db-7kq2p', namespace: 'data', labels: {}, annotations: {} },
    serviceName: 'db',
    addressType: 'IPv6',
    ports: [],
    endpoints: [],
    origin: 'observed',
  },
  {
    meta: { name: 'legacy-abcde', namespace: 'default', labels: {}, annotations: {} },
    serviceName: 'legacy',
    addressType: 'IPv4',
    ports: [1, 2, 3, 4].map((n) => ({ name: `p${n}`, port: n, protocol: 'TCP' as const })),
    endpoints: [readyEndpoint('192.0.2.1')],
    origin: 'mirrored',
  },
];

const nodes: Node[] = [
  makeNode('node-1', 'zone-a'),
  { ...makeNode('node-2'), addresses: ['172.18.0.3'], simulated: true },
];

function makePolicy(name: string, tweak: (policy: NetworkPolicy) => void = () => {}): NetworkPolicy {
  const policy: NetworkPolicy = {
    meta: { name, namespace: 'default', labels: {}, annotations: {} },
    podSelector: { matchLabels: {}, matchExpressions: [] },
    policyTypes: ['Ingress'],
    ingress: [],
    egress: [],
  };
  tweak(policy);
  return policy;
}

const policies = [
  makePolicy('deny'),
  makePolicy('allow-api', (p) => {
    p.podSelector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }] };
    p.policyTypes = ['Ingress', 'Egress'];
  }),
];

const TEXT: TableOptions = {};
const WIDE: TableOptions = { wide: true };
const ALL: TableOptions = { allNamespaces: true };
const ALL_WIDE: TableOptions = { allNamespaces: true, wide: true };

describe('renderTable: services', () => {
  it.each([
    {
      mode: 'text',
      options: TEXT,
      expected: lines(
        'NAME   TYPE           CLUSTER-IP    EXTERNAL-IP                  PORT(S)',
        'web    ClusterIP      10.96.0.100   <none>                       80/TCP',
        'db     ClusterIP      None          <none>                       5432/TCP',
        'api    NodePort       10.96.0.100   <none>                       80:30080/TCP,53:30053/UDP',
        'lb     LoadBalancer   10.96.0.100   a1b2c3d4.elb....,192.0.2.1   80/TCP',
        'ext    ExternalName   <none>        db.example.com               <none>',
      ),
    },
    {
      mode: 'wide',
      options: WIDE,
      expected: lines(
        'NAME   TYPE           CLUSTER-IP    EXTERNAL-IP                          PORT(S)                     SELECTOR         SIMULATED',
        'web    ClusterIP      10.96.0.100   <none>                               80/TCP                      app=web          clusterIPs',
        'db     ClusterIP      None          <none>                               5432/TCP                    app=pg,tier=db   -',
        'api    NodePort       10.96.0.100   <none>                               80:30080/TCP,53:30053/UDP   app=web          clusterIPs,nodePorts',
        'lb     LoadBalancer   10.96.0.100   a1b2c3d4.elb.example.com,192.0.2.1   80/TCP                      app=web          -',
        'ext    ExternalName   <none>        db.example.com                       <none>                      <none>           -',
      ),
    },
    {
      mode: '-A',
      options: ALL,
      expected: lines(
        'NAMESPACE   NAME   TYPE           CLUSTER-IP    EXTERNAL-IP                  PORT(S)',
        'default     web    ClusterIP      10.96.0.100   <none>                       80/TCP',
        'data        db     ClusterIP      None          <none>                       5432/TCP',
        'default     api    NodePort       10.96.0.100   <none>                       80:30080/TCP,53:30053/UDP',
        'default     lb     LoadBalancer   10.96.0.100   a1b2c3d4.elb....,192.0.2.1   80/TCP',
        'default     ext    ExternalName   <none>        db.example.com               <none>',
      ),
    },
  ])('$mode', ({ options, expected }) => {
    expect(renderTable('services', services, options)).toBe(expected);
  });

  it('shows <pending> for a LoadBalancer without ingress', () => {
    const lb = makeService('lb', (s) => (s.type = 'LoadBalancer'));
    expect(renderTable('services', [lb])).toContain('<pending>');
  });

  it('adds ENDPOINTS (ready ip:port, as kubectl get endpoints) when given a slice lookup', () => {
    const lookup = (_ns: string, name: string): EndpointSlice[] =>
      name === 'web'
        ? [{ ...(slices[0] as EndpointSlice), endpoints: [readyEndpoint('10.244.0.1'), readyEndpoint('10.244.0.9', false)] }]
        : name === 'db'
          ? [{ ...(slices[1] as EndpointSlice), endpoints: [readyEndpoint('fd00::7')] }]
          : [];
    const table = renderTable('services', services.slice(0, 3), { sliceLookup: lookup });
    expect(table).toBe(
      lines(
        'NAME   TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)                     ENDPOINTS',
        'web    ClusterIP   10.96.0.100   <none>        80/TCP                      10.244.0.1:8080,10.244.0.1:9090',
        'db     ClusterIP   None          <none>        5432/TCP                    fd00::7',
        'api    NodePort    10.96.0.100   <none>        80:30080/TCP,53:30053/UDP   <none>',
      ),
    );
  });
});

describe('renderTable: pods', () => {
  it.each([
    {
      mode: 'text',
      options: TEXT,
      expected: lines(
        'NAME      READY   STATUS        IP           NODE',
        'web-abc   1/1     Running       10.244.0.1   node-1',
        'web-def   0/2     Pending       <none>       <none>',
        'db-0      1/1     Terminating   10.244.1.7   node-2',
      ),
    },
    {
      mode: 'wide',
      options: WIDE,
      expected: lines(
        'NAME      READY   STATUS        IP           NODE     OWNER            ASSUMED',
        'web-abc   1/1     Running       10.244.0.1   node-1   Deployment/web   object,status,ip,node',
        'web-def   0/2     Pending       <none>       <none>   <none>           -',
        'db-0      1/1     Terminating   10.244.1.7   node-2   <none>           -',
      ),
    },
    {
      mode: '-A wide',
      options: ALL_WIDE,
      expected: lines(
        'NAMESPACE   NAME      READY   STATUS        IP           NODE     OWNER            ASSUMED',
        'default     web-abc   1/1     Running       10.244.0.1   node-1   Deployment/web   object,status,ip,node',
        'default     web-def   0/2     Pending       <none>       <none>   <none>           -',
        'data        db-0      1/1     Terminating   10.244.1.7   node-2   <none>           -',
      ),
    },
  ])('$mode', ({ options, expected }) => {
    expect(renderTable('pods', pods, options)).toBe(expected);
  });
});

describe('renderTable: endpointslices', () => {
  it.each([
    {
      mode: 'text',
      options: TEXT,
      expected: lines(
        'NAME           ADDRESSTYPE   PORTS               ENDPOINTS',
        'web-x2b4f      IPv4          8080,9090           10.244.0.1,10.244.0.2,10.244.0.3 + 2 more...',
        'db-7kq2p       IPv6          <unset>             <unset>',
        'legacy-abcde   IPv4          1,2,3 + 1 more...   192.0.2.1',
      ),
    },
    {
      mode: 'wide',
      options: WIDE,
      expected: lines(
        'NAME           ADDRESSTYPE   PORTS               ENDPOINTS                                      SERVICE   ORIGIN',
        'web-x2b4f      IPv4          8080,9090           10.244.0.1,10.244.0.2,10.244.0.3 + 2 more...   web       derived',
        'db-7kq2p       IPv6          <unset>             <unset>                                        db        observed',
        'legacy-abcde   IPv4          1,2,3 + 1 more...   192.0.2.1                                      legacy    mirrored',
      ),
    },
    {
      mode: '-A',
      options: ALL,
      expected: lines(
        'NAMESPACE   NAME           ADDRESSTYPE   PORTS               ENDPOINTS',
        'default     web-x2b4f      IPv4          8080,9090           10.244.0.1,10.244.0.2,10.244.0.3 + 2 more...',
        'data        db-7kq2p       IPv6          <unset>             <unset>',
        'default     legacy-abcde   IPv4          1,2,3 + 1 more...   192.0.2.1',
      ),
    },
  ])('$mode', ({ options, expected }) => {
    expect(renderTable('endpointslices', slices, options)).toBe(expected);
  });
});

describe('renderTable: nodes', () => {
  it.each([
    { mode: 'text', options: TEXT, expected: lines('NAME     ZONE     INTERNAL-IP', 'node-1   zone-a   <none>', 'node-2   <none>   172.18.0.3') },
    {
      mode: 'wide',
      options: WIDE,
      expected: lines('NAME     ZONE     INTERNAL-IP   SIMULATED', 'node-1   zone-a   <none>        -', 'node-2   <none>   172.18.0.3    yes'),
    },
    // Nodes are cluster-scoped: -A adds no NAMESPACE column.
    {
      mode: '-A wide',
      options: ALL_WIDE,
      expected: lines('NAME     ZONE     INTERNAL-IP   SIMULATED', 'node-1   zone-a   <none>        -', 'node-2   <none>   172.18.0.3    yes'),
    },
  ])('$mode', ({ options, expected }) => {
    expect(renderTable('nodes', nodes, options)).toBe(expected);
  });
});

describe('renderTable: networkpolicies', () => {
  it.each([
    { mode: 'text', options: TEXT, expected: lines('NAME        POD-SELECTOR', 'deny        <none>', 'allow-api   app=web,env in (dev,prod)') },
    {
      mode: 'wide',
      options: WIDE,
      expected: lines(
        'NAME        POD-SELECTOR                POLICY-TYPES',
        'deny        <none>                      Ingress',
        'allow-api   app=web,env in (dev,prod)   Ingress,Egress',
      ),
    },
    {
      mode: '-A',
      options: ALL,
      expected: lines(
        'NAMESPACE   NAME        POD-SELECTOR',
        'default     deny        <none>',
        'default     allow-api   app=web,env in (dev,prod)',
      ),
    },
  ])('$mode', ({ options, expected }) => {
    expect(renderTable('networkpolicies', policies, options)).toBe(expected);
  });

  it('prints nothing for no objects (the caller says "No resources found")', () => {
    expect(renderTable('networkpolicies', [], WIDE)).toBe('');
  });
});

describe('renderName', () => {
  it.each([
    { name: 'service', actual: () => renderName('services', makeService('web')), expected: 'service/web' },
    { name: 'pod', actual: () => renderName('pods', makePod('web-abc')), expected: 'pod/web-abc' },
    { name: 'endpointslice', actual: () => renderName('endpointslices', slices[0] as EndpointSlice), expected: 'endpointslice.discovery.k8s.io/web-x2b4f' },
    { name: 'node', actual: () => renderName('nodes', makeNode('node-1')), expected: 'node/node-1' },
    { name: 'networkpolicy', actual: () => renderName('networkpolicies', makePolicy('deny')), expected: 'networkpolicy.networking.k8s.io/deny' },
  ])('$name', ({ actual, expected }) => {
    expect(actual()).toBe(expected);
  });
});

describe('renderObjects', () => {
  const expectedItems = pods.map((pod) => toKubeObject('pods', pod));

  it('prints a List of several objects, in JSON with kubectl’s 4-space indent', () => {
    const text = renderObjects('pods', pods, 'json');
    expect(text).toMatch(/^\{\n {4}"apiVersion": "v1",\n {4}"kind": "List",/);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(toKubeList(expectedItems));
  });

  it('prints a List in YAML that parses back to the same objects', () => {
    const text = renderObjects('pods', pods, 'yaml');
    expect(parseAllDocuments(text)).toHaveLength(1);
    expect(parse(text)).toEqual(toKubeList(expectedItems));
    // kubectl style: sequences are not indented under their key.
    expect(text).toContain('\nitems:\n- apiVersion: v1\n');
  });

  it.each(['json', 'yaml'] as const)('prints a named object alone (%s)', (format) => {
    const text = renderObjects('pods', pods.slice(0, 1), format, { single: true });
    expect(parse(text)).toEqual(expectedItems[0]);
    expect(parse(text).metadata.annotations[SIMULATED_ANNOTATION]).toBe('object,status,ip,node');
  });

  it('prints an empty List for no objects', () => {
    expect(parse(renderObjects('services', [], 'yaml'))).toEqual({ apiVersion: 'v1', kind: 'List', items: [] });
  });

  it('quotes strings a YAML 1.1 reader (kubectl) would take for booleans, and never folds lines', () => {
    const annotations = { flag: 'yes', other: 'on', long: 'x '.repeat(80).trim() };
    const svc = makeService('web', (s) => (s.meta.annotations = annotations));
    const text = renderObjects('services', [svc], 'yaml', { single: true });
    expect(text).toContain('flag: "yes"');
    expect(text).toContain('other: "on"');
    expect(text).toContain(`long: ${annotations.long}\n`);
    expect(parse(text)).toEqual(toKubeObject('services', svc));
  });

  it('fills the owning Service uid of derived slices from the context', () => {
    const text = renderObjects('endpointslices', slices.slice(0, 1), 'json', { single: true, context: { serviceUid: () => 'uid-9' } });
    expect(JSON.parse(text).metadata.ownerReferences[0]).toMatchObject({ kind: 'Service', name: 'web', uid: 'uid-9' });
  });

  it.each([
    { resource: 'services' as const, objects: services },
    { resource: 'nodes' as const, objects: nodes },
    { resource: 'networkpolicies' as const, objects: policies },
  ])('round-trips $resource through YAML and JSON', ({ resource, objects }) => {
    const expected = toKubeList(objects.map((obj) => toKubeObject(resource, obj as never)));
    expect(parse(renderObjects(resource, objects as never, 'yaml'))).toEqual(expected);
    expect(JSON.parse(renderObjects(resource, objects as never, 'json'))).toEqual(expected);
  });
});

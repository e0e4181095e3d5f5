import { describe, expect, it } from 'vitest';
import type { EndpointSlice, NetworkPolicy } from '../model/index.js';
import { container, makeNode, makePod, makeService } from '../../test/fixtures.js';
import { SIMULATED_ANNOTATION, resolveResource, toKubeList, toKubeObject, type GetResource } from './kube-objects.js';

function makeSlice(tweak: (slice: EndpointSlice) => void = () => {}): EndpointSlice {
  const slice: EndpointSlice = {
    meta: { name: 'web-x2b4f', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' }, annotations: {} },
    serviceName: 'web',
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints: [
      {
        addresses: ['10.244.0.1'],
        ready: true,
        serving: true,
        terminating: false,
        nodeName: 'node-1',
        zone: 'zone-a',
        targetRef: { kind: 'Pod', namespace: 'default', name: 'web-abc' },
        hints: { forZones: ['zone-a'], forNodes: ['node-1'] },
      },
    ],
    origin: 'derived',
  };
  tweak(slice);
  return slice;
}

function makePolicy(tweak: (policy: NetworkPolicy) => void = () => {}): NetworkPolicy {
  const policy: NetworkPolicy = {
    meta: { name: 'deny', namespace: 'default', labels: {}, annotations: {} },
    podSelector: { matchLabels: {}, matchExpressions: [] },
    policyTypes: ['Ingress'],
    ingress: [],
    egress: [],
  };
  tweak(policy);
  return policy;
}

describe('toKubeObject: Service', () => {
  it('writes the defaulted spec and marks allocated values', () => {
    const svc = makeService('web', (s) => {
      s.type = 'NodePort';
      s.ports = [
        { name: '', protocol: 'TCP', port: 80, targetPort: 'http', nodePort: 30080 },
        { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53, appProtocol: 'dns' },
      ];
      s.sessionAffinity = 'ClientIP';
      s.externalTrafficPolicy = 'Local';
      s.healthCheckNodePort = 32000;
      s.publishNotReadyAddresses = true;
      s.externalIPs = ['192.0.2.10'];
      s.allocated = { clusterIPs: true, nodePorts: true };
      s.meta.uid = 'svc-uid';
    });
    expect(toKubeObject('services', svc)).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default', uid: 'svc-uid', annotations: { [SIMULATED_ANNOTATION]: 'clusterIPs,nodePorts' } },
      spec: {
        type: 'NodePort',
        clusterIP: '10.96.0.100',
        clusterIPs: ['10.96.0.100'],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        selector: { app: 'web' },
        ports: [
          { protocol: 'TCP', port: 80, targetPort: 'http', nodePort: 30080 },
          { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53, appProtocol: 'dns' },
        ],
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
        externalTrafficPolicy: 'Local',
        internalTrafficPolicy: 'Cluster',
        publishNotReadyAddresses: true,
        externalIPs: ['192.0.2.10'],
        healthCheckNodePort: 32000,
      },
      status: { loadBalancer: {} },
    });
  });

  it.each([
    {
      name: 'headless keeps None',
      tweak: (s: ReturnType<typeof makeService>) => (s.clusterIPs = ['None']),
      spec: { clusterIP: 'None', clusterIPs: ['None'] },
    },
    {
      name: 'ExternalName has no cluster IP or families',
      tweak: (s: ReturnType<typeof makeService>) => {
        s.type = 'ExternalName';
        s.clusterIPs = [];
        s.ipFamilies = [];
        s.externalName = 'db.example.com';
      },
      spec: { clusterIP: undefined, clusterIPs: undefined, ipFamilies: undefined, externalName: 'db.example.com' },
    },
    {
      name: 'selector-less has no selector',
      tweak: (s: ReturnType<typeof makeService>) => (s.selector = null),
      spec: { selector: undefined },
    },
  ])('$name', ({ tweak, spec }) => {
    const obj = toKubeObject('services', makeService('web', tweak));
    expect(obj.spec).toMatchObject(Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)));
    for (const [key, value] of Object.entries(spec)) if (value === undefined) expect(obj.spec).not.toHaveProperty(key);
  });

  it('writes load-balancer fields and status ingress', () => {
    const svc = makeService('lb', (s) => {
      s.type = 'LoadBalancer';
      s.loadBalancerIP = '198.51.100.7';
      s.loadBalancerSourceRanges = ['203.0.113.0/24'];
      s.allocateLoadBalancerNodePorts = false;
      s.loadBalancerIngress = [{ ip: '198.51.100.7', ipMode: 'VIP' }, { hostname: 'lb.example.com' }];
    });
    const obj = toKubeObject('services', svc);
    expect(obj.spec).toMatchObject({
      loadBalancerIP: '198.51.100.7',
      loadBalancerSourceRanges: ['203.0.113.0/24'],
      allocateLoadBalancerNodePorts: false,
    });
    expect(obj.status).toEqual({ loadBalancer: { ingress: [{ ip: '198.51.100.7', ipMode: 'VIP' }, { hostname: 'lb.example.com' }] } });
  });
});

describe('toKubeObject: Pod', () => {
  it('lists what was assumed and names the owner workload', () => {
    const pod = makePod('web-abc', (p) => {
      p.assumed = ['object', 'status', 'ip', 'node'];
      p.owner = { kind: 'Deployment', name: 'web' };
      p.hostname = 'web-0';
      p.subdomain = 'web';
      p.initContainers = [container('proxy', [{ containerPort: 15001 }], 'Always')];
      p.podIPs = ['10.244.0.1', 'fd00::1'];
    });
    expect(toKubeObject('pods', pod)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web-abc',
        namespace: 'default',
        labels: { app: 'web' },
        annotations: { [SIMULATED_ANNOTATION]: 'object,status,ip,node' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', controller: true }],
      },
      spec: {
        nodeName: 'node-1',
        hostname: 'web-0',
        subdomain: 'web',
        dnsPolicy: 'ClusterFirst',
        initContainers: [{ name: 'proxy', ports: [{ containerPort: 15001, protocol: 'TCP' }], restartPolicy: 'Always' }],
        containers: [{ name: 'main', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }],
      },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        podIP: '10.244.0.1',
        podIPs: [{ ip: '10.244.0.1' }, { ip: 'fd00::1' }],
      },
    });
  });

  it('keeps a real pod free of the simulated annotation, with deletion and readiness as given', () => {
    const pod = makePod('db-0', (p) => {
      p.ready = false;
      p.hostNetwork = true;
      p.meta.deletionTimestamp = '2024-05-01T10:00:00Z';
      p.meta.annotations = { team: 'data' };
    });
    const obj = toKubeObject('pods', pod);
    expect(obj.metadata).toEqual({
      name: 'db-0',
      namespace: 'default',
      labels: { app: 'web' },
      annotations: { team: 'data' },
      deletionTimestamp: '2024-05-01T10:00:00Z',
    });
    expect(obj.spec).toMatchObject({ hostNetwork: true });
    expect(obj.status).toMatchObject({ conditions: [{ type: 'Ready', status: 'False' }] });
  });
});

describe('toKubeObject: EndpointSlice', () => {
  it('makes a derived slice owned by its Service and marked derived', () => {
    const obj = toKubeObject('endpointslices', makeSlice(), { serviceUid: (ns, name) => (ns === 'default' && name === 'web' ? 'u-1' : undefined) });
    expect(obj).toEqual({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: 'web-x2b4f',
        namespace: 'default',
        labels: { 'kubernetes.io/service-name': 'web' },
        annotations: { [SIMULATED_ANNOTATION]: 'derived' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'u-1', controller: true, blockOwnerDeletion: true }],
      },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      endpoints: [
        {
          addresses: ['10.244.0.1'],
          conditions: { ready: true, serving: true, terminating: false },
          nodeName: 'node-1',
          zone: 'zone-a',
          targetRef: { kind: 'Pod', namespace: 'default', name: 'web-abc' },
          hints: { forZones: [{ name: 'zone-a' }], forNodes: [{ name: 'node-1' }] },
        },
      ],
    });
  });

  it.each([
    { origin: 'derived' as const, annotation: 'derived', owned: true },
    { origin: 'mirrored' as const, annotation: 'mirrored', owned: true },
    { origin: 'observed' as const, annotation: undefined, owned: false },
  ])('origin $origin', ({ origin, annotation, owned }) => {
    const metadata = toKubeObject('endpointslices', makeSlice((s) => (s.origin = origin))).metadata as Record<string, unknown>;
    expect((metadata.annotations as Record<string, string> | undefined)?.[SIMULATED_ANNOTATION]).toBe(annotation);
    expect(metadata.ownerReferences === undefined).toBe(!owned);
    if (owned) expect(metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'web', controller: true, blockOwnerDeletion: true }]);
  });

  it('keeps an unnamed port as name ""', () => {
    const obj = toKubeObject('endpointslices', makeSlice((s) => (s.ports = [{ name: '', port: 53, protocol: 'UDP' }])));
    expect(obj.ports).toEqual([{ name: '', port: 53, protocol: 'UDP' }]);
  });
});

describe('toKubeObject: Node and Namespace', () => {
  it('writes labels, podCIDRs and InternalIP addresses; synthetic nodes are marked', () => {
    const node = makeNode('node-1', 'zone-a');
    node.simulated = true;
    node.podCIDRs = ['10.244.1.0/24'];
    node.addresses = ['172.18.0.2'];
    expect(toKubeObject('nodes', node)).toEqual({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-1', labels: { 'topology.kubernetes.io/zone': 'zone-a' }, annotations: { [SIMULATED_ANNOTATION]: 'node' } },
      spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] },
      status: { addresses: [{ type: 'InternalIP', address: '172.18.0.2' }] },
    });
  });

  it('marks a simulated namespace', () => {
    const ns = { meta: { name: 'shop', namespace: '', labels: { 'kubernetes.io/metadata.name': 'shop' }, annotations: {} }, simulated: true };
    expect(toKubeObject('namespaces', ns)).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop' }, annotations: { [SIMULATED_ANNOTATION]: 'namespace' } },
    });
  });
});

describe('toKubeObject: NetworkPolicy', () => {
  it('keeps the empty selector, absent peers and rule shapes', () => {
    const policy = makePolicy((p) => {
      p.policyTypes = ['Ingress', 'Egress'];
      p.ingress = [
        {
          peers: [
            { podSelector: { matchLabels: { app: 'api' }, matchExpressions: [] }, namespaceSelector: { matchLabels: {}, matchExpressions: [] } },
            { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
          ],
          ports: [{ protocol: 'TCP', port: 'http' }, { protocol: 'TCP', port: 8000, endPort: 8100 }],
        },
        {},
      ];
      p.egress = [
        { peers: [{ namespaceSelector: { matchLabels: {}, matchExpressions: [{ key: 'env', operator: 'Exists', values: [] }] } }] },
        { peers: [{ podSelector: { matchLabels: {}, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] } }] },
      ];
    });
    expect(toKubeObject('networkpolicies', policy)).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny', namespace: 'default' },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'api' } }, namespaceSelector: {} }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }],
            ports: [{ protocol: 'TCP', port: 'http' }, { protocol: 'TCP', port: 8000, endPort: 8100 }],
          },
          {},
        ],
        egress: [
          { to: [{ namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'Exists' }] } }] },
          { to: [{ podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] } }] },
        ],
      },
    });
  });

  it('leaves out rule lists that are empty (deny all)', () => {
    expect(toKubeObject('networkpolicies', makePolicy()).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
  });
});

describe('toKubeList', () => {
  it('wraps items in a v1 List', () => {
    expect(toKubeList([{ kind: 'Pod' }])).toEqual({ apiVersion: 'v1', kind: 'List', items: [{ kind: 'Pod' }] });
  });
});

describe('resolveResource', () => {
  it.each<[string, GetResource | undefined]>([
    ['services', 'services'],
    ['service', 'services'],
    ['svc', 'services'],
    ['Service', 'services'],
    ['endpointslices', 'endpointslices'],
    ['endpointslice', 'endpointslices'],
    ['endpointslices.discovery.k8s.io', 'endpointslices'],
    ['pods', 'pods'],
    ['pod', 'pods'],
    ['po', 'pods'],
    ['nodes', 'nodes'],
    ['node', 'nodes'],
    ['no', 'nodes'],
    ['networkpolicies', 'networkpolicies'],
    ['networkpolicy', 'networkpolicies'],
    ['netpol', 'networkpolicies'],
    ['endpoints', undefined],
    ['ep', undefined],
    ['deployments', undefined],
    ['constructor', undefined],
    ['', undefined],
  ])('%s → %s', (text, expected) => {
    expect(resolveResource(text)).toBe(expected);
  });
});

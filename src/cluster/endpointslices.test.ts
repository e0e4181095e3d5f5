/**
 * EndpointSlice controller scenarios: each row gives a Service, the pods its selector matched and
 * the slices the controller writes, one line per slice (see `describeSlice`). Rows cite
 * kubernetes/endpointslice (reconciler.go, utils.go, util/controller_utils.go) as restated in
 * shared/reference/services.md §4.
 */
import { describe, expect, it } from 'vitest';
import type { Node, Pod, Service } from '../model/index.js';
import { container, describeSlice, makeNode, makePod, makeService } from '../../test/fixtures.js';
import { computeEndpointSlices } from './endpointslices.js';

interface Row {
  name: string;
  svc: Service;
  pods: Pod[];
  nodes?: Node[];
  maxPerSlice?: number;
  want: string[];
}

const nodes = [makeNode('node-1', 'zone-a'), makeNode('node-2', 'zone-b')];
const ip = (n: number) => `10.244.0.${n}`;
const podAt = (n: number, tweak: (p: Pod) => void = () => {}) =>
  makePod(`web-${n}`, (p) => {
    p.podIPs = [ip(n)];
    tweak(p);
  });
const now = '2026-11-25T00:00:00Z';

const rows: Row[] = [
  {
    name: 'numeric targetPort is used as is (FindPort: valid int, no ports)',
    svc: makeService('web', (s) => (s.ports = [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 9999 }])),
    pods: [podAt(1)],
    want: ['IPv4 [http/TCP/9999] 10.244.0.1(r,s,zone=zone-a)'],
  },
  {
    name: 'named targetPort resolves to the container port (FindPort)',
    svc: makeService('web', (s) => (s.ports = [{ name: 'web', protocol: 'TCP', port: 80, targetPort: 'http' }])),
    pods: [podAt(1)],
    want: ['IPv4 [web/TCP/8080] 10.244.0.1(r,s,zone=zone-a)'],
  },
  {
    name: 'named port resolving differently per pod makes one slice per port set (reconciler.go)',
    svc: makeService('web', (s) => (s.ports = [{ name: 'web', protocol: 'TCP', port: 80, targetPort: 'http' }])),
    pods: [podAt(1), podAt(2, (p) => (p.containers = [container('main', [{ name: 'http', containerPort: 8081 }])])), podAt(3)],
    want: ['IPv4 [web/TCP/8080] 10.244.0.1(r,s,zone=zone-a) 10.244.0.3(r,s,zone=zone-a)', 'IPv4 [web/TCP/8081] 10.244.0.2(r,s,zone=zone-a)'],
  },
  {
    name: 'a pod lacking the named port stays, in a slice without that port (getEndpointPorts)',
    svc: makeService('web', (s) => (s.ports = [{ name: 'web', protocol: 'TCP', port: 80, targetPort: 'http' }])),
    pods: [podAt(1), podAt(2, (p) => (p.containers = [container('main', [{ name: 'other', containerPort: 9000 }])]))],
    want: ['IPv4 [web/TCP/8080] 10.244.0.1(r,s,zone=zone-a)', 'IPv4 [] 10.244.0.2(r,s,zone=zone-a)'],
  },
  {
    name: 'no pod declares the named port: one slice with ports []',
    svc: makeService('web', (s) => (s.ports = [{ name: 'web', protocol: 'TCP', port: 80, targetPort: 'metrics' }])),
    pods: [podAt(1), podAt(2)],
    want: ['IPv4 [] 10.244.0.1(r,s,zone=zone-a) 10.244.0.2(r,s,zone=zone-a)'],
  },
  {
    name: 'named port must match the protocol: UDP Service port vs TCP container port (FindPort)',
    svc: makeService('dns', (s) => (s.ports = [{ name: 'dns', protocol: 'UDP', port: 53, targetPort: 'dns' }])),
    pods: [podAt(1, (p) => (p.containers = [container('main', [{ name: 'dns', containerPort: 5353 }])]))],
    want: ['IPv4 [] 10.244.0.1(r,s,zone=zone-a)'],
  },
  {
    name: 'same name on TCP and UDP resolves per protocol',
    svc: makeService('dns', (s) => {
      s.ports = [
        { name: 'dns-udp', protocol: 'UDP', port: 53, targetPort: 'dns' },
        { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 'dns' },
      ];
    }),
    pods: [podAt(1, (p) => (p.containers = [container('main', [{ name: 'dns', containerPort: 5353, protocol: 'UDP' }, { name: 'dns', containerPort: 5354 }])]))],
    want: ['IPv4 [dns-tcp/TCP/5354 dns-udp/UDP/5353] 10.244.0.1(r,s,zone=zone-a)'],
  },
  {
    name: 'named port found on a native sidecar (init container with restartPolicy Always)',
    svc: makeService('web', (s) => (s.ports = [{ name: 'proxy', protocol: 'TCP', port: 15001, targetPort: 'proxy' }])),
    pods: [podAt(1, (p) => (p.initContainers = [container('sidecar', [{ name: 'proxy', containerPort: 15001 }], 'Always')]))],
    want: ['IPv4 [proxy/TCP/15001] 10.244.0.1(r,s,zone=zone-a)'],
  },
  {
    name: 'plain init containers are never searched for named ports',
    svc: makeService('web', (s) => (s.ports = [{ name: 'setup', protocol: 'TCP', port: 9000, targetPort: 'setup' }])),
    pods: [podAt(1, (p) => (p.initContainers = [container('init', [{ name: 'setup', containerPort: 9000 }])]))],
    want: ['IPv4 [] 10.244.0.1(r,s,zone=zone-a)'],
  },
  {
    name: 'an app container beats a sidecar with the same port name (utils_test.go: 8090 over 8080)',
    svc: makeService('web', (s) => (s.ports = [{ name: 'web', protocol: 'TCP', port: 80, targetPort: 'http' }])),
    pods: [
      podAt(1, (p) => {
        p.initContainers = [container('sidecar', [{ name: 'http', containerPort: 8080 }], 'Always')];
        p.containers = [container('app', [{ name: 'http', containerPort: 8090 }])];
      }),
    ],
    want: ['IPv4 [web/TCP/8090] 10.244.0.1(r,s,zone=zone-a)'],
  },
  {
    name: 'the first container declaring the name wins',
    svc: makeService('web', (s) => (s.ports = [{ name: 'web', protocol: 'TCP', port: 80, targetPort: 'http' }])),
    pods: [podAt(1, (p) => (p.containers = [container('a', [{ name: 'http', containerPort: 7000 }]), container('b', [{ name: 'http', containerPort: 7001 }])]))],
    want: ['IPv4 [web/TCP/7000] 10.244.0.1(r,s,zone=zone-a)'],
  },
  {
    name: 'a multi-port Service keeps the ports that resolve and drops the rest for that pod',
    svc: makeService('web', (s) => {
      s.ports = [
        { name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' },
        { name: 'metrics', protocol: 'TCP', port: 9090, targetPort: 'metrics' },
      ];
    }),
    pods: [podAt(1), podAt(2, (p) => (p.containers = [container('main', [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9100 }])]))],
    want: ['IPv4 [http/TCP/8080 metrics/TCP/9100] 10.244.0.2(r,s,zone=zone-a)', 'IPv4 [http/TCP/8080] 10.244.0.1(r,s,zone=zone-a)'],
  },
  {
    name: 'appProtocol is copied from the Service port',
    svc: makeService('web', (s) => (s.ports = [{ name: 'grpc', protocol: 'TCP', port: 80, targetPort: 8080, appProtocol: 'kubernetes.io/h2c' }])),
    pods: [podAt(1)],
    want: ['IPv4 [grpc/TCP/8080/kubernetes.io/h2c] 10.244.0.1(r,s,zone=zone-a)'],
  },
  {
    name: 'a not-ready pod is neither ready nor serving (podToEndpoint)',
    svc: makeService('web'),
    pods: [podAt(1, (p) => (p.ready = false))],
    want: ['IPv4 [http/TCP/8080] 10.244.0.1(zone=zone-a)'],
  },
  {
    name: 'a terminating ready pod is serving and terminating, not ready',
    svc: makeService('web'),
    pods: [podAt(1, (p) => (p.meta.deletionTimestamp = now))],
    want: ['IPv4 [http/TCP/8080] 10.244.0.1(s,t,zone=zone-a)'],
  },
  {
    name: 'a terminating unready pod is only terminating',
    svc: makeService('web'),
    pods: [podAt(1, (p) => ((p.meta.deletionTimestamp = now), (p.ready = false)))],
    want: ['IPv4 [http/TCP/8080] 10.244.0.1(t,zone=zone-a)'],
  },
  {
    name: 'publishNotReadyAddresses marks unready pods ready',
    svc: makeService('web', (s) => (s.publishNotReadyAddresses = true)),
    pods: [podAt(1, (p) => (p.ready = false))],
    want: ['IPv4 [http/TCP/8080] 10.244.0.1(r,zone=zone-a)'],
  },
  {
    name: 'publishNotReadyAddresses marks terminating pods ready, conditions otherwise unchanged',
    svc: makeService('web', (s) => (s.publishNotReadyAddresses = true)),
    pods: [podAt(1, (p) => (p.meta.deletionTimestamp = now))],
    want: ['IPv4 [http/TCP/8080] 10.244.0.1(r,s,t,zone=zone-a)'],
  },
  {
    name: 'Succeeded and Failed pods are left out (ShouldPodBeInEndpoints)',
    svc: makeService('web'),
    pods: [podAt(1, (p) => (p.phase = 'Succeeded')), podAt(2, (p) => (p.phase = 'Failed')), podAt(3)],
    want: ['IPv4 [http/TCP/8080] 10.244.0.3(r,s,zone=zone-a)'],
  },
  {
    name: 'a pod without an IP is left out',
    svc: makeService('web'),
    pods: [podAt(1, (p) => (p.podIPs = [])), podAt(2)],
    want: ['IPv4 [http/TCP/8080] 10.244.0.2(r,s,zone=zone-a)'],
  },
  {
    name: 'a Pending pod that has an IP is included as not ready',
    svc: makeService('web'),
    pods: [podAt(1, (p) => ((p.phase = 'Pending'), (p.ready = false)))],
    want: ['IPv4 [http/TCP/8080] 10.244.0.1(zone=zone-a)'],
  },
  {
    name: 'no matching pods: one placeholder slice with no ports and no endpoints',
    svc: makeService('web'),
    pods: [],
    want: ['IPv4 []'],
  },
  {
    name: 'ExternalName Services get no slices (kubernetes/kubernetes#105986)',
    svc: makeService('ext', (s) => ((s.type = 'ExternalName'), (s.clusterIPs = []), (s.externalName = 'example.com'))),
    pods: [podAt(1)],
    want: [],
  },
  {
    name: 'selector-less Services get no slices (created out-of-band)',
    svc: makeService('manual', (s) => (s.selector = null)),
    pods: [podAt(1)],
    want: [],
  },
  {
    name: 'a headless Service without ports yields slices with ports []',
    svc: makeService('peers', (s) => ((s.clusterIPs = ['None']), (s.ports = []))),
    pods: [podAt(1)],
    want: ['IPv4 [] 10.244.0.1(r,s,zone=zone-a)'],
  },
  {
    name: 'headless Service publishes the resolved targetPort, not the Service port',
    svc: makeService('svc-chroma', (s) => ((s.clusterIPs = ['None']), (s.ports = [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8000 }]))),
    pods: [podAt(1)],
    want: ['IPv4 [http/TCP/8000] 10.244.0.1(r,s,zone=zone-a)'],
  },
  {
    name: 'StatefulSet pod: hostname kept when subdomain names the Service (ShouldSetHostname)',
    svc: makeService('db', (s) => (s.clusterIPs = ['None'])),
    pods: [podAt(1, (p) => ((p.hostname = 'db-0'), (p.subdomain = 'db')))],
    want: ['IPv4 [http/TCP/8080] 10.244.0.1(r,s,host=db-0,zone=zone-a)'],
  },
  {
    name: 'hostname dropped when the subdomain names another Service',
    svc: makeService('db-read', (s) => (s.clusterIPs = ['None'])),
    pods: [podAt(1, (p) => ((p.hostname = 'db-0'), (p.subdomain = 'db')))],
    want: ['IPv4 [http/TCP/8080] 10.244.0.1(r,s,zone=zone-a)'],
  },
  {
    name: 'no hostname when only the subdomain is set (the default pod hostname is not used)',
    svc: makeService('db', (s) => (s.clusterIPs = ['None'])),
    pods: [podAt(1, (p) => (p.subdomain = 'db'))],
    want: ['IPv4 [http/TCP/8080] 10.244.0.1(r,s,zone=zone-a)'],
  },
  {
    name: 'hostname does not require a headless Service',
    svc: makeService('db'),
    pods: [podAt(1, (p) => ((p.hostname = 'db-0'), (p.subdomain = 'db')))],
    want: ['IPv4 [http/TCP/8080] 10.244.0.1(r,s,host=db-0,zone=zone-a)'],
  },
  {
    name: 'dual-stack Service with dual-stack pods: one slice per address type',
    svc: makeService('web', (s) => ((s.ipFamilies = ['IPv4', 'IPv6']), (s.clusterIPs = ['10.96.0.100', 'fd00::100']))),
    pods: [podAt(1, (p) => (p.podIPs = ['10.244.0.1', 'fd00:10:244::1']))],
    want: ['IPv4 [http/TCP/8080] 10.244.0.1(r,s,zone=zone-a)', 'IPv6 [http/TCP/8080] fd00:10:244::1(r,s,zone=zone-a)'],
  },
  {
    name: 'dual-stack Service with IPv4-only pods: real IPv4 slice plus an empty IPv6 placeholder',
    svc: makeService('web', (s) => ((s.ipFamilies = ['IPv4', 'IPv6']), (s.clusterIPs = ['10.96.0.100', 'fd00::100']))),
    pods: [podAt(1)],
    want: ['IPv4 [http/TCP/8080] 10.244.0.1(r,s,zone=zone-a)', 'IPv6 []'],
  },
  {
    name: 'IPv6 single-stack Service ignores the IPv4 addresses of dual-stack pods',
    svc: makeService('web', (s) => ((s.ipFamilies = ['IPv6']), (s.clusterIPs = ['fd00::100']))),
    pods: [podAt(1, (p) => (p.podIPs = ['10.244.0.1', 'fd00:10:244::1']))],
    want: ['IPv6 [http/TCP/8080] fd00:10:244::1(r,s,zone=zone-a)'],
  },
  {
    name: 'empty ipFamilies on a headless Service reconciles both address types',
    svc: makeService('peers', (s) => ((s.clusterIPs = ['None']), (s.ipFamilies = []))),
    pods: [podAt(1)],
    want: ['IPv4 [http/TCP/8080] 10.244.0.1(r,s,zone=zone-a)', 'IPv6 []'],
  },
  {
    name: 'a pod on a node the controller does not know is skipped (TestReconcilerPodMissingNode)',
    svc: makeService('web'),
    pods: [podAt(1, (p) => (p.nodeName = 'gone')), podAt(2)],
    want: ['IPv4 [http/TCP/8080] 10.244.0.2(r,s,zone=zone-a)'],
  },
  {
    name: 'with publishNotReadyAddresses a pod on an unknown node is kept, without zone',
    svc: makeService('web', (s) => (s.publishNotReadyAddresses = true)),
    pods: [podAt(1, (p) => (p.nodeName = 'gone'))],
    want: ['IPv4 [http/TCP/8080] 10.244.0.1(r,s)'],
  },
  {
    name: 'zone comes from the node label topology.kubernetes.io/zone',
    svc: makeService('web'),
    pods: [podAt(1, (p) => (p.nodeName = 'node-2'))],
    want: ['IPv4 [http/TCP/8080] 10.244.0.1(r,s,zone=zone-b)'],
  },
  {
    name: 'trafficDistribution PreferClose hints ready endpoints with their zone (trafficdist.go)',
    svc: makeService('web', (s) => (s.trafficDistribution = 'PreferClose')),
    pods: [podAt(1), podAt(2, (p) => (p.ready = false))],
    want: ['IPv4 [http/TCP/8080] 10.244.0.1(r,s,zone=zone-a,hint=zone-a) 10.244.0.2(zone=zone-a)'],
  },
  {
    name: 'at most maxEndpointsPerSlice endpoints per slice: 250 pods → 100 + 100 + 50',
    svc: makeService('web'),
    pods: Array.from({ length: 250 }, (_, i) => makePod(`p-${i}`, (p) => (p.podIPs = [`10.244.${Math.floor(i / 200)}.${(i % 200) + 1}`]))),
    want: ['100', '100', '50'],
  },
];

describe('computeEndpointSlices', () => {
  it.each(rows)('$name', ({ svc, pods, want, maxPerSlice }) => {
    const nodeByName = new Map(nodes.map((n) => [n.meta.name, n]));
    const slices = computeEndpointSlices(svc, pods, { node: (n) => nodeByName.get(n), maxEndpointsPerSlice: maxPerSlice ?? 100 });
    const got = want.every((w) => /^\d+$/.test(w)) ? slices.map((s) => String(s.endpoints.length)) : slices.map(describeSlice);
    expect(got.sort()).toEqual([...want].sort());
  });

  it('labels a slice with the Service name, the controller and (headless) the headless marker; Service labels are copied but cannot override them', () => {
    const svc = makeService('db', (s) => {
      s.clusterIPs = ['None'];
      s.meta.labels = { team: 'data', 'endpointslice.kubernetes.io/managed-by': 'me' };
    });
    const [slice] = computeEndpointSlices(svc, [podAt(1)], { node: () => nodes[0], maxEndpointsPerSlice: 100 });
    expect(slice?.meta.labels).toEqual({
      team: 'data',
      'kubernetes.io/service-name': 'db',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      'service.kubernetes.io/headless': '',
    });
    expect(slice?.meta.name).toMatch(/^db-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice?.endpoints[0]?.targetRef).toEqual({ kind: 'Pod', namespace: 'default', name: 'web-1' });
  });

  it('gives the same slices (names included) for the same input', () => {
    const run = () => computeEndpointSlices(makeService('web'), [podAt(2), podAt(1)], { node: () => nodes[0], maxEndpointsPerSlice: 100 });
    expect(run()).toEqual(run());
  });
});

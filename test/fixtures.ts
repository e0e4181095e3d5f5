/**
 * Fixture builders for tests: a default object plus a small tweak function, as kubernetes'
 * `makeTestService` does (pkg/proxy/nftables/proxier_test.go).
 */
import type { Container, EndpointSlice, Node, Pod, Service } from '../src/model/index.js';

export function makePod(name: string, tweak: (pod: Pod) => void = () => {}, namespace = 'default'): Pod {
  const pod: Pod = {
    meta: { name, namespace, labels: { app: 'web' }, annotations: {} },
    nodeName: 'node-1',
    hostNetwork: false,
    dnsPolicy: 'ClusterFirst',
    containers: [container('main', [{ name: 'http', containerPort: 8080 }])],
    initContainers: [],
    phase: 'Running',
    ready: true,
    podIPs: ['10.244.0.1'],
    assumed: [],
  };
  tweak(pod);
  return pod;
}

export function container(
  name: string,
  ports: Array<{ name?: string; containerPort: number; protocol?: 'TCP' | 'UDP' | 'SCTP' }>,
  restartPolicy?: string,
): Container {
  return {
    name,
    ports: ports.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' })),
    probes: [],
    ...(restartPolicy ? { restartPolicy } : {}),
  };
}

export function makeService(name: string, tweak: (svc: Service) => void = () => {}, namespace = 'default'): Service {
  const svc: Service = {
    meta: { name, namespace, labels: {}, annotations: {} },
    type: 'ClusterIP',
    clusterIPs: ['10.96.0.100'],
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    selector: { app: 'web' },
    ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }],
    publishNotReadyAddresses: false,
    sessionAffinity: 'None',
    internalTrafficPolicy: 'Cluster',
    externalIPs: [],
    loadBalancerSourceRanges: [],
    loadBalancerIngress: [],
    allocated: { clusterIPs: false, nodePorts: false },
  };
  tweak(svc);
  return svc;
}

export function makeNode(name: string, zone?: string): Node {
  return {
    meta: { name, namespace: '', labels: zone ? { 'topology.kubernetes.io/zone': zone } : {}, annotations: {} },
    ...(zone ? { zone } : {}),
    podCIDRs: [],
    addresses: [],
    simulated: false,
  };
}

/**
 * A slice as one comparable line: `IPv4 [http/TCP/8080] 10.0.0.1(r,s,host=web-0,node=n1,zone=a) …`.
 * Ports and endpoints are sorted because their order is arbitrary upstream.
 */
export function describeSlice(slice: EndpointSlice): string {
  const ports = slice.ports.map((p) => `${p.name}/${p.protocol}/${p.port}${p.appProtocol ? `/${p.appProtocol}` : ''}`).sort();
  const endpoints = slice.endpoints
    .map((e) => {
      const flags = [e.ready ? 'r' : '', e.serving ? 's' : '', e.terminating ? 't' : ''].filter(Boolean);
      if (e.hostname) flags.push(`host=${e.hostname}`);
      if (e.zone) flags.push(`zone=${e.zone}`);
      if (e.hints?.forZones) flags.push(`hint=${e.hints.forZones.join('+')}`);
      return `${e.addresses.join('+')}(${flags.join(',')})`;
    })
    .sort();
  return `${slice.addressType} [${ports.join(' ')}] ${endpoints.join(' ')}`.trim();
}

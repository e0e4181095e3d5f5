/**
 * Flattening a Service into kube-proxy's ServicePorts (pkg/proxy/serviceport.go newBaseServiceInfo,
 * pkg/proxy/util/utils.go ShouldSkipService; services.md §5.1): one row per Service shape.
 */
import { describe, expect, it } from 'vitest';
import { makeService } from '../../test/fixtures.js';
import type { Service } from '../model/index.js';
import { SERVICE_PROXY_NAME_LABEL, servicePorts, shouldSkipService } from './service-port.js';

describe('shouldSkipService', () => {
  it.each<[string, (s: Service) => void, string | undefined]>([
    ['ClusterIP Service is programmed', () => {}, undefined],
    ['clusterIP None → headless', (s) => (s.clusterIPs = ['None']), 'headless'],
    ["clusterIP '' → headless", (s) => (s.clusterIPs = ['']), 'headless'],
    ['ExternalName', (s) => ((s.type = 'ExternalName'), (s.clusterIPs = [])), 'externalName'],
    ['service-proxy-name label → delegated', (s) => (s.meta.labels[SERVICE_PROXY_NAME_LABEL] = 'cilium'), 'delegated'],
  ])('%s', (_name, tweak, want) => {
    expect(shouldSkipService(makeService('web', tweak))).toBe(want);
  });
});

describe('servicePorts', () => {
  it('keys each port namespace/name:portname/protocol, unnamed ports with an empty name', () => {
    const svc = makeService('dns', (s) => {
      s.ports = [
        { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53 },
        { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 53 },
      ];
    });
    expect(servicePorts(svc).map((p) => p.key)).toEqual(['default/dns:dns/UDP', 'default/dns:dns-tcp/TCP']);
    const unnamed = makeService('web', (s) => (s.ports = [{ name: '', protocol: 'TCP', port: 80, targetPort: 8080 }]));
    expect(servicePorts(unnamed)[0]?.key).toBe('default/web:/TCP');
  });

  it('derives external addresses, source ranges, affinity and policy flags in one place', () => {
    const svc = makeService('lb', (s) => {
      s.type = 'LoadBalancer';
      s.ports = [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 }];
      s.externalIPs = ['192.0.2.10'];
      s.loadBalancerIngress = [{ ip: '203.0.113.1' }, { ip: '203.0.113.2', ipMode: 'Proxy' }, { hostname: 'lb.example.com' }];
      s.loadBalancerSourceRanges = [' 198.51.100.0/24', 'bogus'];
      s.externalTrafficPolicy = 'Local';
      s.sessionAffinity = 'ClientIP';
    });
    const [sp] = servicePorts(svc);
    expect(sp).toMatchObject({
      nodePort: 30080,
      externalIPs: ['192.0.2.10'],
      loadBalancerVIPs: ['203.0.113.1'],
      loadBalancerProxyIPs: ['203.0.113.2'],
      sessionAffinity: { timeoutSeconds: 10800 },
      externalPolicyLocal: true,
      internalPolicyLocal: false,
      externallyAccessible: true,
      usesClusterEndpoints: true,
      usesLocalEndpoints: true,
    });
    expect(sp?.loadBalancerSourceRanges.map((c) => c.text)).toEqual(['198.51.100.0/24']);
  });

  it('externalTrafficPolicy Local means nothing for a ClusterIP Service without externalIPs (ExternalPolicyLocal)', () => {
    const [sp] = servicePorts(makeService('web', (s) => (s.externalTrafficPolicy = 'Local')));
    expect([sp?.externalPolicyLocal, sp?.usesLocalEndpoints]).toEqual([false, false]);
  });

  it('internalTrafficPolicy Local on an internal-only port uses no Cluster endpoints', () => {
    const [sp] = servicePorts(makeService('web', (s) => (s.internalTrafficPolicy = 'Local')));
    expect([sp?.usesClusterEndpoints, sp?.usesLocalEndpoints]).toEqual([false, true]);
  });

  it('headless Services keep their ports but no addresses to capture', () => {
    const [sp] = servicePorts(makeService('peers', (s) => ((s.clusterIPs = ['None']), (s.externalIPs = ['192.0.2.10']))));
    expect(sp).toMatchObject({ skip: 'headless', clusterIPs: [], externalIPs: [] });
  });
});

/**
 * Endpoints of one ServicePortName from a Service's slices, as pkg/proxy/endpointslicecache.go reads
 * them (services.md §5.1): union over slices with a port of that name and protocol, each endpoint
 * with its own slice's port number, only addresses[0], only the proxier's family.
 */
import { describe, expect, it } from 'vitest';
import { HEADLESS_LABEL, SERVICE_NAME_LABEL, type Endpoint, type EndpointSlice } from '../model/index.js';
import { endpointsForPort } from './endpoints.js';

function slice(name: string, tweak: (s: EndpointSlice) => void = () => {}): EndpointSlice {
  const s: EndpointSlice = {
    meta: { name, namespace: 'default', labels: { [SERVICE_NAME_LABEL]: 'web' }, annotations: {} },
    serviceName: 'web',
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints: [],
    origin: 'observed',
  };
  tweak(s);
  return s;
}
const endpoint = (...addresses: string[]): Endpoint => ({ addresses, ready: true, serving: true, terminating: false });
const text = (list: ReturnType<typeof endpointsForPort>) => list.map((e) => `${e.ip}:${e.port}@${e.slice}`);

describe('endpointsForPort', () => {
  it('takes each endpoint port from its own slice (per-pod named targetPorts)', () => {
    const slices = [
      slice('web-a', (s) => (s.endpoints = [endpoint('10.0.0.1')])),
      slice('web-b', (s) => ((s.ports = [{ name: 'http', port: 9090, protocol: 'TCP' }]), (s.endpoints = [endpoint('10.0.0.2')]))),
    ];
    expect(text(endpointsForPort(slices, 'http', 'TCP', 'IPv4'))).toEqual(['10.0.0.1:8080@web-a', '10.0.0.2:9090@web-b']);
  });

  it('skips slices without a port of that name and protocol, and port 0', () => {
    const slices = [
      slice('udp', (s) => ((s.ports = [{ name: 'http', port: 8080, protocol: 'UDP' }]), (s.endpoints = [endpoint('10.0.0.1')]))),
      slice('other', (s) => ((s.ports = [{ name: 'metrics', port: 9100, protocol: 'TCP' }]), (s.endpoints = [endpoint('10.0.0.2')]))),
      slice('empty', (s) => ((s.ports = []), (s.endpoints = [endpoint('10.0.0.3')]))),
      slice('zero', (s) => ((s.ports = [{ name: 'http', port: 0, protocol: 'TCP' }]), (s.endpoints = [endpoint('10.0.0.4')]))),
    ];
    expect(endpointsForPort(slices, 'http', 'TCP', 'IPv4')).toEqual([]);
  });

  it('uses only addresses[0], ignores endpoints without addresses, wrong-family and FQDN slices', () => {
    const slices = [
      slice('v4', (s) => (s.endpoints = [endpoint('10.0.0.1', '10.0.0.9'), endpoint()])),
      slice('v6', (s) => ((s.addressType = 'IPv6'), (s.endpoints = [endpoint('fd00::1')]))),
      slice('fqdn', (s) => ((s.addressType = 'FQDN'), (s.endpoints = [endpoint('db.example.com')]))),
    ];
    expect(text(endpointsForPort(slices, 'http', 'TCP', 'IPv4'))).toEqual(['10.0.0.1:8080@v4']);
    expect(text(endpointsForPort(slices, 'http', 'TCP', 'IPv6'))).toEqual(['fd00::1:8080@v6']);
  });

  it('ignores headless-labelled slices and keeps an ip:port listed twice once', () => {
    const slices = [
      slice('b', (s) => (s.endpoints = [endpoint('10.0.0.1')])),
      slice('a', (s) => (s.endpoints = [endpoint('10.0.0.1')])),
      slice('h', (s) => ((s.meta.labels[HEADLESS_LABEL] = ''), (s.endpoints = [endpoint('10.0.0.2')]))),
    ];
    expect(text(endpointsForPort(slices, 'http', 'TCP', 'IPv4'))).toEqual(['10.0.0.1:8080@a']);
  });

  it('carries conditions, node, zone and hints', () => {
    const slices = [
      slice('s', (s) => {
        s.endpoints = [{ ...endpoint('10.0.0.1'), ready: false, terminating: true, nodeName: 'n1', zone: 'z1', hints: { forZones: ['z1'] } }];
      }),
    ];
    expect(endpointsForPort(slices, 'http', 'TCP', 'IPv4')[0]).toMatchObject({
      ready: false,
      serving: true,
      terminating: true,
      nodeName: 'n1',
      zone: 'z1',
      zoneHints: ['z1'],
      nodeHints: [],
    });
  });
});

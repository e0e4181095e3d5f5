import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { EndpointSlice, Finding } from '../model/index.js';
import { literalContext } from './context.js';
import { normalizeIp as normalizeIP } from '../cluster/ip.js';
import { endpointSliceFromObject } from './endpointslice.js';
import type { RawObject } from './raw.js';

function slice(yaml: string): { s: EndpointSlice; findings: Finding[] } {
  const obj = parse(yaml, { version: '1.1' }) as RawObject;
  const findings: Finding[] = [];
  return { s: endpointSliceFromObject(obj, literalContext(findings)), findings };
}

const HEAD = `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-abc
  namespace: shop
  labels: {kubernetes.io/service-name: web}
addressType: IPv4
ports: [{name: http, port: 8080}]
`;

describe('EndpointSlice conditions (kube-proxy endpointslicecache.go: nil ready/serving → true, nil terminating → false)', () => {
  const cases: Array<{ name: string; conditions: string; want: [boolean, boolean, boolean] }> = [
    { name: 'no conditions at all', conditions: '', want: [true, true, false] },
    { name: 'empty conditions', conditions: 'conditions: {}', want: [true, true, false] },
    { name: 'ready false, serving nil: serving stays true', conditions: 'conditions: {ready: false}', want: [false, true, false] },
    {
      name: 'terminating and still serving',
      conditions: 'conditions: {ready: false, serving: true, terminating: true}',
      want: [false, true, true],
    },
    { name: 'all false', conditions: 'conditions: {ready: false, serving: false, terminating: false}', want: [false, false, false] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { s } = slice(`${HEAD}endpoints:\n- addresses: [10.0.0.1]\n  ${c.conditions}\n`);
      const e = s.endpoints[0]!;
      expect([e.ready, e.serving, e.terminating]).toEqual(c.want);
    });
  }
});

describe('EndpointSlice fields', () => {
  it('reads the service name label, ports and endpoint details; origin is observed', () => {
    const { s, findings } = slice(`${HEAD}endpoints:
- addresses: [10.0.0.1]
  hostname: web-0
  nodeName: n1
  zone: z1
  targetRef: {kind: Pod, namespace: shop, name: web-0, uid: u1}
  hints: {forZones: [{name: z1}], forNodes: [{name: n1}]}
`);
    expect(findings).toEqual([]);
    expect(s).toMatchObject({
      serviceName: 'web',
      addressType: 'IPv4',
      origin: 'observed',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      endpoints: [
        {
          addresses: ['10.0.0.1'],
          hostname: 'web-0',
          nodeName: 'n1',
          zone: 'z1',
          targetRef: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'u1' },
          hints: { forZones: ['z1'], forNodes: ['n1'] },
        },
      ],
    });
  });

  it('reads v1beta1 topology as zone and node name', () => {
    const { s } = slice(`apiVersion: discovery.k8s.io/v1beta1
kind: EndpointSlice
metadata: {name: a, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
endpoints:
- addresses: [10.0.0.1]
  topology: {kubernetes.io/hostname: n1, topology.kubernetes.io/zone: z1}
`);
    expect(s.endpoints[0]).toMatchObject({ nodeName: 'n1', zone: 'z1' });
  });

  it('normalises IPv6 addresses', () => {
    const { s } = slice(`${HEAD.replace('IPv4', 'IPv6')}endpoints:\n- addresses: ["2001:DB8:0:0:0:0:0:1"]\n`);
    expect(s.endpoints[0]!.addresses).toEqual(['2001:db8::1']);
  });

  const problems: Array<{ name: string; yaml: string; code: string; path: string }> = [
    { name: 'no service-name label', yaml: HEAD.replace('labels: {kubernetes.io/service-name: web}', 'labels: {}'), code: 'warning', path: 'metadata.labels' },
    { name: 'an address of the wrong family', yaml: `${HEAD}endpoints:\n- addresses: ["fd00::1"]\n`, code: 'error', path: 'endpoints[0].addresses[0]' },
    { name: 'a port without a number', yaml: HEAD.replace('port: 8080', 'protocol: TCP'), code: 'warning', path: 'ports[0].port' },
    { name: 'an unknown protocol', yaml: HEAD.replace('port: 8080', 'port: 8080, protocol: ICMP'), code: 'error', path: 'ports[0].protocol' },
    { name: 'an unknown addressType', yaml: HEAD.replace('addressType: IPv4', 'addressType: IPv5'), code: 'error', path: 'addressType' },
  ];
  for (const p of problems) {
    it(`reports ${p.name}`, () => {
      const { findings } = slice(p.yaml);
      expect(findings).toMatchObject([{ code: 'endpointslice-invalid', severity: p.code, path: p.path }]);
    });
  }

  it('FQDN addresses are kept as written', () => {
    const { s, findings } = slice(`${HEAD.replace('IPv4', 'FQDN')}endpoints:\n- addresses: [db.example.com]\n`);
    expect(findings).toEqual([]);
    expect(s.endpoints[0]!.addresses).toEqual(['db.example.com']);
  });
});

describe('normalizeIP (RFC 5952)', () => {
  const cases: Array<[string, string | undefined]> = [
    ['10.0.0.1', '10.0.0.1'],
    [' 10.0.0.1 ', '10.0.0.1'],
    ['010.0.0.1', undefined],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['::1', '::1'],
    ['fe80:0:0:0:0:0:0:0', 'fe80::'],
    ['::ffff:10.0.0.1', '::ffff:10.0.0.1'],
    ['::ffff:a00:1', '::ffff:10.0.0.1'],
    ['64:ff9b::10.0.0.1', '64:ff9b::a00:1'],
    ['fe80::1%eth0', undefined],
    ['web', undefined],
    ['', undefined],
  ];
  for (const [input, want] of cases) {
    it(`${JSON.stringify(input)} → ${String(want)}`, () => {
      expect(normalizeIP(input)).toBe(want);
    });
  }
});

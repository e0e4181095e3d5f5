/**
 * Reverse names and endpoint names as pure functions (dns.md §3, §5): IPv4 in-addr.arpa, full-nibble
 * ip6.arpa both ways, and CoreDNS's endpoint naming (kubernetes_test.go TestEndpointHostname).
 */
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../model/index.js';
import { dashedIp, endpointHostname, ipFromDashed } from './dns-names.js';
import { addressFromReverse, primaryZone, reverseName } from './reverse.js';

describe('reverseName / addressFromReverse', () => {
  const rows: Array<[ip: string, name: string]> = [
    ['10.96.0.10', '10.0.96.10.in-addr.arpa'],
    ['fd00:10:96::40', '0.4.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.1.0.0.0.0.d.f.ip6.arpa'],
    ['5678:abcd::1', '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.c.b.a.8.7.6.5.ip6.arpa'],
    ['::', '0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa'],
  ];
  for (const [ip, name] of rows) {
    it(`${ip} ↔ ${name}`, () => {
      expect(reverseName(ip)).toBe(name);
      expect(addressFromReverse(name)).toBe(ip);
    });
  }

  const invalid: Array<[rule: string, name: string]> = [
    ['partial IPv4 path', '96.10.in-addr.arpa'],
    ['five labels', '1.2.3.4.5.in-addr.arpa'],
    ['octet out of range', '256.0.96.10.in-addr.arpa'],
    ['leading zero (Go net.ParseIP)', '010.0.96.10.in-addr.arpa'],
    ['partial nibble path', '6.9.0.0.0.1.0.0.0.0.d.f.ip6.arpa'],
    ['not a nibble', `${'0.'.repeat(31)}g.ip6.arpa`],
    ['forward name', 'web.default.svc.cluster.local'],
  ];
  for (const [rule, name] of invalid) it(`${rule}: ${name} → ''`, () => expect(addressFromReverse(name)).toBe(''));

  it('refuses to build a reverse name from a non-address, with a code', () => {
    expect(() => reverseName('web')).toThrow(expect.objectContaining({ code: 'invalid-ip' }));
  });

  it('PTR targets use the first non-reverse zone (reverse.go primaryZone)', () => {
    expect(primaryZone(['in-addr.arpa', 'cluster.local', 'ip6.arpa'])).toBe('cluster.local');
    expect(primaryZone(['ip6.arpa'])).toBe('ip6.arpa');
  });
});

describe('endpoint names (kubernetes.go endpointHostname, dns.md §3)', () => {
  const endpoint = (tweak: Partial<Endpoint> = {}): Endpoint => ({ addresses: [], ready: true, serving: true, terminating: false, ...tweak });
  const pod = (name: string) => ({ kind: 'Pod', namespace: 'default', name });
  const long = 'p'.repeat(64);
  const rows: Array<[rule: string, ep: Endpoint, ip: string, podNames: boolean, expected: string]> = [
    ['hostname wins', endpoint({ hostname: 'web-0', targetRef: pod('x') }), '10.0.0.1', true, 'web-0'],
    ['dashed IPv4', endpoint(), '10.244.1.20', false, '10-244-1-20'],
    ['dashed IPv6', endpoint(), '2001:db8::1', false, '2001-db8--1'],
    ['IPv6 ending in :: gets a trailing 0', endpoint(), '2001:db8:3333:4444:5555:6666::', false, '2001-db8-3333-4444-5555-6666--0'],
    ['endpoint_pod_names: the pod name', endpoint({ targetRef: pod('web-abc12') }), '10.0.0.1', true, 'web-abc12'],
    ['endpoint_pod_names: a 63-character pod name is kept', endpoint({ targetRef: pod('p'.repeat(63)) }), '10.0.0.1', true, 'p'.repeat(63)],
    ['endpoint_pod_names: 64 characters and more fall back to the dashed IP', endpoint({ targetRef: pod(long) }), '10.0.0.1', true, '10-0-0-1'],
    ['pod names only with the option', endpoint({ targetRef: pod('web-abc12') }), '10.0.0.1', false, '10-0-0-1'],
  ];
  for (const [rule, ep, ip, podNames, expected] of rows) it(rule, () => expect(endpointHostname(ep, ip, podNames)).toBe(expected));

  it('dashedIp and ipFromDashed (findPods): three dashes and no -- read as IPv4', () => {
    expect(dashedIp('10.1.2.3')).toBe('10-1-2-3');
    expect(ipFromDashed('10-1-2-3')).toBe('10.1.2.3');
    expect(ipFromDashed('fd00-10-244-1--50')).toBe('fd00:10:244:1::50');
    expect(ipFromDashed('1-2-3-4-5')).toBe('1:2:3:4:5');
  });
});

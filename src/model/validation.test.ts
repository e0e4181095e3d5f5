/**
 * Format checks against the rules of kubernetes/apimachinery `pkg/util/validation/validation.go`,
 * `ip.go` and `pkg/api/validate/content/kube.go`, plus `ValidateNonSpecialIP` of
 * pkg/apis/core/validation/validation.go. Each row: check, input, whether it is valid.
 */
import { describe, expect, it } from 'vitest';
import {
  cidrErrors,
  dns1035LabelErrors,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  ipErrors,
  ipFamilyOf,
  labelValueErrors,
  nonSpecialIPErrors,
  portNameErrors,
  portNumberErrors,
  qualifiedNameErrors,
} from './validation.js';

const checks = {
  dns1123Label: dns1123LabelErrors,
  dns1123Subdomain: (v: string) => dns1123SubdomainErrors(v),
  dns1035Label: dns1035LabelErrors,
  portName: portNameErrors,
  qualifiedName: qualifiedNameErrors,
  labelValue: labelValueErrors,
  ip: ipErrors,
  cidr: cidrErrors,
  nonSpecialIP: nonSpecialIPErrors,
};

const rows: Array<[keyof typeof checks, string, boolean]> = [
  ['dns1123Label', 'my-name', true],
  ['dns1123Label', '123-abc', true],
  ['dns1123Label', 'a'.repeat(63), true],
  ['dns1123Label', 'a'.repeat(64), false],
  ['dns1123Label', 'My-Name', false],
  ['dns1123Label', '-abc', false],
  ['dns1123Label', 'a.b', false],
  ['dns1123Label', '', false],
  ['dns1123Subdomain', 'example.com', true],
  ['dns1123Subdomain', 'a-b.c-d.e', true],
  ['dns1123Subdomain', 'example..com', false],
  ['dns1123Subdomain', 'example.com.', false],
  ['dns1123Subdomain', 'under_score.com', false],
  ['dns1123Subdomain', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, true],
  ['dns1123Subdomain', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`, false],
  ['dns1035Label', 'web', true],
  ['dns1035Label', 'abc-123', true],
  ['dns1035Label', '1web', false],
  ['dns1035Label', 'web-', false],
  ['portName', 'http', true],
  ['portName', 'h2c', true],
  ['portName', 'x'.repeat(15), true],
  ['portName', 'x'.repeat(16), false],
  ['portName', '8080', false],
  ['portName', 'HTTP', false],
  ['portName', 'a--b', false],
  ['portName', 'http-', false],
  ['portName', '', false],
  ['qualifiedName', 'app', true],
  ['qualifiedName', 'app.kubernetes.io/name', true],
  ['qualifiedName', 'MyName', true],
  ['qualifiedName', 'a/b/c', false],
  ['qualifiedName', '/name', false],
  ['qualifiedName', 'Example.com/name', false],
  ['qualifiedName', 'name_', false],
  ['labelValue', '', true],
  ['labelValue', 'v1.2_3-x', true],
  ['labelValue', 'a b', false],
  ['labelValue', 'x'.repeat(64), false],
  ['ip', '10.96.0.1', true],
  ['ip', '2001:db8::1', true],
  ['ip', '::ffff:10.0.0.1', true],
  ['ip', '010.96.0.1', false],
  ['ip', '10.96.0.256', false],
  ['ip', '10.96.0.1/32', false],
  ['ip', 'fe80::1%eth0', false],
  ['cidr', '10.0.0.0/8', true],
  ['cidr', '2001:db8::/128', true],
  ['cidr', '10.0.0.0/33', false],
  ['cidr', '10.0.0.0', false],
  ['cidr', '2001:db8::/129', false],
  ['nonSpecialIP', '10.0.0.1', true],
  ['nonSpecialIP', '2001:db8::1', true],
  ['nonSpecialIP', '224.0.1.1', true],
  ['nonSpecialIP', '0.0.0.0', false],
  ['nonSpecialIP', '::', false],
  ['nonSpecialIP', '127.0.0.1', false],
  ['nonSpecialIP', '::1', false],
  ['nonSpecialIP', '169.254.0.1', false],
  ['nonSpecialIP', 'febf::1', false],
  ['nonSpecialIP', '224.0.0.251', false],
  ['nonSpecialIP', 'ff12::1', false],
  ['nonSpecialIP', 'ff02::fb', false],
  ['nonSpecialIP', '::ffff:169.254.1.1', false],
];

describe('format checks (apimachinery util/validation, content, ip.go)', () => {
  it.each(rows)('%s(%j) valid=%s', (check, value, valid) => {
    expect(checks[check](value).length === 0).toBe(valid);
  });

  it('IsValidPortNum: 1–65535 whole numbers', () => {
    expect([0, 1, 65535, 65536, 80.5].map((p) => portNumberErrors(p).length === 0)).toEqual([false, true, true, false, false]);
  });

  it('IsDNS1123Label: a valid subdomain that is no label only fails on its dots', () => {
    expect(dns1123LabelErrors('a.b')).toEqual(['must not contain dots']);
  });

  it('IsValidPortName: reports every broken rule, as upstream', () => {
    expect(portNameErrors('-A--')).toEqual([
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must contain at least one letter (a-z)',
      'must not contain consecutive hyphens',
      'must not begin or end with a hyphen',
    ]);
  });

  it('checks remembered as valid answer the same, and invalid strings keep their messages', () => {
    for (let round = 0; round < 2; round++) {
      expect(portNameErrors('http')).toEqual([]);
      expect(qualifiedNameErrors('app.kubernetes.io/name')).toEqual([]);
      expect(labelValueErrors('web')).toEqual([]);
      expect(dns1123LabelErrors('ns-00')).toEqual([]);
      expect(portNameErrors('a_b')).toEqual(['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']);
      expect(labelValueErrors('-web').length).toBe(1);
    }
    // A caller changing an answer does not change the next one.
    portNameErrors('http').push('changed');
    expect(portNameErrors('http')).toEqual([]);
  });

  it('IsLabelKey: prefix problems are prefixed, lengths count bytes', () => {
    expect(qualifiedNameErrors('Example.com/x')[0]).toMatch(/^prefix part a lowercase RFC 1123 subdomain/);
    expect(qualifiedNameErrors(`p/${'x'.repeat(64)}`)).toEqual(['name part must be no more than 63 bytes']);
  });

  it.each([
    ['10.0.0.1', 'IPv4'],
    ['2001:db8::1', 'IPv6'],
    ['::ffff:10.0.0.1', 'IPv4'],
    ['::ffff:a00:1', 'IPv4'],
    ['::10.0.0.1', 'IPv6'],
    ['not-an-ip', undefined],
  ])('ipFamilyOf(%s) = %s (netutils.IsIPv6String: IPv4-mapped is IPv4)', (ip, family) => {
    expect(ipFamilyOf(ip)).toBe(family);
  });
});

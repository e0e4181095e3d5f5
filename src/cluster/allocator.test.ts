/** Deterministic allocation: hash placement, reservation of input values, the API server's bands. */
import { describe, expect, it } from 'vitest';
import { IpAllocator, NodePortAllocator } from './allocator.js';
import { cidrContains, normalizeIp, parseCidr } from './ip.js';

const cidr = (text: string) => {
  const c = parseCidr(text);
  if (!c) throw new Error(`bad cidr ${text}`);
  return c;
};

describe('IpAllocator', () => {
  it('places an identity at the same address regardless of what else was allocated first', () => {
    const a = new IpAllocator(cidr('10.96.0.0/12'), 'service');
    const b = new IpAllocator(cidr('10.96.0.0/12'), 'service');
    a.allocate('default/x');
    a.allocate('default/y');
    expect(a.allocate('default/web')).toBe(b.allocate('default/web'));
  });

  it('keeps service IPs out of the static lower band (virtual-ips.md: offset min(max(16, size/16), 256))', () => {
    const small = new IpAllocator(cidr('10.0.0.0/24'), 'service');
    for (let i = 0; i < 200; i++) {
      const last = Number(small.allocate(`svc-${i}`).split('.')[3]);
      expect(last).toBeGreaterThanOrEqual(16);
      expect(last).toBeLessThan(255);
    }
  });

  it('never hands out an address twice and reports exhaustion', () => {
    const tiny = new IpAllocator(cidr('10.0.0.0/29'), 'pod');
    const got = new Set(Array.from({ length: 6 }, (_, i) => tiny.allocate(`p${i}`)));
    expect(got.size).toBe(6);
    expect(() => tiny.allocate('one-more')).toThrow(expect.objectContaining({ code: 'range-exhausted' }));
  });

  it('skips reserved addresses', () => {
    const a = new IpAllocator(cidr('10.0.0.0/29'), 'pod');
    const first = a.allocate('p');
    const b = new IpAllocator(cidr('10.0.0.0/29'), 'pod');
    expect(b.reserve(first)).toBe(true);
    expect(b.reserve(first)).toBe(false);
    expect(b.allocate('p')).not.toBe(first);
  });

  it('skips addresses the caller says are in use, and is exhausted when every free one is', () => {
    const free = new IpAllocator(cidr('10.0.0.0/29'), 'pod').allocate('p');
    const a = new IpAllocator(cidr('10.0.0.0/29'), 'pod');
    const asked: string[] = [];
    const got = a.allocate('p', (ip) => (asked.push(ip), ip === free));
    expect(got).not.toBe(free);
    expect(asked).toEqual([free, got]);
    const full = new IpAllocator(cidr('10.0.0.0/29'), 'pod');
    expect(() => full.allocate('p', () => true)).toThrow(expect.objectContaining({ code: 'range-exhausted' }));
  });

  it('allocates inside IPv6 ranges', () => {
    const v6 = cidr('fd00:10:96::/112');
    const a = new IpAllocator(v6, 'service');
    expect(cidrContains(v6, a.allocate('default/web'))).toBe(true);
  });

  it.each([
    // [range, first, second spelling of the same address or another, second is taken]
    ['fd00:10:244::/48', 'fd00:10:244:241::1', 'FD00:10:244:241:0::1', false],
    ['fd00:10:244::/48', 'fd00:10:244:241::1', 'fd00:10:244:242::1', true],
    ['fd00:10:96::/112', 'fd00:10:96::a', 'fd00:10:96:0:0:0:0:a', false],
    ['::ffff:0:0/96', '::ffff:10.0.0.1', '::ffff:a00:1', false],
    ['10.128.0.0/11', '10.130.65.1', '10.130.65.1', false],
    ['10.128.0.0/11', '10.130.65.1', '10.130.65.2', true],
  ])('in %s, after %s, %s can be reserved: %s', (range, first, second, free) => {
    const a = new IpAllocator(cidr(range), 'pod');
    expect(a.reserve(first)).toBe(true);
    expect(a.reserve(second)).toBe(free);
    // Releasing the second spelling frees the first only when both name one address.
    a.release(second);
    expect(a.reserve(first)).toBe(!free);
  });

  it('ignores addresses outside its range or family', () => {
    const a = new IpAllocator(cidr('fd00:10:244::/48'), 'pod');
    for (const ip of ['fd00:10:245::1', '10.0.0.1']) {
      expect(a.reserve(ip)).toBe(true);
      expect(a.reserve(ip)).toBe(true);
    }
  });
});

describe('NodePortAllocator', () => {
  it('allocates from the upper band of 30000-32767 first (KEP-3668: offset 86)', () => {
    const a = new NodePortAllocator(30000, 32767);
    for (let i = 0; i < 100; i++) {
      const port = a.allocate(`svc-${i}`);
      expect(port).toBeGreaterThanOrEqual(30086);
      expect(port).toBeLessThanOrEqual(32767);
    }
  });
});

describe('ip helpers', () => {
  it.each([
    ['1234::5678:0000:0000:9abc:def0', '1234::5678:0:0:9abc:def0'],
    ['FD00:0:0:0:0:0:0:1', 'fd00::1'],
    ['10.1.2.3', '10.1.2.3'],
    ['010.1.2.3', undefined],
    ['::FFFF:0102:0304', '::ffff:1.2.3.4'],
    ['::ffff:10.0.0.1', '::ffff:10.0.0.1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['2001:DB8:0:0:1::', '2001:db8:0:0:1::'],
    ['fd00:10:244:1387::1e', 'fd00:10:244:1387::1e'],
  ])('normalizeIp(%s) = %s', (input, want) => {
    expect(normalizeIp(input)).toBe(want);
  });

  it('parses and masks CIDRs, rejects nonsense', () => {
    expect(parseCidr('10.96.1.7/12')?.text).toBe('10.96.0.0/12');
    expect(parseCidr('10.96.0.0/33')).toBeUndefined();
    expect(parseCidr('banana')).toBeUndefined();
  });
});

describe('ipToBigInt', () => {
  it.each([
    ['10.100.39.16', 0x0a642710n],
    ['255.255.255.255', 0xffffffffn],
    ['fd00:10:244:1387::1e', 0xfd00001002441387000000000000001en],
    ['::ffff:1.2.3.4', 0xffff01020304n],
  ])('%s is %s, and back', async (ip, want) => {
    const { ipToBigInt, bigIntToIp, familyOf } = await import('./ip.js');
    expect(ipToBigInt(ip)).toBe(want);
    if (!ip.startsWith('::ffff')) expect(bigIntToIp(want, familyOf(ip) ?? 'IPv4')).toBe(ip);
  });

  it('reserves addresses that differ only above the low 64 bits (a /64 per node) as distinct', () => {
    const a = new IpAllocator(cidr('fd00:10:244::/48'), 'pod');
    const ips = Array.from({ length: 300 }, (_, i) => `fd00:10:244:${i.toString(16)}::1`);
    expect(ips.map((ip) => a.reserve(ip))).toEqual(ips.map(() => true));
    expect(ips.map((ip) => a.reserve(ip))).toEqual(ips.map(() => false));
  });

  it('rejects text that is not an address instead of recursing (10.100.0.1500 looks dotted)', async () => {
    const { ipToBigInt } = await import('./ip.js');
    expect(() => ipToBigInt('10.100.0.1500')).toThrow(/not an IP address/);
    expect(() => ipToBigInt('::ffff:1.2.3.999')).toThrow(/not an IP address/);
  });
});

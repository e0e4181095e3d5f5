/**
 * Address segments: np-guard's disjoint blocks (netpol.md §2.10: 0.0.0.0/0 minus 10/8, 172.21/16 and
 * 172.30/16 gives 7 blocks), lookups at the edges, and IPv6 only when something uses it.
 */
import { describe, expect, it } from 'vitest';
import { makePod } from '../../test/fixtures.js';
import { ipBlock, makePolicy, rule } from '../../test/policy-fixtures.js';
import type { PolicyPeer } from '../model/index.js';
import { formatRange, IpSegments } from './ip-segments.js';

const withBlocks = (...blocks: PolicyPeer[]) => [makePolicy('np', (p) => (p.ingress = [rule(blocks)]))];
const ranges = (s: IpSegments) => s.segments.map((x) => formatRange(x.family, x.first, x.last));

describe('IpSegments', () => {
  it('no ipBlock: the whole IPv4 space in one segment', () => {
    expect(ranges(IpSegments.fromPolicies([]))).toEqual(['0.0.0.0-255.255.255.255']);
  });

  it("np-guard's example: 0.0.0.0/0 except three ranges gives 7 segments", () => {
    const s = IpSegments.fromPolicies(withBlocks(ipBlock('0.0.0.0/0', '10.0.0.0/8', '172.21.0.0/16', '172.30.0.0/16')));
    expect(ranges(s)).toEqual([
      '0.0.0.0-9.255.255.255',
      '10.0.0.0-10.255.255.255',
      '11.0.0.0-172.20.255.255',
      '172.21.0.0-172.21.255.255',
      '172.22.0.0-172.29.255.255',
      '172.30.0.0-172.30.255.255',
      '172.31.0.0-255.255.255.255',
    ]);
  });

  it.each([
    ['0.0.0.0', 0],
    ['9.255.255.255', 0],
    ['10.0.0.0', 1],
    ['10.255.255.255', 1],
    ['11.0.0.0', 2],
    ['255.255.255.255', 2],
    ['2001:db8::1', -1],
    ['not-an-ip', -1],
  ])('indexOf(%s) = %i', (ip, index) => {
    expect(IpSegments.fromPolicies(withBlocks(ipBlock('10.0.0.0/8'))).indexOf(ip)).toBe(index);
  });

  it('a host-bits cidr cuts at its network; an unparsable block cuts nothing', () => {
    expect(ranges(IpSegments.fromPolicies(withBlocks(ipBlock('192.168.242.213/24'), ipBlock('nonsense/8'))))).toEqual([
      '0.0.0.0-192.168.241.255',
      '192.168.242.0-192.168.242.255',
      '192.168.243.0-255.255.255.255',
    ]);
  });

  it('IPv6 appears with an IPv6 block or an IPv6 pod', () => {
    expect(ranges(IpSegments.fromPolicies(withBlocks(ipBlock('2001:db8::/32'))))).toContain('2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff');
    const dual = makePod('dual', (p) => (p.podIPs = ['10.244.0.5', 'fd00::5']));
    const s = IpSegments.fromPolicies([], [dual]);
    expect(ranges(s)).toEqual(['0.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']);
    expect(s.indicesOf(dual.podIPs)).toEqual([0, 1]);
  });
});

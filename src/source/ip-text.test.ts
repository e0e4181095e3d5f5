import { describe, expect, it } from 'vitest';
import { normalizeIp } from '../cluster/ip.js';
import { prng } from '../../test/random.js';
import { canonicalIp, isCanonicalIPv6 } from './ip-text.js';

describe('canonicalIp', () => {
  const CASES: Array<{ name: string; text: string; canonical: boolean }> = [
    { name: 'pod address of a dump', text: 'fd00:10:244:59::1', canonical: true },
    { name: 'unspecified', text: '::', canonical: true },
    { name: 'loopback', text: '::1', canonical: true },
    { name: 'trailing gap', text: 'fe80::', canonical: true },
    { name: 'all eight groups', text: '2001:db8:1:2:3:4:5:6', canonical: true },
    { name: 'shorter written run before the gap', text: '1:0:0:2::', canonical: true },
    { name: 'equal run after the gap', text: '1::2:3:4:0:0', canonical: true },
    { name: 'equal run before the gap', text: '1:0:0:2::3:4', canonical: false },
    { name: 'longer run after the gap', text: '1::2:0:0:0:3', canonical: false },
    { name: 'zero run not compressed', text: '1:0:0:2:3:4:5:6', canonical: false },
    { name: 'gap of one group', text: '1:2:3:4:5:6:7::', canonical: false },
    { name: 'written zero beside the gap', text: '1:0::2', canonical: false },
    { name: 'upper case', text: 'FD00::1', canonical: false },
    { name: 'leading zero', text: 'fd00::01', canonical: false },
    { name: 'IPv4-mapped in hex', text: '::ffff:a00:1', canonical: false },
    { name: 'IPv4-mapped dotted', text: '::ffff:10.0.0.1', canonical: false },
    { name: 'zone', text: 'fe80::1%eth0', canonical: false },
    { name: 'two gaps', text: '1::2::3', canonical: false },
    { name: 'triple colon', text: '1:::2', canonical: false },
    { name: 'trailing colon', text: '1:2:3:4:5:6:7:', canonical: false },
    { name: 'nine groups', text: '1:2:3:4:5:6:7:8:9', canonical: false },
    { name: 'group too long', text: '12345::1', canonical: false },
    { name: 'IPv4', text: '10.0.0.1', canonical: false },
  ];
  for (const c of CASES) {
    it(`${c.name}: ${c.text}`, () => {
      expect(isCanonicalIPv6(c.text)).toBe(c.canonical);
      expect(canonicalIp(c.text)).toBe(normalizeIp(c.text));
    });
  }

  it('answers as normalizeIp for random addresses in every spelling', () => {
    const rng = prng(11);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
    for (let n = 0; n < 20000; n++) {
      // Mostly zero groups, so that runs and gaps of every length occur.
      const groups = Array.from({ length: 8 }, () => (rng() < 0.5 ? 0 : pick([1, 0xa, 0xff, 0xffff, Math.floor(rng() * 0x10000)])));
      const full = groups.map((g) => g.toString(16)).join(':');
      const padded = groups.map((g) => g.toString(16).padStart(pick([1, 4]), '0')).join(':');
      const gap = Math.floor(rng() * 8);
      const len = 1 + Math.floor(rng() * (8 - gap));
      const compressed = groups.every((g, i) => i < gap || i >= gap + len || g === 0)
        ? `${groups.slice(0, gap).map((g) => g.toString(16)).join(':')}::${groups.slice(gap + len).map((g) => g.toString(16)).join(':')}`
        : full;
      for (const text of [full, padded, compressed, normalizeIp(full) ?? '', compressed.toUpperCase()]) {
        expect(canonicalIp(text), text).toBe(normalizeIp(text));
      }
    }
  });
});

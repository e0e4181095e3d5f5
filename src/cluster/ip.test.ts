import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { prng } from '../../test/random.js';
import { familyOf, ipToBigInt } from './ip.js';

/** The hand-written parser must accept exactly what `net.isIP` accepts. */
describe('familyOf agrees with net.isIP', () => {
  const want = (ip: string) => (isIP(ip) === 4 ? 'IPv4' : isIP(ip) === 6 ? 'IPv6' : undefined);

  it.each([
    '::', '::1', '1::', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', '1::8', '1:2:3:4:5:6::8',
    '1:2:3:4:5:6:7:8:9', '1:2:3:4::5:6:7:8', '1:2:3:4:5:6:7', ':1::', '1:::2', ':::', '1::2::3', ':', '1:', ':1',
    'fd00:10:244:241::1', 'FD00::ABCD', '00001::', '0001::', 'g::1', '::ffff:1.2.3.4', '::1.2.3.4', '1:2:3:4:5:6:1.2.3.4',
    '1:2:3:4:5:6:7:1.2.3.4', '1:2:3:4:5::1.2.3.4', '::ffff:01.2.3.4', '::ffff:1.2.3', '::ffff:1.2.3.256', '::1a.2.3.4',
    '1.2.3.4::', 'fe80::1%eth0', 'fe80::1%', 'fe80::1%e%0', 'fe80::1%a-b.c:d', 'fe80::1%e_0', '10.0.0.1', '10.0.0.01',
    '', ' ::1', '::1 ', '1.2.3.4', '::ffff:1.2.3.4%z',
  ])('%j', (ip) => {
    expect(familyOf(ip)).toBe(want(ip));
  });

  it('on mutated addresses (seeded, 20000 cases)', () => {
    const random = prng(20261125);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const seeds = ['fd00:10:244:241::1', '1:2:3:4:5:6:7:8', '::ffff:10.0.0.1', '1:2::3:4', '::', 'fe80::1%eth0', '10.0.0.1', '1:2:3:4:5:6:1.2.3.4'];
    const alphabet = '0123456789abcdefABCDEF::..%g';
    for (let n = 0; n < 20000; n++) {
      let ip = pick(seeds);
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
        const at = Math.floor(random() * (ip.length + 1));
        const op = random();
        const c = pick([...alphabet]);
        ip = op < 0.33 ? ip.slice(0, at) + ip.slice(at + 1) : op < 0.66 ? ip.slice(0, at) + c + ip.slice(at) : ip.slice(0, at) + c + ip.slice(at + 1);
      }
      expect(familyOf(ip), ip).toBe(want(ip));
    }
  });

  it('reads the dotted tail and the zero run into the same number', () => {
    expect(ipToBigInt('::ffff:1.2.3.4')).toBe(0xffff01020304n);
    expect(ipToBigInt('1::')).toBe(1n << 112n);
    expect(ipToBigInt('fe80::1%eth0')).toBe((0xfe80n << 112n) | 1n);
  });
});

/**
 * Canonical IP text for the addresses of a dump, cheaply. The API server writes pod IPs already in
 * canonical form (IPv6 in RFC 5952 text), so the common case is to confirm that, in one pass and
 * without allocating, and hand the same string back. Anything else (upper case, leading zeros, an
 * uncompressed zero run, IPv4-mapped or dotted forms, zones, invalid text) takes `normalizeIp`,
 * which has the final say: this module must never answer differently from it.
 */
import { normalizeIp } from '../cluster/ip.js';

/** `normalizeIp(text)`, answered without parsing when `text` is already canonical IPv6. */
export function canonicalIp(text: string): string | undefined {
  return text.includes(':') && isCanonicalIPv6(text) ? text : normalizeIp(text);
}

/** Groups of the address being checked (one buffer: the check runs once per pod address). */
const groups = new Int32Array(8);

/**
 * `text` is exactly what `normalizeIp` prints for it: groups of 1-4 lower-case hex digits without
 * leading zeros, and `::` standing for the first longest run of two or more zero groups (or absent
 * when there is none). IPv4-mapped addresses are left out: `normalizeIp` prints them dotted.
 */
export function isCanonicalIPv6(text: string): boolean {
  const n = text.length;
  if (n < 2 || n > 39) return false;
  let count = 0; // groups written
  let gapAt = -1; // index in `groups` where `::` stands
  let i = 0;
  if (text.charCodeAt(0) === 0x3a) {
    if (text.charCodeAt(1) !== 0x3a) return false;
    gapAt = 0;
    i = 2;
    if (i === n) return true; // `::`, the unspecified address
  }
  for (;;) {
    let value = 0;
    const start = i;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x30 && c <= 0x39) value = value * 16 + (c - 0x30);
      else if (c >= 0x61 && c <= 0x66) value = value * 16 + (c - 0x57);
      else if (c === 0x3a) break;
      else return false; // upper case, a dotted tail, a zone, a space: normalizeIp decides
    }
    const digits = i - start;
    if (digits === 0 || digits > 4 || (digits > 1 && text.charCodeAt(start) === 0x30) || count === 8) return false;
    groups[count++] = value;
    if (i === n) break;
    i++; // past ':'
    if (i < n && text.charCodeAt(i) === 0x3a) {
      if (gapAt >= 0) return false;
      gapAt = count;
      i++;
      if (i === n) break; // a trailing `::`
    } else if (i === n) return false; // a trailing single ':'
  }
  const gapLen = gapAt < 0 ? 0 : 8 - count;
  if (gapAt < 0 ? count !== 8 : gapLen < 2) return false;
  return gapMatchesLongestZeroRun(count, gapAt, gapLen) && !isIPv4Mapped(count, gapAt, gapLen);
}

/**
 * The `::` of the text is where RFC 5952 puts it: the first of the longest zero runs (of two or
 * more), counting the gap as a run of `gapLen` zeros at `gapAt`.
 */
function gapMatchesLongestZeroRun(count: number, gapAt: number, gapLen: number): boolean {
  let run = 0;
  for (let g = 0; g <= count; g++) {
    if (g === gapAt) {
      if (run > 0) return false; // a written zero right before `::`: the run is longer than the gap
      if (g < count && groups[g] === 0) return false; // …or right after it
    }
    if (g < count && groups[g] === 0) {
      run++;
      continue;
    }
    // A written run of two or more zeros is compressed instead when it is at least as long as the
    // gap and comes first, or longer and comes after; without a gap, any such run is.
    if (run >= 2 && (gapAt < 0 || run > gapLen || (run === gapLen && g - run < gapAt))) return false;
    run = 0;
  }
  return true;
}

/** `::ffff:a.b.c.d` written in hex (`::ffff:a00:1`): groups 0-4 zero, group 5 `ffff`. */
function isIPv4Mapped(count: number, gapAt: number, gapLen: number): boolean {
  if (gapAt !== 0 || gapLen !== 5 || count !== 3) return false;
  return groups[0] === 0xffff;
}

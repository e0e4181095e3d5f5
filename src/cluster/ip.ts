/**
 * IP addresses and CIDRs as numbers, so allocators can place an object at an offset inside a range.
 * Parsing is as strict as `net.isIP` (leading-zero IPv4 forms, which lenient parsers read as octal,
 * are rejected) but done by hand in one pass: it runs for every pod address of a dump, and Node's
 * IPv6 regular expression cost more than the rest of address handling together.
 */
import type { IPFamily } from '../model/index.js';

export interface Cidr {
  family: IPFamily;
  /** First address of the range, as a number. */
  base: bigint;
  prefix: number;
  /** Number of addresses in the range. */
  size: bigint;
  text: string;
}

/** `IPv4`, `IPv6` (a zone suffix allowed, as `net.isIP`), or undefined when `ip` is no address. */
export function familyOf(ip: string): IPFamily | undefined {
  if (isIPv4Text(ip)) return 'IPv4';
  return parseIPv6(ip, scratch) ? 'IPv6' : undefined;
}

/** Groups of the address being parsed: one buffer, as parsing runs once per pod address. */
const scratch = new Int32Array(8);

/**
 * `net.isIPv4` without its regular expression (this runs for every pod address): four decimal parts
 * of 0-255, no leading zeros, nothing else.
 */
export function isIPv4Text(ip: string): boolean {
  if (ip.length < 7 || ip.length > 15) return false;
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= ip.length; i++) {
    const c = i < ip.length ? ip.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || value > 255 || (digits > 1 && ip.charCodeAt(i - digits) === 0x30)) return false;
      parts++;
      digits = 0;
      value = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (++digits > 3) return false;
      value = value * 10 + (c - 0x30);
    } else return false;
  }
  return parts === 4;
}

/** The address as a number. Throws on text that is not an IP address (check with `familyOf` first). */
export function ipToBigInt(ip: string): bigint {
  const family = familyOf(ip);
  if (family === undefined) throw new TypeError(`not an IP address: "${ip}"`);
  if (family === 'IPv4') return BigInt(ipv4Number(ip));
  const g = scratch; // filled by familyOf
  // Four 32-bit words, so only four BigInt conversions per address.
  const word = (i: number) => BigInt((g[i] as number) * 0x10000 + (g[i + 1] as number));
  return (word(0) << 96n) | (word(2) << 64n) | (word(4) << 32n) | word(6);
}

/** A valid dotted IPv4 address as a number. */
export function ipv4Number(ip: string): number {
  let value = 0;
  let part = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 0x2e) {
      value = value * 256 + part;
      part = 0;
    } else part = part * 10 + (c - 0x30);
  }
  return value * 256 + part;
}

/**
 * Parse an IPv6 address into eight groups in `out`; false when `ip` is not one. The grammar is
 * `net.isIP`'s: 1-4 hex digits per group, at most one `::` standing for one or more zero groups,
 * an optional dotted IPv4 tail (two groups, no leading zeros), an optional `%zone` suffix.
 */
export function parseIPv6(ip: string, out: Int32Array): boolean {
  let end = ip.indexOf('%');
  if (end < 0) end = ip.length;
  else if (!isZone(ip, end + 1)) return false;
  if (end < 2) return false;
  let count = 0;
  let gap = -1;
  let i = 0;
  if (ip.charCodeAt(0) === 0x3a) {
    if (ip.charCodeAt(1) !== 0x3a) return false;
    gap = 0;
    i = 2;
  }
  while (i < end) {
    const start = i;
    let value = 0;
    for (; i < end; i++) {
      const c = ip.charCodeAt(i);
      const lower = c | 0x20;
      if (c >= 0x30 && c <= 0x39) value = value * 16 + (c - 0x30);
      else if (lower >= 0x61 && lower <= 0x66) value = value * 16 + (lower - 0x57);
      else break;
    }
    if (i < end && ip.charCodeAt(i) === 0x2e) {
      // A dotted IPv4 tail ends the address.
      const v4 = ip.slice(start, end);
      if (count > 6 || !isIPv4Text(v4)) return false;
      const n = ipv4Number(v4);
      out[count++] = Math.floor(n / 0x10000);
      out[count++] = n % 0x10000;
      break;
    }
    const digits = i - start;
    if (digits === 0 || digits > 4 || count === 8) return false;
    out[count++] = value;
    if (i === end) break;
    if (ip.charCodeAt(i) !== 0x3a || ++i === end) return false; // a trailing single ':'
    if (ip.charCodeAt(i) === 0x3a) {
      if (gap >= 0) return false;
      gap = count;
      i++;
    }
  }
  if (gap < 0) return count === 8;
  if (count > 7) return false;
  // Move the groups after `::` to the end and zero the run between.
  const tail = count - gap;
  for (let k = 1; k <= tail; k++) out[8 - k] = out[count - k] as number;
  out.fill(0, gap, 8 - tail);
  return true;
}

/** `net.isIP`'s zone suffix: one or more of `[0-9a-zA-Z-.:]`. */
function isZone(ip: string, from: number): boolean {
  if (from >= ip.length) return false;
  for (let i = from; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    const lower = c | 0x20;
    if (!((c >= 0x30 && c <= 0x3a) || (lower >= 0x61 && lower <= 0x7a) || c === 0x2d || c === 0x2e)) return false;
  }
  return true;
}

export function bigIntToIp(value: bigint, family: IPFamily): string {
  if (family === 'IPv4') {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  }
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  return formatIPv6(groups);
}

/** RFC 5952 text: lower case, longest run (≥2) of zero groups as `::`. */
function formatIPv6(groups: ArrayLike<number>): string {
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = Array.from(groups, (g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/**
 * Canonical text of an address, as the API server re-stringifies it: IPv4 unchanged (leading zeros
 * are invalid, as in Go since 1.17), IPv6 in RFC 5952 form, IPv4-mapped IPv6 with its dotted tail.
 * Undefined when `text` is not an address (zone suffixes like `%eth0` included).
 */
export function normalizeIp(text: string): string | undefined {
  const ip = text.trim();
  const family = familyOf(ip);
  if (!family || ip.includes('%')) return undefined;
  if (family === 'IPv4') return ip;
  const g = scratch; // filled by familyOf
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    const [hi = 0, lo = 0] = [g[6], g[7]];
    return `::ffff:${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  return formatIPv6(g);
}

/** Parse `10.96.0.0/12`; undefined when the text is not a CIDR. The base is masked. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr = '', prefixText, extra] = text.trim().split('/');
  const family = familyOf(addr);
  if (!family || prefixText === undefined || extra !== undefined || !/^\d+$/.test(prefixText)) return undefined;
  const bits = family === 'IPv4' ? 32 : 128;
  const prefix = Number(prefixText);
  if (prefix > bits) return undefined;
  const size = 1n << BigInt(bits - prefix);
  const base = (ipToBigInt(addr) / size) * size;
  return { family, base, prefix, size, text: `${bigIntToIp(base, family)}/${prefix}` };
}

export function cidrContains(cidr: Cidr, ip: string): boolean {
  if (familyOf(ip) !== cidr.family) return false;
  const value = ipToBigInt(ip);
  return value >= cidr.base && value < cidr.base + cidr.size;
}

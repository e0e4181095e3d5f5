/**
 * IP addresses and CIDRs as numbers, so allocators can place an object at an offset inside a range.
 * Parsing is strict (`net.isIP`), which rejects the leading-zero forms lenient parsers read as octal.
 */
import { isIP } from 'node:net';
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

export function familyOf(ip: string): IPFamily | undefined {
  if (isIPv4Text(ip)) return 'IPv4';
  return isIP(ip) === 6 ? 'IPv6' : undefined;
}

/**
 * `net.isIPv4` without its regular expression (this runs for every pod address): four decimal parts
 * of 0-255, no leading zeros, nothing else.
 */
function isIPv4Text(ip: string): boolean {
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
  const g = ipv6Groups(ip);
  // Four 32-bit words, so only four BigInt conversions per address.
  const word = (i: number) => BigInt((g[i] as number) * 0x10000 + (g[i + 1] as number));
  return (word(0) << 96n) | (word(2) << 64n) | (word(4) << 32n) | word(6);
}

/** A valid dotted IPv4 address as a number. */
function ipv4Number(ip: string): number {
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
 * The eight groups of a valid IPv6 address (an embedded dotted IPv4 tail is two groups), read in
 * one pass: this runs for every pod address of a dump.
 */
function ipv6Groups(ip: string): number[] {
  const groups: number[] = [];
  let gap = -1;
  let i = 0;
  if (ip.charCodeAt(0) === 0x3a && ip.charCodeAt(1) === 0x3a) {
    gap = 0;
    i = 2;
  }
  while (i < ip.length) {
    let j = i;
    let value = 0;
    let dotted = false;
    for (; j < ip.length; j++) {
      const c = ip.charCodeAt(j);
      if (c === 0x3a) break;
      if (c === 0x2e) dotted = true;
      else value = value * 16 + (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);
    }
    if (dotted) {
      const v4 = ipv4Number(ip.slice(i, j));
      groups.push(Math.floor(v4 / 0x10000), v4 % 0x10000);
    } else groups.push(value);
    if (j < ip.length && ip.charCodeAt(j + 1) === 0x3a) {
      gap = groups.length;
      j++;
    }
    i = j + 1;
  }
  if (gap >= 0) groups.splice(gap, 0, ...new Array<number>(8 - groups.length).fill(0));
  return groups;
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
function formatIPv6(groups: number[]): string {
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
  const hex = groups.map((g) => g.toString(16));
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
  const g = ipv6Groups(ip);
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

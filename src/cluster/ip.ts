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
  const version = isIP(ip);
  return version === 4 ? 'IPv4' : version === 6 ? 'IPv6' : undefined;
}

/** The address as a number. Throws on text that is not an IP address (check with `familyOf` first). */
export function ipToBigInt(ip: string): bigint {
  const version = isIP(ip);
  if (version === 0) throw new TypeError(`not an IP address: "${ip}"`);
  if (version === 4) {
    return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
  }
  const [head = '', tail] = ip.split('::') as [string, string | undefined];
  const parse = (s: string): number[] => (s ? s.split(':').flatMap(ipv6Group) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** An IPv6 group, or two groups for an embedded dotted IPv4 tail (`::ffff:1.2.3.4`). */
function ipv6Group(part: string): number[] {
  if (part.includes('.')) {
    const v4 = Number(ipToBigInt(part));
    return [v4 >>> 16, v4 & 0xffff];
  }
  return [parseInt(part, 16)];
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
  const value = ipToBigInt(ip);
  if (value >> 32n === 0xffffn) return `::ffff:${bigIntToIp(value & 0xffffffffn, 'IPv4')}`;
  return bigIntToIp(value, family);
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

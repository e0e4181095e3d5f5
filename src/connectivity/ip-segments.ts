/**
 * The address space cut into disjoint segments at every edge an ipBlock draws (each `cidr` and each
 * `except`, netpol.md §2.6), as np-guard's `getDisjointIPBlocks` does (§2.10). Inside one segment
 * every address is inside or outside each ipBlock alike, so one address stands for the whole segment
 * in evaluation. Segments serve twice: as the external peers of the matrix, and to tell pods apart
 * by address, because ipBlocks also match pod IPs (§1 takeaway 4).
 *
 * IPv4 is always covered; IPv6 only when a policy names an IPv6 block or a pod has an IPv6 address,
 * so an IPv4-only cluster prints the one `0.0.0.0-255.255.255.255` peer np-guard prints.
 */
import { bigIntToIp, familyOf, ipToBigInt, parseCidr } from '../cluster/ip.js';
import type { IPFamily, NetworkPolicy, Pod } from '../model/index.js';

/** One run of addresses `[first, last]` of one family, with the address that stands for it. */
export interface IpSegment {
  family: IPFamily;
  first: bigint;
  last: bigint;
  /** The first address, as text: what the engine evaluates for the whole segment. */
  ip: string;
}

const SPACE: Record<IPFamily, bigint> = { IPv4: 1n << 32n, IPv6: 1n << 128n };

/** Disjoint segments covering the address space of the families in use, IPv4 first, ascending. */
export class IpSegments {
  readonly segments: readonly IpSegment[];
  /** Per family: the index of its first segment and the sorted segment starts. */
  private readonly families = new Map<IPFamily, { offset: number; starts: bigint[] }>();

  private constructor(cuts: Map<IPFamily, Set<bigint>>) {
    const segments: IpSegment[] = [];
    for (const family of ['IPv4', 'IPv6'] as const) {
      const set = cuts.get(family);
      if (!set) continue;
      const starts = [...set].filter((c) => c > 0n && c < SPACE[family]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      starts.unshift(0n);
      this.families.set(family, { offset: segments.length, starts });
      starts.forEach((first, i) => {
        const last = (starts[i + 1] ?? SPACE[family]) - 1n;
        segments.push({ family, first, last, ip: bigIntToIp(first, family) });
      });
    }
    this.segments = segments;
  }

  /**
   * Cut at every edge of every parsable cidr and except of `policies`. An unparsable block matches
   * nothing in the engine, so it draws no edge here either.
   */
  static fromPolicies(policies: readonly NetworkPolicy[], pods: readonly Pod[] = []): IpSegments {
    const cuts = new Map<IPFamily, Set<bigint>>([['IPv4', new Set()]]);
    for (const policy of policies) {
      for (const rule of [...policy.ingress, ...policy.egress]) {
        for (const peer of rule.peers ?? []) {
          if (!peer.ipBlock) continue;
          for (const text of [peer.ipBlock.cidr, ...peer.ipBlock.except]) {
            const cidr = parseCidr(text);
            if (!cidr) continue;
            const set = cuts.get(cidr.family) ?? new Set<bigint>();
            cuts.set(cidr.family, set.add(cidr.base).add(cidr.base + cidr.size));
          }
        }
      }
    }
    if (!cuts.has('IPv6') && pods.some((p) => p.podIPs.some((ip) => familyOf(ip) === 'IPv6'))) cuts.set('IPv6', new Set());
    return new IpSegments(cuts);
  }

  /** The index of the segment holding `ip`, or -1 for text that is not an address of a covered family. */
  indexOf(ip: string): number {
    const family = familyOf(ip);
    const table = family && this.families.get(family);
    if (!table) return -1;
    const value = ipToBigInt(ip);
    // Binary search for the last start <= value.
    let lo = 0;
    let hi = table.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((table.starts[mid] as bigint) <= value) lo = mid;
      else hi = mid - 1;
    }
    return table.offset + lo;
  }

  /**
   * The distinct segments of a pod's addresses, sorted, without -1: pods with equal lists match the
   * same ipBlocks.
   */
  indicesOf(ips: readonly string[]): number[] {
    return [...new Set(ips.map((ip) => this.indexOf(ip)))].filter((i) => i >= 0).sort((a, b) => a - b);
  }
}

/** `10.0.0.0-10.255.255.255`: the np-guard spelling of a range of addresses. */
export function formatRange(family: IPFamily, first: bigint, last: bigint): string {
  return `${bigIntToIp(first, family)}-${bigIntToIp(last, family)}`;
}

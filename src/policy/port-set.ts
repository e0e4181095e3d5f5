/**
 * Sets of ports per protocol, as interval lists over 1..65535: the shape of "which connections may
 * go from A to B" in the connectivity matrix (netpol.md §2.10, np-guard's `ConnectionSet`). Only
 * TCP, UDP and SCTP exist here, because the NetworkPolicy API defines nothing else (§2.7). Every
 * value is immutable and normalised (sorted, disjoint, adjacent intervals merged), so equal sets
 * compare equal by `equals` and print the same.
 */
import type { Protocol } from '../model/index.js';

export const MIN_PORT = 1;
export const MAX_PORT = 65535;
/** The protocols a NetworkPolicy can name, in the order sets print. */
export const POLICY_PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** A closed interval `[first, last]` of ports. */
export type PortRange = readonly [number, number];
/** Sorted, disjoint, non-adjacent intervals inside 1..65535. */
export type PortRanges = readonly PortRange[];

const FULL: PortRanges = [[MIN_PORT, MAX_PORT]];

/** Clamp to 1..65535, sort and merge overlapping or adjacent intervals; drops inverted ones. */
export function normalizeRanges(ranges: Iterable<PortRange>): PortRanges {
  const sorted = [...ranges]
    .map(([a, b]): PortRange => [Math.max(a, MIN_PORT), Math.min(b, MAX_PORT)])
    .filter(([a, b]) => a <= b)
    .sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function unionRanges(a: PortRanges, b: PortRanges): PortRanges {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  return normalizeRanges([...a, ...b]);
}

/** Two-pointer walk over both sorted lists. */
export function intersectRanges(a: PortRanges, b: PortRanges): PortRanges {
  const out: PortRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [a0, a1] = a[i] as PortRange;
    const [b0, b1] = b[j] as PortRange;
    const lo = Math.max(a0, b0);
    const hi = Math.min(a1, b1);
    if (lo <= hi) out.push([lo, hi]);
    if (a1 < b1) i++;
    else j++;
  }
  return out;
}

/** The ports of 1..65535 not in `a`. */
export function complementRanges(a: PortRanges): PortRanges {
  const out: PortRange[] = [];
  let next = MIN_PORT;
  for (const [lo, hi] of a) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_PORT) out.push([next, MAX_PORT]);
  return out;
}

export function rangesContain(a: PortRanges, port: number): boolean {
  return a.some(([lo, hi]) => port >= lo && port <= hi);
}

/** `80,443,8000-8080`; `all` for 1-65535; `none` for the empty list. */
export function formatRanges(a: PortRanges): string {
  if (a.length === 0) return 'none';
  if (isFull(a)) return 'all';
  return a.map(([lo, hi]) => (lo === hi ? String(lo) : `${lo}-${hi}`)).join(',');
}

function isFull(a: PortRanges): boolean {
  return a.length === 1 && a[0]?.[0] === MIN_PORT && a[0][1] === MAX_PORT;
}

function sameRanges(a: PortRanges, b: PortRanges): boolean {
  return a.length === b.length && a.every(([lo, hi], i) => b[i]?.[0] === lo && b[i]?.[1] === hi);
}

type ByProtocol = Readonly<Record<Protocol, PortRanges>>;

/** An immutable set of (protocol, port) pairs. */
export class PortSet {
  private constructor(private readonly byProtocol: ByProtocol) {}

  /** No connection at all. */
  static empty(): PortSet {
    return new PortSet({ TCP: [], UDP: [], SCTP: [] });
  }

  /** Every port of every protocol (an unrestricted direction, a rule without `ports`). */
  static all(): PortSet {
    return new PortSet({ TCP: FULL, UDP: FULL, SCTP: FULL });
  }

  /** Ports `first..last` of one protocol; `last` defaults to `first`, no `first` means all ports. */
  static of(protocol: Protocol, first?: number, last?: number): PortSet {
    const range: PortRange = first === undefined ? [MIN_PORT, MAX_PORT] : [first, last ?? first];
    return new PortSet({ ...PortSet.empty().byProtocol, [protocol]: normalizeRanges([range]) });
  }

  /** A set from unsorted, possibly overlapping intervals per protocol (normalised once). */
  static fromRanges(ranges: Partial<Record<Protocol, Iterable<PortRange>>>): PortSet {
    return new PortSet({ TCP: normalizeRanges(ranges.TCP ?? []), UDP: normalizeRanges(ranges.UDP ?? []), SCTP: normalizeRanges(ranges.SCTP ?? []) });
  }

  /** The intervals of one protocol. */
  ranges(protocol: Protocol): PortRanges {
    return this.byProtocol[protocol];
  }

  has(protocol: Protocol, port: number): boolean {
    return rangesContain(this.byProtocol[protocol], port);
  }

  union(other: PortSet): PortSet {
    return this.combine(other, unionRanges);
  }

  intersect(other: PortSet): PortSet {
    return this.combine(other, intersectRanges);
  }

  /** Every (protocol, port) not in this set. */
  complement(): PortSet {
    return this.map(complementRanges);
  }

  isEmpty(): boolean {
    return POLICY_PROTOCOLS.every((p) => this.byProtocol[p].length === 0);
  }

  isAll(): boolean {
    return POLICY_PROTOCOLS.every((p) => isFull(this.byProtocol[p]));
  }

  equals(other: PortSet): boolean {
    return POLICY_PROTOCOLS.every((p) => sameRanges(this.byProtocol[p], other.byProtocol[p]));
  }

  /**
   * `TCP 80,443,8000-8080; UDP 53`, protocols in TCP, UDP, SCTP order and only those with ports;
   * a whole protocol prints as `UDP all`; `all` for everything and `none` for nothing.
   */
  toString(): string {
    if (this.isAll()) return 'all';
    const parts = POLICY_PROTOCOLS.filter((p) => this.byProtocol[p].length > 0).map((p) => `${p} ${formatRanges(this.byProtocol[p])}`);
    return parts.length === 0 ? 'none' : parts.join('; ');
  }

  private combine(other: PortSet, op: (a: PortRanges, b: PortRanges) => PortRanges): PortSet {
    return new PortSet({
      TCP: op(this.byProtocol.TCP, other.byProtocol.TCP),
      UDP: op(this.byProtocol.UDP, other.byProtocol.UDP),
      SCTP: op(this.byProtocol.SCTP, other.byProtocol.SCTP),
    });
  }

  private map(op: (a: PortRanges) => PortRanges): PortSet {
    return new PortSet({ TCP: op(this.byProtocol.TCP), UDP: op(this.byProtocol.UDP), SCTP: op(this.byProtocol.SCTP) });
  }
}

/**
 * Deterministic allocators for cluster IPs, pod IPs and NodePorts. An object's slot comes from a
 * hash of its identity (probing on collision), never from a running counter: allocation does not
 * depend on input order, and adding or removing one object leaves the others where they were.
 * Values the input already holds are reserved first and kept.
 */
import { bigIntToIp, ipToBigInt, ipv4Number, isIPv4Text, parseIPv6, type Cidr } from './ip.js';
import { stableHash } from './hash.js';

export class AllocationError extends Error {
  constructor(
    message: string,
    readonly code: 'range-exhausted',
  ) {
    super(message);
  }
}

/** Offsets [low, high) inside a range from which dynamic allocation picks. */
interface Band {
  low: bigint;
  high: bigint;
}

/**
 * Offsets as Set keys. V8 hashes a BigInt by its lowest 64-bit digit only, so IPv6 offsets that
 * differ above it (a /64 per node) all collide and a Set of them turns quadratic: 150,000 dual-stack
 * pods took 30 s to reserve. Numbers (every offset below 2^53) and strings hash properly.
 */
function slot(offset: bigint): number | string {
  return offset <= MAX_SAFE ? Number(offset) : offset.toString();
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

class HashedRange {
  private readonly used = new Set<number | string>();

  constructor(
    private readonly band: Band,
    private readonly describe: string,
  ) {}

  /** Mark an offset (as `slot` keys it) taken; returns false when it was already taken. */
  reserve(key: number | string): boolean {
    if (this.used.has(key)) return false;
    this.used.add(key);
    return true;
  }

  release(key: number | string): void {
    this.used.delete(key);
  }

  /**
   * A free offset for `identity`. `inUse` tells of offsets held outside this range's own set (the
   * input's addresses, looked up only where probing lands instead of all reserved up front).
   */
  allocate(identity: string, inUse?: (offset: bigint) => boolean): bigint {
    const span = this.band.high - this.band.low;
    const exhausted = () => new AllocationError(`${this.describe} is exhausted (${span} addresses)`, 'range-exhausted');
    if (BigInt(this.used.size) >= span) throw exhausted();
    let offset = this.band.low + (BigInt(stableHash(identity)) % span);
    // Linear probing keeps collisions local: only objects hashing to the same run move.
    for (let probed = 1n; this.used.has(slot(offset)) || inUse?.(offset); probed++) {
      if (probed >= span) throw exhausted();
      offset = offset + 1n === this.band.high ? this.band.low : offset + 1n;
    }
    this.used.add(slot(offset));
    return offset;
  }
}

/**
 * Addresses of one CIDR. For Service CIDRs, dynamic allocation uses the upper band as the API server
 * does (offset `min(max(16, size/16), 256)`, virtual-ips.md "Avoiding collisions").
 */
export class IpAllocator {
  private readonly range: HashedRange;
  /** IPv4: the base and size as numbers. IPv6: per group, the prefix bits and the base's value of them. */
  private readonly base4: number;
  private readonly size4: number;
  private readonly masks = new Int32Array(8);
  private readonly baseGroups = new Int32Array(8);
  private readonly groups = new Int32Array(8);

  constructor(
    readonly cidr: Cidr,
    kind: 'service' | 'pod',
  ) {
    const size = cidr.size > 1n << 48n ? 1n << 48n : cidr.size;
    // IPv4 ranges lose the network and broadcast addresses.
    const last = cidr.family === 'IPv4' ? size - 1n : size;
    let low = 1n;
    if (kind === 'service') {
      const offset = size / 16n < 16n ? 16n : size / 16n > 256n ? 256n : size / 16n;
      low = offset < last ? offset : 1n;
    }
    this.range = new HashedRange({ low, high: last > low ? last : low + 1n }, `${kind} CIDR ${cidr.text}`);
    this.base4 = Number(cidr.base);
    this.size4 = Number(cidr.size);
    for (let g = 0; g < 8; g++) {
      const bits = Math.min(Math.max(cidr.prefix - 16 * g, 0), 16);
      this.masks[g] = (0xffff << (16 - bits)) & 0xffff;
      this.baseGroups[g] = Number((cidr.base >> BigInt(112 - 16 * g)) & 0xffffn);
    }
  }

  /** Keep an address the input already uses; false when another object holds it. */
  reserve(ip: string): boolean {
    const key = this.keyOf(ip);
    return key === undefined || this.range.reserve(key);
  }

  release(ip: string): void {
    const key = this.keyOf(ip);
    if (key !== undefined) this.range.release(key);
  }

  /** An address for `identity`, avoiding reserved ones and any `inUse` says is taken (canonical text). */
  allocate(identity: string, inUse?: (ip: string) => boolean): string {
    const text = (offset: bigint) => bigIntToIp(this.cidr.base + offset, this.cidr.family);
    return text(this.range.allocate(identity, inUse && ((offset) => inUse(text(offset)))));
  }

  /**
   * The `slot` key of `ip`'s offset in this range, undefined when `ip` is of the other family or
   * outside the range. Computed without BigInt: every input pod address passes here. Throws on text
   * that is not an address.
   */
  private keyOf(ip: string): number | string | undefined {
    if (ip.includes(':') !== (this.cidr.family === 'IPv6')) return undefined; // the other family's range
    if (this.cidr.family === 'IPv4') {
      if (!isIPv4Text(ip)) ipToBigInt(ip); // throws
      const offset = ipv4Number(ip) - this.base4;
      return offset >= 0 && offset < this.size4 ? offset : undefined;
    }
    const g = this.groups;
    if (!parseIPv6(ip, g)) ipToBigInt(ip); // throws
    for (let i = 0; i < 8; i++) {
      const mask = this.masks[i] as number;
      if (((g[i] as number) & mask) !== this.baseGroups[i]) return undefined;
      g[i] = (g[i] as number) & ~mask & 0xffff;
    }
    if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && (g[4] as number) < 32) {
      // At most 2^53 - 1: the number `slot` gives.
      return (g[4] as number) * 2 ** 48 + (g[5] as number) * 2 ** 32 + (g[6] as number) * 2 ** 16 + (g[7] as number);
    }
    // Larger offsets only need a key of their own: allocation never reaches them (the band ends at 2^48).
    return String.fromCharCode(g[0] as number, g[1] as number, g[2] as number, g[3] as number, g[4] as number, g[5] as number, g[6] as number, g[7] as number);
  }
}

/**
 * NodePorts from `--service-node-port-range` (default 30000-32767); dynamic allocation prefers the
 * upper band, offset `min(max(16, size/32), 128)` (KEP-3668, stable in 1.29).
 */
export class NodePortAllocator {
  private readonly range: HashedRange;

  constructor(
    readonly min: number,
    readonly max: number,
  ) {
    const size = max - min + 1;
    const offset = Math.min(Math.max(16, Math.floor(size / 32)), 128);
    this.range = new HashedRange(
      { low: BigInt(offset < size ? offset : 0), high: BigInt(size) },
      `NodePort range ${min}-${max}`,
    );
  }

  reserve(port: number): boolean {
    if (port < this.min || port > this.max) return true;
    return this.range.reserve(port - this.min);
  }

  release(port: number): void {
    this.range.release(port - this.min);
  }

  allocate(identity: string): number {
    return this.min + Number(this.range.allocate(identity));
  }
}

/**
 * Deterministic allocators for cluster IPs, pod IPs and NodePorts. An object's slot comes from a
 * hash of its identity (probing on collision), never from a running counter: allocation does not
 * depend on input order, and adding or removing one object leaves the others where they were.
 * Values the input already holds are reserved first and kept.
 */
import { bigIntToIp, ipToBigInt, type Cidr } from './ip.js';
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

  /** Mark an offset taken; returns false when it was already taken. */
  reserve(offset: bigint): boolean {
    const key = slot(offset);
    if (this.used.has(key)) return false;
    this.used.add(key);
    return true;
  }

  release(offset: bigint): void {
    this.used.delete(slot(offset));
  }

  allocate(identity: string): bigint {
    const span = this.band.high - this.band.low;
    if (BigInt(this.used.size) >= span) {
      throw new AllocationError(`${this.describe} is exhausted (${span} addresses)`, 'range-exhausted');
    }
    let offset = this.band.low + (BigInt(stableHash(identity)) % span);
    // Linear probing keeps collisions local: only objects hashing to the same run move.
    while (this.used.has(slot(offset))) offset = offset + 1n === this.band.high ? this.band.low : offset + 1n;
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
  }

  /** Keep an address the input already uses; false when another object holds it. */
  reserve(ip: string): boolean {
    if (ip.includes(':') !== (this.cidr.family === 'IPv6')) return true; // the other family's range
    const value = ipToBigInt(ip) - this.cidr.base;
    if (value < 0n || value >= this.cidr.size) return true;
    return this.range.reserve(value);
  }

  release(ip: string): void {
    this.range.release(ipToBigInt(ip) - this.cidr.base);
  }

  allocate(identity: string): string {
    return bigIntToIp(this.cidr.base + this.range.allocate(identity), this.cidr.family);
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
    return this.range.reserve(BigInt(port - this.min));
  }

  release(port: number): void {
    this.range.release(BigInt(port - this.min));
  }

  allocate(identity: string): number {
    return this.min + Number(this.range.allocate(identity));
  }
}

/**
 * Encoded answers of the wire server, kept so a repeated question costs a map lookup and a copy
 * instead of decode, engine lookup and encode. CoreDNS's default Corefile has `cache 30`, so a cache
 * is faithful; unlike CoreDNS's, this one never serves old data: it is emptied whenever the engine
 * is replaced or its `version` moves (types.ts), not when a TTL runs out, and engines without a
 * version are never cached.
 *
 * The key is the whole query after its ID, plus the transport. The reply is a function of exactly
 * those bytes (header bits such as RD and CD, the question with its 0x20 mixed case, the OPT record
 * with its UDP size and DO bit) and the UDP or TCP size limit; only the ID differs, and it is
 * patched into a copy for each reply. Forwarded answers are never stored: they are not ours to keep.
 */
import type { DnsEngine } from './types.js';

/** One stored reply, with what the query log says about it. */
export interface CachedAnswer {
  /** The reply as first encoded; only ever copied (see `replyFor`). */
  bytes: Buffer;
  name: string;
  type: string;
  rcode: string;
  answers: number;
  truncated: boolean;
}

export interface AnswerCacheLimits {
  /** Stored replies at most. @default 200000 */
  maxEntries: number;
  /** Bytes of keys and replies at most. @default 64 MiB */
  maxBytes: number;
}

/** Queries longer than this are not stored: real questions are far shorter, junk need not fill the cache. */
const MAX_KEY_BYTES = 300;
/** Rough bookkeeping cost of one entry on top of its key and reply. */
const ENTRY_OVERHEAD = 120;

/** The key for a query, or undefined when it should not be stored. The ID (bytes 0-1) is left out. */
export function cacheKey(query: Buffer, transport: 'udp' | 'tcp'): string | undefined {
  if (query.length < 12 || query.length > MAX_KEY_BYTES) return undefined;
  return (transport === 'udp' ? 'u' : 't') + query.toString('latin1', 2);
}

/** A fresh copy of a stored reply carrying the query's ID (RFC 1035 §4.1.1: the ID is copied). */
export function replyFor(cached: CachedAnswer, query: Buffer): Buffer {
  const reply = Buffer.allocUnsafe(cached.bytes.length);
  cached.bytes.copy(reply);
  reply[0] = query[0] as number;
  reply[1] = query[1] as number;
  return reply;
}

export class AnswerCache {
  private readonly entries = new Map<string, CachedAnswer>();
  private bytes = 0;
  private engine: DnsEngine | undefined;
  private version: number | undefined;
  private readonly limits: AnswerCacheLimits;

  constructor(limits: Partial<AnswerCacheLimits> = {}) {
    this.limits = { maxEntries: limits.maxEntries ?? 200_000, maxBytes: limits.maxBytes ?? 64 * 1024 * 1024 };
  }

  /** Stored replies right now (tests). */
  get size(): number {
    return this.entries.size;
  }

  /** The reply stored for `key` while `engine` is unchanged since it was stored. */
  get(engine: DnsEngine, key: string): CachedAnswer | undefined {
    return this.follow(engine) ? this.entries.get(key) : undefined;
  }

  /** Stores a copy of a reply `engine` just gave; the oldest entries go first when a limit is reached. */
  set(engine: DnsEngine, key: string, answer: CachedAnswer): void {
    if (!this.follow(engine)) return;
    const cost = key.length + answer.bytes.length + ENTRY_OVERHEAD;
    if (cost > this.limits.maxBytes) return;
    const previous = this.entries.get(key);
    if (previous) {
      this.bytes -= key.length + previous.bytes.length + ENTRY_OVERHEAD;
      this.entries.delete(key);
    }
    // Oldest first, which a Map keeps in insertion order: simple, and every entry is equally cheap to remake.
    while (this.entries.size >= this.limits.maxEntries || this.bytes + cost > this.limits.maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.bytes -= oldest.value.length + (this.entries.get(oldest.value) as CachedAnswer).bytes.length + ENTRY_OVERHEAD;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, { ...answer, bytes: ownCopy(answer.bytes) });
    this.bytes += cost;
  }

  /**
   * True when replies from `engine` may be stored, after emptying the cache if the engine or its
   * version is not the one the stored replies came from.
   */
  private follow(engine: DnsEngine): boolean {
    const version = engine.version?.();
    if (version === undefined) {
      if (this.engine !== undefined) this.forget(undefined, undefined);
      return false;
    }
    if (engine !== this.engine || version !== this.version) this.forget(engine, version);
    return true;
  }

  private forget(engine: DnsEngine | undefined, version: number | undefined): void {
    this.entries.clear();
    this.bytes = 0;
    this.engine = engine;
    this.version = version;
  }
}

/**
 * The bytes in a memory block of their own. Small Buffers are slices of a shared 8 KiB pool, and a
 * long-lived slice would keep its whole block alive: the byte limit would not be the memory used.
 */
function ownCopy(bytes: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(copy);
  return copy;
}

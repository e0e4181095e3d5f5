/**
 * Our DNS response encoder. dns-packet never compresses names, which matters here: an A record for
 * `web.default.svc.cluster.local` costs 45 bytes uncompressed but 16 compressed, so roughly three
 * times as many records fit in a 512-byte UDP answer. This encoder writes RFC 1035 §4.1 messages with
 * §4.1.4 name compression (a map from each name suffix, as wire bytes, to the offset where it was
 * first written; pointers therefore only ever point backwards) and fits the message to a size limit:
 * the answer and authority sections go in whole or not at all (then TC is set and only the header,
 * the question and OPT remain), while additional RRsets that do not fit are dropped without TC
 * (RFC 2181 §9). Compression keys are case-sensitive so every owner keeps the case the engine chose
 * (RFC 4343 §4; dns.md §10 has CoreDNS echo the query's spelling).
 */
import { isIP } from 'node:net';
import { ipToBigInt } from '../cluster/ip.js';
import type { Rcode, ResourceRecord } from './types.js';
import { nameToLabels, WireEncodeError } from './wire-names.js';

/** Response codes by name; BADVERS (16) is an extended code carried half in OPT (RFC 6891 §6.1.3). */
export const RCODE_NUMBER = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5, BADVERS: 16 } as const;
export type WireRcode = Rcode | 'BADVERS';

/** Type codes of the records we write (RFC 1035 §3.2.2, RFC 3596, RFC 2782, RFC 6891). */
export const TYPE_NUMBER = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, TXT: 16, AAAA: 28, SRV: 33, OPT: 41 } as const;
export const CLASS_IN = 1;
export { WireEncodeError, type WireEncodeErrorCode } from './wire-names.js';

/** The largest DNS message: TCP's 2-byte length prefix (RFC 1035 §4.2.2). */
export const MAX_MESSAGE = 65535;

/** A question exactly as it goes on the wire; `name` is in presentation form (`\.` and `\DDD` escapes). */
export interface WireQuestion {
  name: string;
  type: number;
  class: number;
}

/** The OPT pseudo-record we send (RFC 6891 §6.1.2): our UDP payload size and the query's DO bit. */
export interface Edns {
  udpPayloadSize: number;
  /** DO is copied from the query (RFC 3225 §3). */
  dnssecOk: boolean;
}

export interface DnsResponse {
  id: number;
  opcode: number;
  /** A name, or a raw 4-bit code when relaying another server's answer. */
  rcode: WireRcode | number;
  authoritative: boolean;
  recursionDesired: boolean;
  recursionAvailable: boolean;
  checkingDisabled: boolean;
  /** Force TC with empty sections (a relayed answer too large for the client). */
  truncated?: boolean;
  question?: WireQuestion;
  answer: readonly ResourceRecord[];
  authority: readonly ResourceRecord[];
  additional: readonly ResourceRecord[];
  edns?: Edns;
}

/** The message, whether TC was set, and how many answer records made it in (for the query log). */
export interface EncodedResponse {
  bytes: Buffer;
  truncated: boolean;
  answerCount: number;
}

/** Thrown inside the writer when a message would pass 65535 bytes; never escapes this module. */
const OVERFLOW = Symbol('overflow');

/** One shared scratch buffer: encoding is synchronous, so no two messages are ever built at once. */
const scratch = Buffer.alloc(MAX_MESSAGE);

class Writer {
  offset = 0;
  /** Suffix (length-prefixed label bytes, as latin1) → offset of its first occurrence. */
  private readonly names = new Map<string, number>();
  private readonly parsed = new Map<string, { labels: Buffer[]; keys: string[] }>();

  private room(n: number): number {
    if (this.offset + n > MAX_MESSAGE) throw OVERFLOW;
    const at = this.offset;
    this.offset += n;
    return at;
  }

  u8(v: number): void {
    scratch[this.room(1)] = v;
  }

  u16(v: number, what = 'u16'): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new WireEncodeError('rdata-invalid', `${what} ${v} out of range`);
    scratch.writeUInt16BE(v, this.room(2));
  }

  u32(v: number, what = 'u32'): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new WireEncodeError('rdata-invalid', `${what} ${v} out of range`);
    scratch.writeUInt32BE(v, this.room(4));
  }

  bytes(b: Uint8Array): void {
    scratch.set(b, this.room(b.length));
  }

  /**
   * Writes a name, replacing the longest already-written suffix by a pointer when `compress` is set
   * (RFC 1035 §4.1.4). Either way its suffixes become targets for later pointers; offsets from
   * 0x4000 up do not fit the 14-bit pointer and are not recorded.
   */
  name(name: string, compress: boolean): void {
    const { labels, keys } = this.parse(name);
    for (let i = 0; i < labels.length; i++) {
      const key = keys[i] as string;
      const target = compress ? this.names.get(key) : undefined;
      if (target !== undefined) {
        this.u16(0xc000 | target);
        return;
      }
      if (this.offset < 0x4000 && !this.names.has(key)) this.names.set(key, this.offset);
      const label = labels[i] as Buffer;
      this.u8(label.length);
      this.bytes(label);
    }
    this.u8(0);
  }

  /** Label bytes and suffix keys of a name, parsed once per message (answers repeat owners). */
  private parse(name: string): { labels: Buffer[]; keys: string[] } {
    let parsed = this.parsed.get(name);
    if (!parsed) {
      const labels = nameToLabels(name);
      const keys: string[] = [];
      let key = '';
      for (let i = labels.length - 1; i >= 0; i--) {
        const label = labels[i] as Buffer;
        key = String.fromCharCode(label.length) + label.toString('latin1') + key;
        keys[i] = key;
      }
      parsed = { labels, keys };
      this.parsed.set(name, parsed);
    }
    return parsed;
  }

  /** Cuts the message back to `offset`, forgetting names written past it so no pointer dangles. */
  rollback(offset: number): void {
    this.offset = offset;
    for (const [key, at] of this.names) if (at >= offset) this.names.delete(key);
  }

  rr(rr: ResourceRecord): void {
    this.name(rr.name, true);
    this.u16(TYPE_NUMBER[rr.type]);
    this.u16(CLASS_IN);
    this.u32(rr.ttl, 'ttl');
    const lengthAt = this.room(2);
    const start = this.offset;
    this.rdata(rr);
    scratch.writeUInt16BE(this.offset - start, lengthAt);
  }

  /** RDATA per type (RFC 1035 §3.3-3.4, RFC 3596 §2.2, RFC 2782). */
  private rdata(rr: ResourceRecord): void {
    switch (rr.type) {
      case 'A':
      case 'AAAA': {
        const family = rr.type === 'A' ? 4 : 6;
        if (isIP(rr.data) !== family) throw new WireEncodeError('rdata-invalid', `${rr.type} ${JSON.stringify(rr.data)} is not an IPv${family} address`);
        if (family === 4) return this.bytes(Uint8Array.from(rr.data.split('.'), Number));
        this.bytes(Buffer.from(ipToBigInt(rr.data).toString(16).padStart(32, '0'), 'hex'));
        return;
      }
      case 'CNAME':
      case 'NS':
      case 'PTR':
        return this.name(rr.data, true); // well-known RDATA names may be compressed (RFC 3597 §4)
      case 'SOA':
        this.name(rr.data.mname, true);
        this.name(rr.data.rname, true);
        for (const field of ['serial', 'refresh', 'retry', 'expire', 'minimum'] as const) this.u32(rr.data[field], `SOA ${field}`);
        return;
      case 'SRV':
        this.u16(rr.data.priority, 'SRV priority');
        this.u16(rr.data.weight, 'SRV weight');
        this.u16(rr.data.port, 'SRV port');
        // RFC 2782 and RFC 3597 §4: the target is never compressed. Later names may still point at it.
        return this.name(rr.data.target, false);
      case 'TXT': {
        const strings = rr.data.length === 0 ? [''] : rr.data; // at least one <character-string>
        for (const s of strings) {
          const b = Buffer.from(s, 'utf8');
          if (b.length > 255) throw new WireEncodeError('rdata-invalid', `TXT string over 255 bytes`);
          this.u8(b.length);
          this.bytes(b);
        }
        return;
      }
    }
  }
}

/** Header flags, byte 2 and 3 (RFC 1035 §4.1.1; AD/CD from RFC 4035 §3.2). */
function writeHeader(msg: DnsResponse, tc: boolean, rcode: number, counts: readonly number[]): void {
  scratch.writeUInt16BE(msg.id & 0xffff, 0);
  scratch[2] = 0x80 | ((msg.opcode & 0xf) << 3) | (msg.authoritative ? 0x04 : 0) | (tc ? 0x02 : 0) | (msg.recursionDesired ? 0x01 : 0);
  scratch[3] = (msg.recursionAvailable ? 0x80 : 0) | (msg.checkingDisabled ? 0x10 : 0) | (rcode & 0xf);
  counts.forEach((n, i) => scratch.writeUInt16BE(n, 4 + 2 * i));
}

/** Consecutive records with one owner and type form an RRset (RFC 2181 §5). */
function rrsets(records: readonly ResourceRecord[]): ResourceRecord[][] {
  const sets: ResourceRecord[][] = [];
  for (const rr of records) {
    const last = sets.at(-1);
    const head = last?.[0];
    if (last && head && head.type === rr.type && head.name.toLowerCase() === rr.name.toLowerCase()) last.push(rr);
    else sets.push([rr]);
  }
  return sets;
}

/**
 * Encodes a response no longer than `limit` bytes (512 for plain UDP, the EDNS size, or 65535 on
 * TCP). Throws `WireEncodeError` for record data the wire cannot carry.
 */
export function encodeResponse(msg: DnsResponse, limit: number = MAX_MESSAGE): EncodedResponse {
  const w = new Writer();
  w.offset = 12;
  if (msg.question) {
    w.name(msg.question.name, false);
    w.u16(msg.question.type, 'qtype');
    w.u16(msg.question.class, 'qclass');
  }
  const afterQuestion = w.offset;
  // Room for OPT is kept back so it always goes in (RFC 6891 §7: a TC answer still carries OPT).
  const budget = Math.min(limit, MAX_MESSAGE) - (msg.edns ? 11 : 0);
  let truncated = msg.truncated === true;
  let counts = [msg.question ? 1 : 0, 0, 0, 0];
  if (!truncated) {
    try {
      for (const rr of [...msg.answer, ...msg.authority]) {
        w.rr(rr);
        if (w.offset > budget) throw OVERFLOW;
      }
      counts = [counts[0] as number, msg.answer.length, msg.authority.length, 0];
    } catch (err) {
      if (err !== OVERFLOW) throw err;
      truncated = true; // RFC 1035 §4.1.1 TC; the client retries over TCP (RFC 7766 §5)
    }
  }
  if (truncated) w.rollback(afterQuestion);
  else counts[3] = fitAdditional(w, msg.additional, budget);
  const rcode = typeof msg.rcode === 'number' ? msg.rcode : RCODE_NUMBER[msg.rcode];
  if (msg.edns) {
    w.u8(0); // root owner
    w.u16(TYPE_NUMBER.OPT);
    w.u16(msg.edns.udpPayloadSize, 'udpPayloadSize'); // CLASS = our UDP payload size
    w.u8(rcode >> 4); // upper 8 bits of the extended RCODE (RFC 6891 §6.1.3)
    w.u8(0); // EDNS version 0
    w.u16(msg.edns.dnssecOk ? 0x8000 : 0);
    w.u16(0); // no options
    counts[3] = (counts[3] as number) + 1;
  }
  writeHeader(msg, truncated, rcode, counts);
  return { bytes: Buffer.from(scratch.subarray(0, w.offset)), truncated, answerCount: counts[1] as number };
}

/** Adds whole additional RRsets while they fit; the rest are left out without TC (RFC 2181 §9). */
function fitAdditional(w: Writer, additional: readonly ResourceRecord[], budget: number): number {
  let count = 0;
  for (const set of rrsets(additional)) {
    const mark = w.offset;
    try {
      for (const rr of set) w.rr(rr);
      if (w.offset > budget) throw OVERFLOW;
      count += set.length;
    } catch (err) {
      if (err !== OVERFLOW) throw err;
      w.rollback(mark);
      break;
    }
  }
  return count;
}

/**
 * Reads an incoming DNS query and sorts it into what the server must do: drop it (no readable
 * header, or it is itself a response), answer with an error code (NOTIMP, FORMERR, BADVERS) or
 * answer the one question. dns-packet, inside try/catch, checks the whole message; the question is
 * also read here byte by byte so the name can be echoed exactly as sent (case, and any odd bytes in
 * `\DDD` form) and compressed against in the answer.
 */
import dnsPacket from 'dns-packet';
import type { Edns, WireQuestion } from './wire-encode.js';
import { labelsToName } from './wire-names.js';

export interface QueryHeader {
  id: number;
  opcode: number;
  recursionDesired: boolean;
  checkingDisabled: boolean;
}

/** The EDNS parameters a client sent (RFC 6891 §6.1.2). */
export interface ClientEdns {
  udpPayloadSize: number;
  version: number;
  dnssecOk: boolean;
}

export type DecodedQuery =
  | { kind: 'drop'; reason: string }
  | { kind: 'error'; rcode: 'FORMERR' | 'NOTIMP' | 'BADVERS'; reason: string; header: QueryHeader; question?: WireQuestion; edns?: ClientEdns }
  | { kind: 'query'; header: QueryHeader; question: WireQuestion; edns?: ClientEdns };

/** Type mnemonics (IANA DNS parameters); anything else is `TYPE<n>` (RFC 3597 §5). */
const TYPE_NAMES: Record<number, string> = {
  1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 13: 'HINFO', 15: 'MX', 16: 'TXT', 28: 'AAAA',
  33: 'SRV', 35: 'NAPTR', 39: 'DNAME', 41: 'OPT', 43: 'DS', 46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY',
  52: 'TLSA', 64: 'SVCB', 65: 'HTTPS', 99: 'SPF', 251: 'IXFR', 252: 'AXFR', 255: 'ANY', 257: 'CAA',
};

export function typeName(type: number): string {
  return TYPE_NAMES[type] ?? `TYPE${type}`;
}

/**
 * Reads the question at `offset` (12 in a message with one question). A query's only name has
 * nothing earlier to point at, so a compression pointer here is malformed. Returns undefined when the
 * bytes do not hold a whole question.
 */
export function readQuestion(bytes: Buffer, offset = 12): { question: WireQuestion; end: number } | undefined {
  const labels: Buffer[] = [];
  let at = offset;
  let wireLength = 1;
  for (;;) {
    const len = bytes[at];
    if (len === undefined || len > 63) return undefined; // past the end, or a pointer / reserved label type
    at += 1;
    if (len === 0) break;
    wireLength += len + 1;
    if (wireLength > 255 || at + len > bytes.length) return undefined; // RFC 1035 §2.3.4
    labels.push(bytes.subarray(at, at + len));
    at += len;
  }
  if (at + 4 > bytes.length) return undefined;
  const question = { name: labelsToName(labels), type: bytes.readUInt16BE(at), class: bytes.readUInt16BE(at + 2) };
  return { question, end: at + 4 };
}

/** The OPT record of a decoded message; more than one, or one not owned by the root, is malformed. */
function readEdns(packet: dnsPacket.DecodedPacket): ClientEdns | 'malformed' | undefined {
  const opts = (packet.additionals ?? []).filter((rr): rr is dnsPacket.OptAnswer => rr.type === 'OPT');
  if (opts.length === 0) return undefined;
  const opt = opts[0];
  if (opts.length > 1 || !opt || opt.name !== '.') return 'malformed'; // RFC 6891 §6.1.1
  return { udpPayloadSize: opt.udpPayloadSize, version: opt.ednsVersion, dnssecOk: opt.flag_do };
}

/**
 * Classifies one received message. Never throws: every failure becomes `drop` (nothing safe to
 * answer) or `error` (a header with an ID to answer to).
 */
export function decodeQuery(bytes: Buffer): DecodedQuery {
  if (bytes.length < 12) return { kind: 'drop', reason: 'shorter than a header' };
  // QR set: this is a response. Answering it could start a loop between two servers (RFC 1035 §4.1.1).
  if ((bytes[2] as number) & 0x80) return { kind: 'drop', reason: 'not a query (QR set)' };
  const header: QueryHeader = {
    id: bytes.readUInt16BE(0),
    opcode: ((bytes[2] as number) >> 3) & 0xf,
    recursionDesired: ((bytes[2] as number) & 0x01) !== 0,
    checkingDisabled: ((bytes[3] as number) & 0x10) !== 0,
  };
  const qdcount = bytes.readUInt16BE(4);
  const question = qdcount === 1 ? readQuestion(bytes)?.question : undefined;
  let packet: dnsPacket.DecodedPacket | undefined;
  let undecodable = '';
  try {
    packet = dnsPacket.decode(bytes);
  } catch (err) {
    undecodable = `undecodable: ${err instanceof Error ? err.message : String(err)}`;
  }
  const opt = packet && readEdns(packet);
  // Error answers carry OPT when the query's was sound, so the client does not conclude that we lack
  // EDNS (RFC 6891 §7).
  const edns = opt === 'malformed' ? undefined : opt;
  // Only standard QUERY (opcode 0) is served; IQUERY, STATUS, NOTIFY, UPDATE get NOTIMP (RFC 1035 §4.1.1).
  if (header.opcode !== 0) return { kind: 'error', rcode: 'NOTIMP', reason: `opcode ${header.opcode}`, header, question, edns };
  if (qdcount !== 1) return { kind: 'error', rcode: 'FORMERR', reason: `QDCOUNT ${qdcount}`, header, edns };
  if (!question) return { kind: 'error', rcode: 'FORMERR', reason: 'question unreadable', header, edns };
  if (!packet) return { kind: 'error', rcode: 'FORMERR', reason: undecodable, header, question };
  if (opt === 'malformed') return { kind: 'error', rcode: 'FORMERR', reason: 'bad OPT record', header, question };
  // We speak EDNS version 0 only: a higher version gets BADVERS (RFC 6891 §6.1.3).
  if (edns && edns.version !== 0) return { kind: 'error', rcode: 'BADVERS', reason: `EDNS version ${edns.version}`, header, question, edns };
  return { kind: 'query', header, question, edns };
}

/** The OPT we answer with: our size, and DO copied from the query (RFC 3225 §3). */
export function answerEdns(client: ClientEdns | undefined, udpPayloadSize: number): Edns | undefined {
  return client ? { udpPayloadSize, dnssecOk: client.dnssecOk } : undefined;
}

/**
 * The neutral DNS vocabulary shared by the answer engine, the wire server, zone export and the
 * resolver simulation. Record data follows dns-packet's shapes so encoders and tests can use that
 * library as an oracle.
 */

export type RRType = 'A' | 'AAAA' | 'SRV' | 'PTR' | 'CNAME' | 'TXT' | 'NS' | 'SOA';

export interface SrvData {
  priority: number;
  weight: number;
  port: number;
  target: string;
}

export interface SoaData {
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}

/** One resource record. Names are absolute without the trailing dot (`web.default.svc.cluster.local`). */
export type ResourceRecord =
  | { name: string; type: 'A' | 'AAAA' | 'PTR' | 'CNAME' | 'NS'; ttl: number; data: string }
  | { name: string; type: 'SRV'; ttl: number; data: SrvData }
  | { name: string; type: 'SOA'; ttl: number; data: SoaData }
  | { name: string; type: 'TXT'; ttl: number; data: string[] };

export type Rcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED' | 'FORMERR' | 'NOTIMP';

/** A question as asked: `type` is the wire mnemonic (`A`, `MX`, `HTTPS`, `TYPE65534`), case as sent. */
export interface Question {
  name: string;
  type: string;
}

/** What the engine answers; the wire server adds the header, EDNS and truncation. */
export interface DnsAnswer {
  rcode: Rcode;
  /** The AA bit: set on every answer from the cluster zones. */
  authoritative: boolean;
  answer: ResourceRecord[];
  authority: ResourceRecord[];
  additional: ResourceRecord[];
  /**
   * The name is in none of the engine's zones, or `fallthrough` hands it on: the server refuses it
   * or forwards it to `--upstream`.
   */
  notAuthoritative?: boolean;
}

/** The answer engine as the server, the CLI and the resolver simulation see it. */
export interface DnsEngine {
  /** Zones served, lower case, no trailing dot (`cluster.local`, `in-addr.arpa`, `ip6.arpa`). */
  readonly zones: readonly string[];
  answer(question: Question): DnsAnswer;
  /**
   * A number that moves whenever any answer may change (same number, same answers). The wire server
   * keeps encoded answers only from engines that have it, and only while it stays put.
   */
  version?(): number | undefined;
}

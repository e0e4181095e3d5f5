/**
 * Helpers for the wire-server tests. `fakeEngine` is a stand-in `DnsEngine` with canned records for a
 * handful of names in `cluster.local`, so the server, forwarder and `dig` tests do not depend on the
 * real engine: owners echo the question's spelling (dns.md §10), unknown names get NXDOMAIN with the
 * zone's SOA, names outside the zone are `notAuthoritative` and `boom.cluster.local` makes it throw.
 * `query` builds wire queries; `prng` and `mutate` drive the seeded fuzz tests; `udpAsk`/`tcpAsk`
 * talk to a server on 127.0.0.1 only.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import type { DnsAnswer, DnsEngine, Question, ResourceRecord } from '../src/dns/types.js';
import { prng } from './random.js';
export { prng };

export const ZONE = 'cluster.local';

export const SOA: ResourceRecord = {
  name: ZONE,
  type: 'SOA',
  ttl: 30,
  data: { mname: 'ns.dns.cluster.local', rname: 'hostmaster.cluster.local', serial: 1700000000, refresh: 7200, retry: 1800, expire: 86400, minimum: 30 },
};

const a = (name: string, ip: string): ResourceRecord => ({ name, type: 'A', ttl: 30, data: ip });

/** `[name, type] → records`, names lower case. */
const TABLE: Record<string, { answer: ResourceRecord[]; additional?: ResourceRecord[] }> = {
  'web.default.svc.cluster.local A': { answer: [a('web.default.svc.cluster.local', '10.96.0.10')] },
  'web.default.svc.cluster.local AAAA': { answer: [{ name: 'web.default.svc.cluster.local', type: 'AAAA', ttl: 30, data: 'fd00::10' }] },
  '_http._tcp.web.default.svc.cluster.local SRV': {
    answer: [{ name: '_http._tcp.web.default.svc.cluster.local', type: 'SRV', ttl: 30, data: { priority: 0, weight: 100, port: 80, target: 'web.default.svc.cluster.local' } }],
    additional: [a('web.default.svc.cluster.local', '10.96.0.10')],
  },
  'dns-version.cluster.local TXT': { answer: [{ name: 'dns-version.cluster.local', type: 'TXT', ttl: 28800, data: ['1.1.0'] }] },
  '10.0.96.10.in-addr.arpa PTR': { answer: [{ name: '10.0.96.10.in-addr.arpa', type: 'PTR', ttl: 30, data: 'web.default.svc.cluster.local' }] },
  'big.default.svc.cluster.local A': {
    answer: Array.from({ length: 100 }, (_, i) => a('big.default.svc.cluster.local', `10.0.${i >> 8}.${(i & 0xff) + 1}`)),
  },
};

function empty(rcode: DnsAnswer['rcode'], authoritative: boolean): DnsAnswer {
  return { rcode, authoritative, answer: [], authority: [], additional: [] };
}

/** The fake engine; `calls` records every question it was asked. */
export function fakeEngine(): DnsEngine & { calls: Question[] } {
  const calls: Question[] = [];
  return {
    zones: [ZONE, '10.in-addr.arpa'],
    calls,
    answer(question: Question): DnsAnswer {
      calls.push(question);
      const lower = question.name.toLowerCase();
      if (lower === `boom.${ZONE}`) throw new Error('engine exploded');
      if (!lower.endsWith(ZONE) && !lower.endsWith('10.in-addr.arpa')) return { ...empty('NOERROR', false), notAuthoritative: true };
      const hit = TABLE[`${lower} ${question.type}`];
      if (!hit) return { ...empty('NXDOMAIN', true), authority: [SOA] };
      const echo = (rr: ResourceRecord): ResourceRecord => (rr.name === lower ? { ...rr, name: question.name } : rr);
      return { rcode: 'NOERROR', authoritative: true, answer: hit.answer.map(echo), authority: [], additional: hit.additional ?? [] };
    },
  };
}

/**
 * An upstream for forwarding tests, authoritative for example.com: one A at the apex and 100 at
 * `big.example.com` (too many for a 512-byte UDP reply), NXDOMAIN for any other name.
 */
export const exampleUpstream: DnsEngine = {
  zones: ['example.com'],
  answer(q) {
    const lower = q.name.toLowerCase();
    const count = lower === 'example.com' ? 1 : lower === 'big.example.com' ? 100 : 0;
    const answer = Array.from({ length: count }, (_, i): ResourceRecord => ({ name: q.name, type: 'A', ttl: 60, data: `192.0.2.${i + 1}` }));
    return { rcode: count ? 'NOERROR' : 'NXDOMAIN', authoritative: true, answer, authority: [], additional: [] };
  },
};

/** A wire query; `edns` adds an OPT record with that UDP size. */
export function query(name: string, type: dnsPacket.RecordType = 'A', options: { id?: number; edns?: number; flags?: number } = {}): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id: options.id ?? 4242,
    flags: options.flags ?? dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type, class: 'IN' }],
    additionals: options.edns === undefined ? [] : [{ type: 'OPT', name: '.', udpPayloadSize: options.edns, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }],
  });
}


/** Random bytes, or a valid query with a few bytes flipped, cut short, lengthened or a count changed. */
export function fuzzCase(random: () => number, seeds: readonly Buffer[]): Buffer {
  const int = (n: number): number => Math.floor(random() * n);
  if (random() < 0.3) return Buffer.from(Array.from({ length: int(80) }, () => int(256)));
  const b = Buffer.from(seeds[int(seeds.length)] as Buffer);
  const kind = int(4);
  if (kind === 0) for (let i = int(4) + 1; i > 0; i--) b[int(b.length)] = int(256);
  if (kind === 1) return b.subarray(0, int(b.length));
  if (kind === 2) return Buffer.concat([b, Buffer.from(Array.from({ length: int(40) + 1 }, () => int(256)))]);
  if (kind === 3) b.writeUInt16BE(int(0x10000), 4 + 2 * int(4));
  if (random() < 0.5) b[2] = (b[2] as number) & 0x7f; // mostly keep QR clear so the message reaches the parser
  return b;
}

/** Sends one datagram to 127.0.0.1:port; the reply, or undefined after `timeoutMs`. */
export function udpAsk(port: number, message: Buffer, timeoutMs = 2000): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    function finish(reply: Buffer | undefined): void {
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    }
    socket.on('message', (reply) => finish(reply));
    socket.send(message, port, '127.0.0.1');
  });
}

/** Opens a TCP connection to 127.0.0.1:port and sends each message framed; collects replies. */
export function tcpConnect(port: number): Promise<{ socket: net.Socket; replies: Buffer[]; send(message: Buffer): void; next(timeoutMs?: number): Promise<Buffer>; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const replies: Buffer[] = [];
    let buffered = Buffer.alloc(0);
    const waiters: Array<() => void> = [];
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        replies.push(Buffer.from(buffered.subarray(2, 2 + buffered.readUInt16BE(0))));
        buffered = buffered.subarray(2 + buffered.readUInt16BE(0));
      }
      waiters.splice(0).forEach((w) => w());
    });
    const send = (message: Buffer): void => {
      const frame = Buffer.alloc(2);
      frame.writeUInt16BE(message.length);
      socket.write(Buffer.concat([frame, message]));
    };
    let taken = 0;
    const next = async (timeoutMs = 2000): Promise<Buffer> => {
      const deadline = Date.now() + timeoutMs;
      while (replies.length <= taken) {
        if (Date.now() > deadline || socket.destroyed) throw new Error('no TCP reply');
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
      return replies[taken++] as Buffer;
    };
    socket.once('connect', () => resolve({ socket, replies, send, next, closed }));
    socket.once('error', reject);
  });
}

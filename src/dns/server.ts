/**
 * The DNS server behind `kreach dns serve`: UDP and TCP on one host and port, answering from a
 * `DnsEngine` and, with an upstream, forwarding what is outside the cluster zones. Rules, in order:
 * unreadable header or a response → dropped; opcode other than QUERY → NOTIMP; not exactly one
 * question or undecodable → FORMERR (RFC 1035 §4.1.1); EDNS version above 0 → BADVERS (RFC 6891
 * §6.1.3); class other than IN or ANY → REFUSED; AXFR/IXFR → REFUSED (as CoreDNS without the
 * `transfer` plugin); the engine's `notAuthoritative` → forwarded, or REFUSED without an upstream;
 * an exception in the engine → SERVFAIL. RD is copied, RA is never set. UDP answers are held to 512
 * bytes, or to the client's EDNS size between 512 and ours (RFC 6891 §6.2.5); what does not fit is
 * sent as header + question with TC and the client retries over TCP, which allows 65535 bytes.
 * Non-IN classes: early CoreDNS answered SERVFAIL ("can only deal with ClassINET") and current
 * CoreDNS ignores the class; we refuse, the code resolvers read as "ask someone else", since kreach
 * holds IN data only. A forwarded reply goes back as the upstream sent it (its AA and RA bits), only
 * the ID restored, or cut to header + question with TC when too big for the client's UDP size. Every
 * handler is wrapped: no packet can take the server down.
 */
import dgram from 'node:dgram';
import { isIP, type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Forwarder, type Upstream } from './forward.js';
import { formatClient, formatQueryLog, type QueryLogEntry, type QueryLogSink } from './query-log.js';
import { DnsTcpListener } from './server-tcp.js';
import type { DnsAnswer, DnsEngine } from './types.js';
import { answerEdns, decodeQuery, typeName, type ClientEdns, type QueryHeader } from './wire-decode.js';
import { CLASS_IN, encodeResponse, MAX_MESSAGE, RCODE_NUMBER, type DnsResponse, type WireQuestion, type WireRcode } from './wire-encode.js';

export interface DnsServerOptions {
  /** IP literal to bind. @default '127.0.0.1' */
  host?: string;
  /** UDP and TCP port; 0 picks a free one for both. @default 5353 */
  port?: number;
  /** Where out-of-zone questions go; without it they are REFUSED. */
  upstream?: Upstream;
  /** @default 2000 */
  upstreamTimeoutMs?: number;
  /** The EDNS UDP payload size we advertise and the most we send over UDP (512-65535). @default 1232 */
  udpPayloadSize?: number;
  /** @default 256 */
  maxTcpConnections?: number;
  /** @default 10000 */
  tcpIdleTimeoutMs?: number;
  /** One line per query (see query-log.ts); also told about refused and idle TCP connections. */
  log?: QueryLogSink;
}

export type DnsServerErrorCode = 'address-invalid' | 'upstream-is-self' | 'not-listening';

export class DnsServerError extends Error {
  override readonly name = 'DnsServerError';
  constructor(readonly code: DnsServerErrorCode, message: string) {
    super(message);
  }
}

/** `127.0.0.1:5353`, `[::1]:5353`, `::1` or `10.0.0.1` (default port); hosts are IP literals or `localhost`. */
export function parseHostPort(text: string, defaultPort: number): Upstream {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const plain = /^([^:]+)(?::(\d+))?$/.exec(text);
  const [, rawHost = '', rawPort] = bracketed ?? plain ?? (isIP(text) === 6 ? [text, text] : []);
  const host = rawHost === 'localhost' ? '127.0.0.1' : rawHost;
  const port = rawPort === undefined ? defaultPort : Number(rawPort);
  if (!isIP(host) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new DnsServerError('address-invalid', `expected HOST:PORT with an IP address, got ${JSON.stringify(text)}`);
  }
  return { host, port };
}

const RCODE_NAME = new Map<number, string>(Object.entries(RCODE_NUMBER).map(([name, n]) => [n, name]));

export class DnsServer {
  private udp: dgram.Socket | undefined;
  private tcp: DnsTcpListener | undefined;
  private readonly forwarder: Forwarder | undefined;
  private readonly udpSize: number;

  constructor(
    private readonly engineProvider: () => DnsEngine,
    private readonly options: DnsServerOptions = {},
  ) {
    this.udpSize = Math.max(512, Math.min(MAX_MESSAGE, options.udpPayloadSize ?? 1232));
    if (options.upstream) this.forwarder = new Forwarder({ upstream: options.upstream, timeoutMs: options.upstreamTimeoutMs });
  }

  /** Binds UDP and TCP on the same port (retrying when an ephemeral TCP port is taken for UDP). */
  async listen(): Promise<{ udp: AddressInfo; tcp: AddressInfo }> {
    const host = this.options.host ?? '127.0.0.1';
    const wanted = this.options.port ?? 5353;
    for (let attempt = 0; ; attempt++) {
      const tcp = new DnsTcpListener((message, client) => this.respond(message, 'tcp', client), {
        maxConnections: this.options.maxTcpConnections ?? 256,
        idleTimeoutMs: this.options.tcpIdleTimeoutMs ?? 10_000,
        maxPending: 32,
      }, (text) => this.write(text));
      const tcpAddress = await tcp.listen(wanted, host);
      let udp: dgram.Socket;
      try {
        udp = await this.bindUdp(host, tcpAddress.port);
      } catch (err) {
        await tcp.close();
        const retry = (err as NodeJS.ErrnoException).code === 'EADDRINUSE' && wanted === 0 && attempt < 20;
        if (retry) continue; // the free TCP port was taken for UDP: pick another
        throw err;
      }
      this.tcp = tcp;
      this.udp = udp;
      const udpAddress = udp.address();
      const up = this.options.upstream;
      const wildcard = udpAddress.address === '0.0.0.0' || udpAddress.address === '::';
      const sameHost = up && (up.host === udpAddress.address || (wildcard && (up.host === '127.0.0.1' || up.host === '::1')));
      if (up && sameHost && up.port === udpAddress.port) {
        await this.close();
        throw new DnsServerError('upstream-is-self', `upstream ${up.host}:${up.port} is this server: every forwarded query would loop`);
      }
      return { udp: udpAddress, tcp: tcpAddress };
    }
  }

  async close(): Promise<void> {
    this.forwarder?.close();
    const udp = this.udp;
    this.udp = undefined;
    if (udp) await new Promise<void>((resolve) => udp.close(() => resolve()));
    await this.tcp?.close();
    this.tcp = undefined;
  }

  /** Answers one received message; undefined means send nothing. Never rejects. */
  async respond(bytes: Buffer, transport: 'udp' | 'tcp', client: string): Promise<Buffer | undefined> {
    const started = performance.now();
    const entry: QueryLogEntry = { client, transport, rcode: 'DROP', answers: 0, latencyMs: 0 };
    let reply: Buffer | undefined;
    try {
      reply = await this.answer(bytes, transport, entry);
    } catch (err) {
      entry.error = `internal error: ${messageOf(err)}`;
      entry.rcode = 'DROP'; // even building SERVFAIL failed; say nothing rather than something wrong
    }
    entry.latencyMs = performance.now() - started;
    this.write(formatQueryLog(entry));
    return reply;
  }

  private write(line: string): void {
    try {
      this.options.log?.(line);
    } catch {
      // a broken log sink must not stop answers
    }
  }

  private async answer(bytes: Buffer, transport: 'udp' | 'tcp', entry: QueryLogEntry): Promise<Buffer | undefined> {
    const decoded = decodeQuery(bytes);
    if (decoded.kind === 'drop') {
      entry.flags = [`dropped=${JSON.stringify(decoded.reason)}`];
      return undefined;
    }
    const { header, question, edns } = decoded;
    if (question) {
      entry.name = question.name;
      entry.type = typeName(question.type);
    }
    const limit = transport === 'tcp' ? MAX_MESSAGE : udpLimit(edns, this.udpSize);
    const reply = (rcode: WireRcode | number, answer?: DnsAnswer, error?: string): Buffer => {
      if (error !== undefined) entry.error = error;
      return this.encode(entry, header, question, edns, limit, rcode, answer);
    };
    if (decoded.kind === 'error') return reply(decoded.rcode, undefined, decoded.reason);
    const q = decoded.question;
    if (q.class !== CLASS_IN && q.class !== 255) return reply('REFUSED', undefined, `class ${q.class} not served`);
    if (q.type === 252 || q.type === 251) return reply('REFUSED'); // AXFR/IXFR: no zone transfers (dns.md §8)
    let answer: DnsAnswer;
    try {
      answer = this.engineProvider().answer({ name: q.name, type: typeName(q.type) });
    } catch (err) {
      return reply('SERVFAIL', undefined, `engine failed: ${messageOf(err)}`);
    }
    if (!answer.notAuthoritative) return reply(answer.rcode, answer);
    if (!this.forwarder) return reply('REFUSED'); // not our zone and nowhere to send it
    const forwarded = await this.forwarder.forward(bytes);
    if (forwarded.kind === 'failed') return reply('SERVFAIL', undefined, forwarded.reason);
    entry.flags = [`forwarded=${forwarded.transport}`];
    return this.relay(entry, forwarded.bytes, header, question, edns, limit);
  }

  /** Builds our own answer; data the wire cannot carry becomes SERVFAIL. */
  private encode(entry: QueryLogEntry, header: QueryHeader, question: WireQuestion | undefined, edns: ClientEdns | undefined, limit: number, rcode: WireRcode | number, answer?: DnsAnswer): Buffer {
    const response: DnsResponse = {
      id: header.id,
      opcode: header.opcode,
      rcode,
      authoritative: answer?.authoritative ?? false,
      recursionDesired: header.recursionDesired, // RD is copied (RFC 1035 §4.1.1)
      recursionAvailable: false,
      checkingDisabled: header.checkingDisabled,
      question,
      answer: answer?.answer ?? [],
      authority: answer?.authority ?? [],
      additional: answer?.additional ?? [],
      edns: answerEdns(edns, this.udpSize),
    };
    let encoded;
    let sent = rcode;
    try {
      encoded = encodeResponse(response, limit);
    } catch (err) {
      entry.error = `cannot encode answer: ${messageOf(err)}`;
      sent = 'SERVFAIL';
      encoded = encodeResponse({ ...response, rcode: sent, authoritative: false, answer: [], authority: [], additional: [] }, limit);
    }
    entry.rcode = typeof sent === 'string' ? sent : (RCODE_NAME.get(sent) ?? `RCODE${sent}`);
    entry.answers = encoded.answerCount;
    if (encoded.truncated) entry.flags = [...(entry.flags ?? []), 'tc'];
    return encoded.bytes;
  }

  /** The upstream's reply as it came, or header + question with TC when it is too big for the client. */
  private relay(entry: QueryLogEntry, reply: Buffer, header: QueryHeader, question: WireQuestion | undefined, edns: ClientEdns | undefined, limit: number): Buffer {
    const rcode = (reply[3] as number) & 0xf;
    entry.rcode = RCODE_NAME.get(rcode) ?? `RCODE${rcode}`;
    entry.answers = reply.readUInt16BE(6);
    if (reply.length <= limit) return reply;
    entry.answers = 0;
    entry.flags = [...(entry.flags ?? []), 'tc'];
    const truncated = encodeResponse({
      id: header.id, opcode: header.opcode, rcode, authoritative: ((reply[2] as number) & 0x04) !== 0,
      recursionDesired: header.recursionDesired, recursionAvailable: ((reply[3] as number) & 0x80) !== 0,
      checkingDisabled: header.checkingDisabled, truncated: true, question, answer: [], authority: [], additional: [],
      edns: answerEdns(edns, this.udpSize),
    }, limit);
    return truncated.bytes;
  }

  private async bindUdp(host: string, port: number): Promise<dgram.Socket> {
    const socket = dgram.createSocket({ type: isIP(host) === 6 ? 'udp6' : 'udp4' }); // '::' is dual-stack, like the TCP side
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ port, address: host, exclusive: true }, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', (err) => this.write(`udp socket error: ${err.message}`));
    socket.on('message', (message, peer) => {
      void this.respond(message, 'udp', formatClient(peer.address, peer.port)).then((reply) => {
        if (!reply || this.udp !== socket) return;
        try {
          socket.send(reply, peer.port, peer.address, (err) => err && this.write(`udp send failed: ${err.message}`));
        } catch (err) {
          this.write(`udp send failed: ${(err as Error).message}`);
        }
      });
    });
    return socket;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** 512 without EDNS (RFC 1035 §4.2.1); with it the client's size, at least 512 and at most ours (RFC 6891 §6.2.5). */
function udpLimit(edns: ClientEdns | undefined, ours: number): number {
  return edns ? Math.max(512, Math.min(edns.udpPayloadSize, ours)) : 512;
}

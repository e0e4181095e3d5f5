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
 *
 * Speed: our own answers are kept encoded (answer-cache.ts, emptied whenever the engine's data
 * changes) and a query answered from the cache or the engine is handled synchronously, from the
 * packet to `send`, with no promise; only forwarding is asynchronous. Log lines are built only when
 * there is a log sink.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import { isIP, type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { AnswerCache, cacheKey, replyFor, type CachedAnswer } from './answer-cache.js';
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
  /** Stored encoded answers at most (answer-cache.ts); 0 turns the cache off. @default 200000 */
  cacheEntries?: number;
}

type Reply = Buffer | undefined;

/** Who asked: `host:port` already formatted (TCP), or a UDP sender, formatted only for the log. */
type Client = string | { address: string; port: number };

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
  private readonly cache: AnswerCache | undefined;

  constructor(
    private readonly engineProvider: () => DnsEngine,
    private readonly options: DnsServerOptions = {},
  ) {
    this.udpSize = Math.max(512, Math.min(MAX_MESSAGE, options.udpPayloadSize ?? 1232));
    if (options.upstream) this.forwarder = new Forwarder({ upstream: options.upstream, timeoutMs: options.upstreamTimeoutMs });
    if (options.cacheEntries !== 0) this.cache = new AnswerCache(options.cacheEntries === undefined ? {} : { maxEntries: options.cacheEntries });
  }

  /** Binds UDP and TCP on the same port (retrying when an ephemeral TCP port is taken for UDP). */
  async listen(): Promise<{ udp: AddressInfo; tcp: AddressInfo }> {
    const host = this.options.host ?? '127.0.0.1';
    const wanted = this.options.port ?? 5353;
    for (let attempt = 0; ; attempt++) {
      const tcp = new DnsTcpListener((message, client) => this.handle(message, 'tcp', client), {
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

  /** Answers one received message (from the cache when it can); undefined means send nothing. Never rejects. */
  async respond(bytes: Buffer, transport: 'udp' | 'tcp', client: string): Promise<Reply> {
    return this.handle(bytes, transport, client);
  }

  /**
   * Answers one received message, synchronously when the answer is ours (cached or from the engine)
   * and as a promise only when it is forwarded. Never throws, never rejects.
   */
  private handle(bytes: Buffer, transport: 'udp' | 'tcp', client: Client): Reply | Promise<Reply> {
    const started = this.options.log ? performance.now() : 0;
    const key = this.cache && cacheKey(bytes, transport);
    const hit = key === undefined ? undefined : this.cached(key);
    if (hit) {
      if (this.options.log) this.logCached(hit, client, transport, started);
      return replyFor(hit, bytes);
    }
    const entry: QueryLogEntry = { client: '', transport, rcode: 'DROP', answers: 0, latencyMs: 0 };
    let reply: Reply | Promise<Reply>;
    try {
      reply = this.answer(bytes, transport, entry, key);
    } catch (err) {
      return this.finish(entry, client, started, undefined, err);
    }
    if (reply instanceof Promise) {
      return reply.then(
        (r) => this.finish(entry, client, started, r),
        (err: unknown) => this.finish(entry, client, started, undefined, err),
      );
    }
    return this.finish(entry, client, started, reply);
  }

  /** The reply, after logging it; `failure` is set when even building an answer failed. */
  private finish(entry: QueryLogEntry, client: Client, started: number, reply: Reply, ...failure: [unknown?]): Reply {
    if (failure.length > 0) {
      entry.error = `internal error: ${messageOf(failure[0])}`;
      entry.rcode = 'DROP'; // even building SERVFAIL failed; say nothing rather than something wrong
      reply = undefined;
    }
    if (this.options.log) {
      entry.client = clientText(client);
      entry.latencyMs = performance.now() - started;
      this.write(formatQueryLog(entry));
    }
    return reply;
  }

  /** The stored reply for `key`, if the engine has not changed since it was stored. */
  private cached(key: string): CachedAnswer | undefined {
    try {
      return this.cache?.get(this.engineProvider(), key);
    } catch {
      return undefined; // the engine provider failed: the full path answers SERVFAIL and logs why
    }
  }

  /** The same line the full path would have written for this answer. */
  private logCached(hit: CachedAnswer, client: Client, transport: 'udp' | 'tcp', started: number): void {
    const entry: QueryLogEntry = { client: clientText(client), transport, name: hit.name, type: hit.type, rcode: hit.rcode, answers: hit.answers, latencyMs: 0 };
    if (hit.truncated) entry.flags = ['tc'];
    entry.latencyMs = performance.now() - started;
    this.write(formatQueryLog(entry));
  }

  private write(line: string): void {
    try {
      this.options.log?.(line);
    } catch {
      // a broken log sink must not stop answers
    }
  }

  /** Our answer, or a promise of the upstream's; `key`, when set, is where our answer is cached. */
  private answer(bytes: Buffer, transport: 'udp' | 'tcp', entry: QueryLogEntry, key: string | undefined): Reply | Promise<Reply> {
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
    let engine: DnsEngine;
    let answer: DnsAnswer;
    try {
      engine = this.engineProvider();
      answer = engine.answer({ name: q.name, type: typeName(q.type) });
    } catch (err) {
      return reply('SERVFAIL', undefined, `engine failed: ${messageOf(err)}`);
    }
    if (!answer.notAuthoritative) {
      const encoded = reply(answer.rcode, answer);
      // Only clean answers of our own: an encoding failure is logged with its reason each time.
      if (key !== undefined && entry.error === undefined) {
        this.cache?.set(engine, key, { bytes: encoded, name: q.name, type: entry.type ?? '', rcode: entry.rcode, answers: entry.answers, truncated: entry.flags?.includes('tc') === true });
      }
      return encoded;
    }
    if (!this.forwarder) return reply('REFUSED'); // not our zone and nowhere to send it
    const failed = (reason: string): Buffer => reply('SERVFAIL', undefined, reason);
    return this.forward(this.forwarder, bytes, entry, failed, (upstream) => this.relay(entry, upstream, header, question, edns, limit));
  }

  /** The upstream's answer, relayed; never cached, it is not ours to keep. */
  private async forward(forwarder: Forwarder, bytes: Buffer, entry: QueryLogEntry, failed: (reason: string) => Buffer, relay: (upstream: Buffer) => Buffer): Promise<Reply> {
    const forwarded = await forwarder.forward(bytes);
    if (forwarded.kind === 'failed') return failed(forwarded.reason);
    entry.flags = [`forwarded=${forwarded.transport}`];
    return relay(forwarded.bytes);
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
    // '::' is dual-stack, like the TCP side. Replies go to the sender's IP literal; the default
    // lookup would still defer each send by a tick to "resolve" it.
    const socket = dgram.createSocket({ type: isIP(host) === 6 ? 'udp6' : 'udp4', lookup: literalLookup });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ port, address: host, exclusive: true }, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', (err) => this.write(`udp socket error: ${err.message}`));
    socket.on('message', (message, peer) => {
      const reply = this.handle(message, 'udp', peer);
      if (reply instanceof Promise) void reply.then((r) => this.sendUdp(socket, r, peer));
      else this.sendUdp(socket, reply, peer);
    });
    return socket;
  }

  private sendUdp(socket: dgram.Socket, reply: Reply, peer: dgram.RemoteInfo): void {
    if (!reply || this.udp !== socket) return;
    try {
      // The callback costs a deferred call per packet; it is only worth it when there is a log to tell.
      if (this.options.log) socket.send(reply, peer.port, peer.address, this.afterSend);
      else socket.send(reply, peer.port, peer.address);
    } catch (err) {
      this.write(`udp send failed: ${(err as Error).message}`);
    }
  }

  private readonly afterSend = (err: Error | null): void => {
    if (err) this.write(`udp send failed: ${err.message}`);
  };
}

/**
 * A dgram lookup that answers IP literals at once (all we ever send to) and asks DNS otherwise.
 * Node passes the family as a number here, which `dns.lookup` accepts as well as options.
 */
function literalLookup(address: string, options: dns.LookupOneOptions, callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void): void {
  const literal = isIP(address);
  if (literal !== 0) return callback(null, address, literal);
  dns.lookup(address, options, callback);
}

function clientText(client: Client): string {
  return typeof client === 'string' ? client : formatClient(client.address, client.port);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** 512 without EDNS (RFC 1035 §4.2.1); with it the client's size, at least 512 and at most ours (RFC 6891 §6.2.5). */
function udpLimit(edns: ClientEdns | undefined, ours: number): number {
  return edns ? Math.max(512, Math.min(edns.udpPayloadSize, ours)) : 512;
}

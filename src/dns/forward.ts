/**
 * `--upstream HOST:PORT`: questions outside the cluster zones (the engine's `notAuthoritative`) are
 * passed on to another server, as CoreDNS's `forward` plugin does in the kubeadm Corefile. The
 * client's message goes out unchanged except for a fresh random ID over a fresh socket (so a reply
 * can't be forged by guessing the client's ID), first over UDP and again over TCP when the reply
 * comes back truncated (RFC 7766 §5). A reply counts only when its ID, QR bit and question match
 * what we sent; it is then relayed with the client's ID. No reply in time → the caller sends SERVFAIL.
 */
import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import net, { isIP } from 'node:net';
import { readQuestion } from './wire-decode.js';
import type { WireQuestion } from './wire-encode.js';

export interface Upstream {
  host: string;
  port: number;
}

export interface ForwarderOptions {
  upstream: Upstream;
  /** Time for the whole exchange, UDP and TCP retry together. @default 2000 */
  timeoutMs?: number;
  /** Questions forwarded at once; more are answered SERVFAIL straight away. @default 512 */
  maxInFlight?: number;
}

export type ForwardResult =
  | { kind: 'reply'; bytes: Buffer; transport: 'udp' | 'tcp' }
  | { kind: 'failed'; reason: string };

/** Does `reply` answer the message we sent with `id` and `question`? */
function matches(reply: Buffer, id: number, question: WireQuestion): boolean {
  if (reply.length < 12 || reply.readUInt16BE(0) !== id || !((reply[2] as number) & 0x80)) return false;
  if (reply.readUInt16BE(4) !== 1) return false;
  const got = readQuestion(reply)?.question;
  // Names compare case-insensitively (RFC 4343); some servers do not keep 0x20 mixed case.
  return got !== undefined && got.type === question.type && got.class === question.class && got.name.toLowerCase() === question.name.toLowerCase();
}

export class Forwarder {
  private inFlight = 0;
  /** The `done` of every exchange in progress, so `close` can end them. */
  private readonly open = new Set<(reply?: Buffer) => void>();
  private readonly timeoutMs: number;
  private readonly maxInFlight: number;

  constructor(private readonly options: ForwarderOptions) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.maxInFlight = options.maxInFlight ?? 512;
  }

  /** Forwards one query; the reply carries the client's ID. Never rejects. */
  async forward(query: Buffer): Promise<ForwardResult> {
    const question = readQuestion(query)?.question;
    if (query.length < 12 || !question) return { kind: 'failed', reason: 'query has no readable question' };
    if (this.inFlight >= this.maxInFlight) return { kind: 'failed', reason: 'too many forwarded queries in flight' };
    this.inFlight++;
    try {
      const id = randomInt(0x10000);
      const out = Buffer.from(query);
      out.writeUInt16BE(id, 0);
      const deadline = Date.now() + this.timeoutMs;
      const accept = (reply: Buffer): boolean => matches(reply, id, question);
      let transport: 'udp' | 'tcp' = 'udp';
      let reply = await this.udp(out, deadline, accept);
      if (reply && (reply[2] as number) & 0x02) {
        transport = 'tcp'; // TC: the full answer only comes over TCP (RFC 7766 §5)
        reply = await this.tcp(out, deadline, accept);
      }
      if (!reply) return { kind: 'failed', reason: `no answer from upstream ${this.options.upstream.host}:${this.options.upstream.port}` };
      const relayed = Buffer.from(reply);
      relayed.writeUInt16BE(query.readUInt16BE(0), 0);
      return { kind: 'reply', bytes: relayed, transport };
    } catch (err) {
      return { kind: 'failed', reason: `forwarding failed: ${(err as Error).message}` };
    } finally {
      this.inFlight--;
    }
  }

  /** Aborts every exchange in progress (they resolve as failed). */
  close(): void {
    for (const done of [...this.open]) done();
  }

  /**
   * Runs one exchange until a reply, a failure or the deadline. `start` opens the socket, calls
   * `done` with the reply (or nothing on failure) and returns how to close the socket.
   */
  private exchange(deadline: number, start: (done: (reply?: Buffer) => void) => () => void): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      let cleanup: (() => void) | undefined;
      let finished = false;
      const release = (): void => {
        try {
          cleanup?.();
        } catch {
          // the socket was already closed
        }
      };
      const done = (reply?: Buffer): void => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        this.open.delete(done);
        release();
        resolve(reply);
      };
      const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
      this.open.add(done);
      try {
        cleanup = start(done);
      } catch {
        done();
      }
      if (finished) release();
    });
  }

  private udp(message: Buffer, deadline: number, accept: (reply: Buffer) => boolean): Promise<Buffer | undefined> {
    const { host, port } = this.options.upstream;
    return this.exchange(deadline, (done) => {
      const socket = dgram.createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
      socket.on('error', () => done()); // ICMP port unreachable arrives here on a connected socket
      socket.on('message', (reply) => {
        if (accept(reply)) done(reply); // anything else is ignored: a late or forged datagram
      });
      socket.connect(port, host, () => {
        try {
          socket.send(message, (err) => err && done());
        } catch {
          done(); // connect failed; the socket is not connected
        }
      });
      return () => socket.close();
    });
  }

  /** One message over a fresh TCP connection, 2-byte length framing (RFC 1035 §4.2.2). */
  private tcp(message: Buffer, deadline: number, accept: (reply: Buffer) => boolean): Promise<Buffer | undefined> {
    const { host, port } = this.options.upstream;
    return this.exchange(deadline, (done) => {
      const socket = net.connect({ host, port });
      let buffered: Buffer = Buffer.alloc(0);
      socket.on('error', () => done());
      socket.on('close', () => done());
      socket.on('connect', () => {
        const length = Buffer.alloc(2);
        length.writeUInt16BE(message.length);
        socket.write(Buffer.concat([length, message]));
      });
      socket.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
          const reply = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
          buffered = buffered.subarray(2 + reply.length);
          if (accept(reply)) return done(Buffer.from(reply));
        }
      });
      return () => socket.destroy();
    });
  }
}

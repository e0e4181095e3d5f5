/**
 * DNS over TCP for the kreach server (RFC 7766): each message carries a 2-byte length prefix
 * (RFC 1035 §4.2.2), a client may send several queries on one connection without waiting
 * (pipelining, §6.2.1.1) and answers go back as they are ready, possibly out of order. Untrusted
 * clients are bounded: at most `maxConnections` at once (extra ones are closed on accept, §6.2.2),
 * idle connections are closed after `idleTimeoutMs` (§6.2.3), at most `maxPending` queries per
 * connection are worked on at once, and a client that stops reading its answers is paused, then
 * dropped by the idle timer.
 */
import net, { type AddressInfo } from 'node:net';
import { formatClient } from './query-log.js';

export interface TcpLimits {
  /** Open connections at once; one more is closed straight away. @default 256 */
  maxConnections: number;
  /** A connection with no traffic for this long is closed. @default 10000 */
  idleTimeoutMs: number;
  /** Queries in progress per connection before reading pauses. @default 32 */
  maxPending: number;
}

/** Answers one message (undefined = send nothing), at once or later; `client` is `host:port`. */
export type TcpHandler = (message: Buffer, client: string) => Buffer | undefined | Promise<Buffer | undefined>;

/** Bytes of unsent answers after which we stop reading from a client. */
const WRITE_HIGH_WATER = 256 * 1024;

export class DnsTcpListener {
  private readonly server: net.Server;
  private readonly connections = new Set<net.Socket>();

  constructor(
    private readonly handler: TcpHandler,
    private readonly limits: TcpLimits,
    /** Told about connections refused or closed for a limit; never about each query. */
    private readonly note: (text: string) => void = () => {},
  ) {
    this.server = net.createServer({ noDelay: true }, (socket) => this.accept(socket));
    this.server.on('error', (err) => this.note(`tcp server error: ${err.message}`));
  }

  /** Open connections right now (tests and `kreach dns serve` statistics). */
  get connectionCount(): number {
    return this.connections.size;
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen({ port, host, exclusive: true }, () => {
        this.server.off('error', onError);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** Stops accepting and drops every open connection. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      for (const socket of this.connections) socket.destroy();
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
    });
  }

  private accept(socket: net.Socket): void {
    socket.on('error', () => {}); // resets and broken pipes end the connection, nothing more
    const client = formatClient(socket.remoteAddress ?? '?', socket.remotePort ?? 0);
    if (this.connections.size >= this.limits.maxConnections) {
      this.note(`${client} tcp connection refused: ${this.limits.maxConnections} already open`);
      socket.destroy();
      return;
    }
    this.connections.add(socket);
    socket.on('close', () => this.connections.delete(socket));
    let buffered: Buffer = Buffer.alloc(0);
    let pending = 0;
    // Starts queries from the buffer while fewer than maxPending run, and reads from the socket only
    // while there is room and the client is taking its answers.
    const pump = (): void => {
      while (pending < this.limits.maxPending && socket.writableLength <= WRITE_HIGH_WATER && buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const length = buffered.readUInt16BE(0);
        const message = Buffer.from(buffered.subarray(2, 2 + length));
        buffered = buffered.subarray(2 + length);
        const reply = this.handler(message, client);
        if (!(reply instanceof Promise)) {
          send(reply); // answered at once: nothing stays pending
          continue;
        }
        pending++;
        reply
          .then((r) => send(r))
          .catch(() => {}) // the handler never rejects; this is only a guard
          .finally(() => {
            pending--;
            pump();
          });
      }
      const busy = pending >= this.limits.maxPending || socket.writableLength > WRITE_HIGH_WATER;
      if (busy && !socket.isPaused()) socket.pause();
      else if (!busy && socket.isPaused()) socket.resume();
    };
    const send = (reply: Buffer | undefined): void => {
      if (!reply || socket.destroyed || !socket.writable) return;
      const frame = Buffer.alloc(2 + reply.length);
      frame.writeUInt16BE(reply.length);
      reply.copy(frame, 2);
      socket.write(frame);
    };
    socket.setTimeout(this.limits.idleTimeoutMs, () => {
      if (pending > 0) return socket.setTimeout(this.limits.idleTimeoutMs); // still answering: not idle
      this.note(`${client} tcp connection closed: idle ${this.limits.idleTimeoutMs} ms`);
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref(); // in case the client never closes its side
    });
    socket.on('drain', pump);
    socket.on('data', (chunk: Buffer) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      pump();
    });
  }
}

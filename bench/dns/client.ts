/**
 * A small DNS client for the benchmark: one UDP socket that keeps many questions in flight (matched
 * by ID), and a TCP exchange for answers that come back truncated. Replies are decoded with
 * dns-packet, the same library kreach's tests use as an oracle.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';

/** A decoded reply; dns-packet sets `rcode` (`NOERROR`, `NXDOMAIN`…) though its types omit it. */
export type Reply = dnsPacket.DecodedPacket & { rcode?: string };

function encodeQuery(id: number, name: string, type: string): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type: type as dnsPacket.RecordType, class: 'IN' }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }],
  });
}

export class UdpClient {
  private readonly socket = dgram.createSocket('udp4');
  private readonly pending = new Map<number, { resolve: (reply: Reply | undefined) => void; timer: NodeJS.Timeout }>();
  private nextId = 1;

  constructor(private readonly port: number) {
    this.socket.on('message', (message) => {
      if (message.length < 2) return;
      const waiter = this.pending.get(message.readUInt16BE(0));
      if (!waiter) return;
      this.pending.delete(message.readUInt16BE(0));
      clearTimeout(waiter.timer);
      try {
        waiter.resolve(dnsPacket.decode(message) as Reply);
      } catch {
        waiter.resolve(undefined);
      }
    });
  }

  /** The decoded reply, or undefined after `timeoutMs`. */
  ask(name: string, type: string, timeoutMs = 2000): Promise<Reply | undefined> {
    let id = this.nextId;
    while (this.pending.has(id)) id = (id % 65535) + 1;
    this.nextId = (id % 65535) + 1;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(undefined);
      }, timeoutMs);
      this.pending.set(id, { resolve, timer });
      this.socket.send(encodeQuery(id, name, type), this.port, '127.0.0.1');
    });
  }

  close(): void {
    for (const { timer, resolve } of this.pending.values()) {
      clearTimeout(timer);
      resolve(undefined);
    }
    this.pending.clear();
    this.socket.close();
  }
}

/** One question over TCP (RFC 7766 framing), on its own connection. */
export function askTcp(port: number, name: string, type: string, timeoutMs = 5000): Promise<Reply | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let buffered = Buffer.alloc(0);
    const finish = (reply: Reply | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reply);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.on('error', () => finish(undefined));
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        try {
          finish(dnsPacket.decode(buffered.subarray(2, 2 + buffered.readUInt16BE(0))) as Reply);
        } catch {
          finish(undefined);
        }
      }
    });
    socket.once('connect', () => {
      const message = encodeQuery(1, name, type);
      const frame = Buffer.alloc(2);
      frame.writeUInt16BE(message.length);
      socket.write(Buffer.concat([frame, message]));
    });
  });
}

/** Ask until a NOERROR reply with data arrives; resolves false after `timeoutMs`. */
export async function waitForAnswer(port: number, name: string, timeoutMs: number, stillRunning: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const client = new UdpClient(port);
  try {
    while (Date.now() < deadline && stillRunning()) {
      const reply = await client.ask(name, 'A', 200);
      if (reply && reply.rcode === 'NOERROR' && (reply.answers?.length ?? 0) > 0) return true;
      if (!reply) continue;
      await new Promise((r) => setTimeout(r, 20));
    }
    return false;
  } finally {
    client.close();
  }
}

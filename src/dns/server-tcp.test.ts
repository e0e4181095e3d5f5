/**
 * DNS over TCP (RFC 7766) on 127.0.0.1: framing across split writes, pipelined queries answered as
 * they finish, and the bounds on connections and idle time.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { tcpConnect } from '../../test/dns-helpers.js';
import { DnsTcpListener, type TcpHandler } from './server-tcp.js';

const listeners: DnsTcpListener[] = [];
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.close()));
});

/** Echoes each message back reversed, after the delay its first byte asks for (in 10 ms units). */
const echo: TcpHandler = async (message) => {
  await new Promise((r) => setTimeout(r, (message[0] ?? 0) * 10));
  return Buffer.from(message).reverse();
};

async function start(limits: Partial<{ maxConnections: number; idleTimeoutMs: number; maxPending: number }> = {}, handler = echo) {
  const notes: string[] = [];
  const listener = new DnsTcpListener(handler, { maxConnections: 4, idleTimeoutMs: 5000, maxPending: 32, ...limits }, (n) => notes.push(n));
  listeners.push(listener);
  const { port } = await listener.listen(0, '127.0.0.1');
  return { listener, port, notes };
}

describe('DnsTcpListener', () => {
  it('reassembles messages split across writes and several in one write', async () => {
    const { port } = await start();
    const conn = await tcpConnect(port);
    const framed = Buffer.from([0, 3, 0, 1, 2, 0, 2, 0, 9]);
    for (const byte of framed) {
      conn.socket.write(Buffer.from([byte]));
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(await conn.next()).toEqual(Buffer.from([2, 1, 0]));
    expect(await conn.next()).toEqual(Buffer.from([9, 0]));
    conn.socket.destroy();
  });

  it('answers pipelined queries as they finish, out of order (RFC 7766 §6.2.1.1)', async () => {
    const { port } = await start();
    const conn = await tcpConnect(port);
    conn.send(Buffer.from([20, 1]));
    conn.send(Buffer.from([0, 2]));
    conn.send(Buffer.from([5, 3]));
    const replies = [await conn.next(), await conn.next(), await conn.next()];
    expect(replies.map((r) => r[0])).toEqual([2, 3, 1]);
    conn.socket.destroy();
  });

  it('sends nothing for a message the handler drops, and keeps the connection', async () => {
    const { port } = await start({}, async (m) => (m.length === 0 ? undefined : m));
    const conn = await tcpConnect(port);
    conn.send(Buffer.alloc(0));
    conn.send(Buffer.from([7]));
    expect(await conn.next()).toEqual(Buffer.from([7]));
    conn.socket.destroy();
  });

  it('closes connections over the limit straight away (RFC 7766 §6.2.2)', async () => {
    const { port, listener, notes } = await start({ maxConnections: 2 });
    const first = await tcpConnect(port);
    const second = await tcpConnect(port);
    await new Promise((r) => setTimeout(r, 50));
    const third = await tcpConnect(port);
    await third.closed;
    expect(listener.connectionCount).toBe(2);
    expect(notes.some((n) => /tcp connection refused: 2 already open/.test(n))).toBe(true);
    first.send(Buffer.from([0, 1]));
    expect(await first.next()).toEqual(Buffer.from([1, 0]));
    first.socket.destroy();
    await first.closed;
    await new Promise((r) => setTimeout(r, 50));
    const fourth = await tcpConnect(port);
    fourth.send(Buffer.from([0, 4]));
    expect(await fourth.next()).toEqual(Buffer.from([4, 0]));
    second.socket.destroy();
    fourth.socket.destroy();
  });

  it('closes an idle connection after idleTimeoutMs (RFC 7766 §6.2.3), not a busy one', async () => {
    const { port, notes } = await start({ idleTimeoutMs: 150 });
    const idle = await tcpConnect(port);
    const started = Date.now();
    const busy = await tcpConnect(port);
    busy.send(Buffer.from([30, 1])); // 300 ms of work, longer than the idle limit
    await idle.closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await busy.next()).toEqual(Buffer.from([1, 30]));
    expect(notes.some((n) => /idle 150 ms/.test(n))).toBe(true);
    busy.socket.destroy();
  });

  it('works on at most maxPending queries of a connection at once', async () => {
    let running = 0;
    let peak = 0;
    const { port } = await start({ maxPending: 2 }, async (m) => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      return m;
    });
    const conn = await tcpConnect(port);
    for (let i = 0; i < 8; i++) conn.send(Buffer.from([i]));
    const got: number[] = [];
    for (let i = 0; i < 8; i++) got.push((await conn.next())[0] as number);
    expect(got.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(2);
    conn.socket.destroy();
  });

  it('close() drops open connections', async () => {
    const { listener, port } = await start();
    const conn = await tcpConnect(port);
    await new Promise((r) => setTimeout(r, 20));
    await listener.close();
    await conn.closed;
    await expect(new Promise((resolve, reject) => net.connect({ host: '127.0.0.1', port }).on('error', reject).on('connect', resolve))).rejects.toThrow();
  });
});

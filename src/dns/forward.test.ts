/**
 * Forwarding to `--upstream` on 127.0.0.1: replies come back with the client's ID, TC leads to a
 * TCP retry, forged or late datagrams are ignored, silence ends in a timeout; and through the server:
 * out-of-zone names are relayed, too-big relays are truncated for UDP clients, failures are SERVFAIL.
 */
import dgram from 'node:dgram';
import dnsPacket from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { exampleUpstream, fakeEngine, query } from '../../test/dns-helpers.js';
import { Forwarder } from './forward.js';
import { DnsServer } from './server.js';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function upstream(): Promise<number> {
  const server = new DnsServer(() => exampleUpstream, { host: '127.0.0.1', port: 0 });
  cleanup.push(() => server.close());
  return (await server.listen()).udp.port;
}

/** A UDP socket on 127.0.0.1 that hands each datagram to `onQuery` (which may reply or not). */
async function rawUpstream(onQuery: (msg: Buffer, reply: (b: Buffer) => void) => void): Promise<number> {
  const socket = dgram.createSocket('udp4');
  cleanup.push(() => new Promise<void>((r) => socket.close(() => r())));
  socket.on('message', (msg, peer) => onQuery(msg, (b) => socket.send(b, peer.port, peer.address)));
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  return socket.address().port;
}

describe('Forwarder', () => {
  it('relays the answer with the client ID, having sent a fresh ID upstream', async () => {
    const seen: number[] = [];
    const real = await upstream();
    const port = await rawUpstream((msg, reply) => {
      seen.push(msg.readUInt16BE(0));
      const s = dgram.createSocket('udp4');
      s.on('message', (answer) => {
        reply(answer);
        s.close();
      });
      s.send(msg, real, '127.0.0.1');
    });
    const fwd = new Forwarder({ upstream: { host: '127.0.0.1', port } });
    const result = await fwd.forward(query('Example.com', 'A', { id: 1111 }));
    expect(result.kind).toBe('reply');
    if (result.kind !== 'reply') return;
    expect(result.transport).toBe('udp');
    expect(dnsPacket.decode(result.bytes)).toMatchObject({ id: 1111, answers: [{ name: 'Example.com', data: '192.0.2.1' }] });
    expect(seen).toHaveLength(1);
  });

  it('retries over TCP when the UDP reply is truncated (RFC 7766 §5)', async () => {
    const fwd = new Forwarder({ upstream: { host: '127.0.0.1', port: await upstream() } });
    const result = await fwd.forward(query('big.example.com'));
    expect(result).toMatchObject({ kind: 'reply', transport: 'tcp' });
    if (result.kind === 'reply') expect(dnsPacket.decode(result.bytes).answers).toHaveLength(100);
  });

  it('ignores replies with the wrong ID or question and takes the right one', async () => {
    const port = await rawUpstream((msg, reply) => {
      const q = dnsPacket.decode(msg);
      const answer = (id: number, name: string) => dnsPacket.encode({ type: 'response', id, flags: 0, questions: [{ name, type: 'A' }], answers: [{ name, type: 'A', ttl: 1, data: '198.51.100.1' }] });
      reply(answer((q.id ?? 0) ^ 1, 'example.com'));
      reply(answer(q.id ?? 0, 'evil.example'));
      reply(answer(q.id ?? 0, 'EXAMPLE.com'));
    });
    const fwd = new Forwarder({ upstream: { host: '127.0.0.1', port } });
    const result = await fwd.forward(query('example.com', 'A', { id: 5 }));
    expect(result.kind).toBe('reply');
    if (result.kind === 'reply') expect(dnsPacket.decode(result.bytes)).toMatchObject({ id: 5, questions: [{ name: 'EXAMPLE.com' }] });
  });

  it('fails after the timeout when the upstream is silent, and bounds queries in flight', async () => {
    const port = await rawUpstream(() => {});
    const fwd = new Forwarder({ upstream: { host: '127.0.0.1', port }, timeoutMs: 200, maxInFlight: 1 });
    const started = Date.now();
    const first = fwd.forward(query('example.com'));
    expect(await fwd.forward(query('example.com'))).toMatchObject({ kind: 'failed', reason: 'too many forwarded queries in flight' });
    expect(await first).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/no answer from upstream 127\.0\.0\.1:\d+/) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('close() ends exchanges in progress', async () => {
    const port = await rawUpstream(() => {});
    const fwd = new Forwarder({ upstream: { host: '127.0.0.1', port }, timeoutMs: 10_000 });
    const pending = fwd.forward(query('example.com'));
    await new Promise((r) => setTimeout(r, 20));
    fwd.close();
    expect(await pending).toMatchObject({ kind: 'failed' });
  });
});

describe('DnsServer with an upstream', () => {
  async function serverWith(port: number, timeoutMs = 2000) {
    const lines: string[] = [];
    const server = new DnsServer(fakeEngine, { host: '127.0.0.1', port: 0, upstream: { host: '127.0.0.1', port }, upstreamTimeoutMs: timeoutMs, log: (l) => lines.push(l) });
    cleanup.push(() => server.close());
    return { server, lines };
  }

  it('answers its zone itself and relays the rest', async () => {
    const { server, lines } = await serverWith(await upstream());
    const own = dnsPacket.decode((await server.respond(query('web.default.svc.cluster.local'), 'udp', 'c')) as Buffer);
    expect(own).toMatchObject({ flag_aa: true, answers: [{ data: '10.96.0.10' }] });
    const relayed = dnsPacket.decode((await server.respond(query('example.com', 'A', { id: 99 }), 'udp', 'c')) as Buffer);
    expect(relayed).toMatchObject({ id: 99, rcode: 'NOERROR', answers: [{ data: '192.0.2.1' }] });
    expect(lines[1]).toMatch(/^c udp A example\.com\. NOERROR answers=1 \S+ forwarded=udp$/);
  });

  it('truncates a relayed answer too big for the UDP client; TCP gets it all', async () => {
    const { server, lines } = await serverWith(await upstream());
    const udp = dnsPacket.decode((await server.respond(query('big.example.com', 'A', { edns: 1232 }), 'udp', 'c')) as Buffer);
    expect(udp).toMatchObject({ flag_tc: true, answers: [], questions: [{ name: 'big.example.com' }], additionals: [{ type: 'OPT', udpPayloadSize: 1232 }] });
    const tcp = dnsPacket.decode((await server.respond(query('big.example.com'), 'tcp', 'c')) as Buffer);
    expect(tcp.answers).toHaveLength(100);
    expect(lines[0]).toMatch(/forwarded=tcp tc$/);
  });

  it('answers SERVFAIL when the upstream does not', async () => {
    const { server, lines } = await serverWith(await rawUpstream(() => {}), 150);
    const reply = dnsPacket.decode((await server.respond(query('example.com'), 'udp', 'c')) as Buffer);
    expect(reply).toMatchObject({ rcode: 'SERVFAIL', flag_ra: false });
    expect(lines[0]).toMatch(/SERVFAIL .*error="no answer from upstream/);
  });
});

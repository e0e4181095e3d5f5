/**
 * The server's rules, message by message through `respond`, then over real sockets on 127.0.0.1:
 * UDP and TCP on one port, EDNS sizes and truncation, failures turned into SERVFAIL with a log line,
 * and a seeded fuzz run after which the server still answers.
 */
import dnsPacket from 'dns-packet';
import dgram from 'node:dgram';
import { isIP } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeEngine, fuzzCase, prng, query, tcpConnect, udpAsk } from '../../test/dns-helpers.js';
import { DnsServer, DnsServerError, parseHostPort, type DnsServerOptions } from './server.js';
import type { DnsEngine } from './types.js';

const servers: DnsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function makeServer(options: DnsServerOptions = {}, engine: () => DnsEngine = fakeEngine) {
  const lines: string[] = [];
  const server = new DnsServer(engine, { host: '127.0.0.1', port: 0, log: (l) => lines.push(l), ...options });
  servers.push(server);
  return { server, lines };
}

async function ask(server: DnsServer, bytes: Buffer, transport: 'udp' | 'tcp' = 'udp') {
  const reply = await server.respond(bytes, transport, '127.0.0.1:9999');
  return reply && dnsPacket.decode(reply);
}

describe('respond', () => {
  const rows: Array<{ name: string; bytes: Buffer; expected: Record<string, unknown>; log: RegExp }> = [
    {
      name: 'A in the zone: AA from the engine, RD copied, RA clear, case echoed',
      bytes: query('Web.Default.svc.cluster.local'),
      expected: { id: 4242, rcode: 'NOERROR', flag_aa: true, flag_rd: true, flag_ra: false, questions: [{ name: 'Web.Default.svc.cluster.local' }], answers: [{ name: 'Web.Default.svc.cluster.local', data: '10.96.0.10' }] },
      log: /^127\.0\.0\.1:9999 udp A Web\.Default\.svc\.cluster\.local\. NOERROR answers=1 \d+\.\d\dms$/,
    },
    { name: 'RD clear stays clear', bytes: query('web.default.svc.cluster.local', 'A', { flags: 0 }), expected: { flag_rd: false }, log: /NOERROR/ },
    { name: 'unknown name: NXDOMAIN with SOA', bytes: query('nope.cluster.local'), expected: { rcode: 'NXDOMAIN', flag_aa: true, authorities: [{ type: 'SOA' }] }, log: /NXDOMAIN answers=0/ },
    { name: 'out of zone without upstream: REFUSED', bytes: query('example.com'), expected: { rcode: 'REFUSED', flag_aa: false, questions: [{ name: 'example.com' }] }, log: /REFUSED/ },
    { name: 'AXFR: REFUSED', bytes: query('cluster.local', 'AXFR'), expected: { rcode: 'REFUSED' }, log: /AXFR cluster\.local\. REFUSED/ },
    { name: 'IXFR: REFUSED', bytes: query('cluster.local', 'IXFR'), expected: { rcode: 'REFUSED' }, log: /REFUSED/ },
    {
      name: 'CHAOS class: REFUSED',
      bytes: dnsPacket.encode({ type: 'query', id: 5, questions: [{ name: 'version.bind', type: 'TXT', class: 'CH' }] }),
      expected: { rcode: 'REFUSED', questions: [{ class: 'CH' }] },
      log: /error="class 3 not served"/,
    },
    { name: 'class ANY is served like IN', bytes: dnsPacket.encode({ type: 'query', id: 5, questions: [{ name: 'web.default.svc.cluster.local', type: 'A', class: 'ANY' }] }), expected: { rcode: 'NOERROR' }, log: /NOERROR/ },
    { name: 'engine throws: SERVFAIL', bytes: query('boom.cluster.local'), expected: { rcode: 'SERVFAIL', flag_aa: false, answers: [] }, log: /SERVFAIL answers=0 .* error="engine failed: engine exploded"/ },
    { name: 'NOTIFY: NOTIMP', bytes: (() => { const b = query('cluster.local', 'SOA'); b[2] = 4 << 3; return b; })(), expected: { rcode: 'NOTIMP', opcode: 'NOTIFY' }, log: /NOTIMP/ },
    { name: 'garbage with a header: FORMERR', bytes: Buffer.from([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xff, 0xff]), expected: { id: 0x1234, rcode: 'FORMERR', questions: [] }, log: /- - FORMERR .*error="question unreadable"/ },
    { name: 'HTTPS type reaches the engine by name', bytes: query('web.default.svc.cluster.local', 'UNKNOWN_65' as never), expected: { rcode: 'NXDOMAIN' }, log: /HTTPS web/ },
  ];
  for (const row of rows) {
    it(row.name, async () => {
      const { server, lines } = makeServer();
      expect(await ask(server, row.bytes)).toMatchObject(row.expected);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(row.log);
    });
  }

  it('drops what has no header, logging why', async () => {
    const { server, lines } = makeServer();
    expect(await server.respond(Buffer.from([1, 2, 3]), 'udp', 'c')).toBeUndefined();
    expect(lines[0]).toMatch(/^c udp - - DROP answers=0 .* dropped="shorter than a header"$/);
  });

  it('answers BADVERS with OPT for EDNS version 1', async () => {
    const { server } = makeServer();
    const bytes = dnsPacket.encode({ type: 'query', id: 1, questions: [{ name: 'a.cluster.local', type: 'A' }], additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 1, flags: 0, flag_do: false, options: [] }] });
    const reply = await ask(server, bytes);
    expect(reply).toMatchObject({ rcode: 'NOERROR', additionals: [{ type: 'OPT', extendedRcode: 1, ednsVersion: 0 }] });
  });

  it('answers SERVFAIL when the engine provider or the record data fails', async () => {
    const { server, lines } = makeServer({}, () => {
      throw new Error('not loaded');
    });
    expect(await ask(server, query('web.default.svc.cluster.local'))).toMatchObject({ rcode: 'SERVFAIL' });
    const bad: DnsEngine = { zones: ['cluster.local'], answer: (q) => ({ rcode: 'NOERROR', authoritative: true, answer: [{ name: q.name, type: 'A', ttl: 1, data: 'not-an-ip' }], authority: [], additional: [] }) };
    const second = makeServer({}, () => bad);
    expect(await ask(second.server, query('web.default.svc.cluster.local'))).toMatchObject({ rcode: 'SERVFAIL', answers: [] });
    expect(lines[0]).toMatch(/error="engine failed: not loaded"/);
    expect(second.lines[0]).toMatch(/SERVFAIL .*error="cannot encode answer: A \\"not-an-ip\\" is not an IPv4 address"/);
  });

  const sizes: Array<{ name: string; edns?: number; transport: 'udp' | 'tcp'; udpPayloadSize?: number; answers: number; tc: boolean; opt: number | undefined }> = [
    { name: 'plain UDP: 512 bytes, TC', transport: 'udp', answers: 0, tc: true, opt: undefined },
    { name: 'EDNS 4096 is capped at our 1232: TC', edns: 4096, transport: 'udp', answers: 0, tc: true, opt: 1232 },
    { name: 'EDNS 4096 with our size raised to 4096: all 100', edns: 4096, udpPayloadSize: 4096, transport: 'udp', answers: 100, tc: false, opt: 4096 },
    { name: 'EDNS 100 counts as 512 (RFC 6891 §6.2.5): TC', edns: 100, udpPayloadSize: 4096, transport: 'udp', answers: 0, tc: true, opt: 4096 },
    { name: 'TCP: all 100', transport: 'tcp', answers: 100, tc: false, opt: undefined },
  ];
  for (const row of sizes) {
    it(`100 A records, ${row.name}`, async () => {
      const { server, lines } = makeServer({ udpPayloadSize: row.udpPayloadSize });
      const reply = await ask(server, query('big.default.svc.cluster.local', 'A', { edns: row.edns }), row.transport);
      expect(reply?.flag_tc).toBe(row.tc);
      expect(reply?.answers).toHaveLength(row.answers);
      const opt = reply?.additionals?.find((rr) => rr.type === 'OPT');
      if (row.opt === undefined) expect(opt).toBeUndefined();
      else expect(opt).toMatchObject({ udpPayloadSize: row.opt });
      expect(lines[0]?.endsWith(' tc')).toBe(row.tc);
    });
  }
});

describe('DnsServer over sockets', () => {
  it('serves UDP and TCP on one ephemeral port', async () => {
    const { server } = makeServer();
    const { udp, tcp } = await server.listen();
    expect(udp.port).toBe(tcp.port);
    expect(udp.address).toBe('127.0.0.1');
    const overUdp = await udpAsk(udp.port, query('web.default.svc.cluster.local', 'AAAA', { id: 77 }));
    expect(dnsPacket.decode(overUdp as Buffer)).toMatchObject({ id: 77, answers: [{ type: 'AAAA', data: 'fd00::10' }] });
    const conn = await tcpConnect(tcp.port);
    conn.send(query('big.default.svc.cluster.local', 'A', { id: 78 }));
    expect(dnsPacket.decode(await conn.next())).toMatchObject({ id: 78, flag_tc: false });
    conn.socket.destroy();
  });

  it('serves [::1] when the host has IPv6 loopback', async (ctx) => {
    const { server } = makeServer({ host: '::1' });
    const bound = await server.listen().catch((err: NodeJS.ErrnoException) => err);
    if (bound instanceof Error) return ctx.skip(`no IPv6 loopback here (${bound.code})`);
    expect(isIP(bound.udp.address)).toBe(6);
    const client = dgram.createSocket('udp6');
    const reply = await new Promise<Buffer>((resolve) => {
      client.on('message', (m) => resolve(m));
      client.send(query('web.default.svc.cluster.local', 'A', { id: 6 }), bound.udp.port, '::1');
    });
    client.close();
    expect(dnsPacket.decode(reply)).toMatchObject({ id: 6, rcode: 'NOERROR' });
  });

  it('refuses an upstream that is itself', async () => {
    const probe = makeServer();
    const { udp } = await probe.server.listen();
    await probe.server.close();
    const { server } = makeServer({ port: udp.port, upstream: { host: '127.0.0.1', port: udp.port } });
    await expect(server.listen()).rejects.toMatchObject({ code: 'upstream-is-self' });
  });

  it('survives a seeded fuzz run over UDP and TCP and still answers', async () => {
    const { server, lines } = makeServer();
    const { udp, tcp } = await server.listen();
    const random = prng(7);
    const seeds = [query('web.default.svc.cluster.local'), query('big.default.svc.cluster.local', 'A', { edns: 1232 }), query('example.com', 'MX')];
    const started = Date.now();
    const conn = await tcpConnect(tcp.port);
    const client = dgram.createSocket('udp4');
    for (let i = 0; i < 3000 && Date.now() - started < 10_000; i++) {
      const bytes = fuzzCase(random, seeds);
      client.send(bytes, udp.port, '127.0.0.1');
      if (bytes.length > 0) conn.send(bytes);
      if (i % 200 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    client.close();
    // Let the server work through its backlog (the log grows by one line per message) before asking.
    for (let seen = -1; seen !== lines.length && Date.now() - started < 20_000; ) {
      seen = lines.length;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(lines.length).toBeGreaterThan(3000);
    let after: Buffer | undefined;
    for (let attempt = 0; attempt < 3 && !after; attempt++) after = await udpAsk(udp.port, query('web.default.svc.cluster.local', 'A', { id: 31337 })); // UDP may lose one
    expect(dnsPacket.decode(after as Buffer)).toMatchObject({ id: 31337, rcode: 'NOERROR' });
    const fresh = await tcpConnect(tcp.port);
    fresh.send(query('web.default.svc.cluster.local', 'A', { id: 31338 }));
    expect(dnsPacket.decode(await fresh.next())).toMatchObject({ id: 31338, rcode: 'NOERROR' });
    fresh.socket.destroy();
    conn.socket.destroy();
  });
});

describe('parseHostPort', () => {
  const rows: Array<[string, { host: string; port: number } | 'error']> = [
    ['127.0.0.1:5353', { host: '127.0.0.1', port: 5353 }],
    ['[::1]:5353', { host: '::1', port: 5353 }],
    ['::1', { host: '::1', port: 53 }],
    ['[fd00::1]', { host: 'fd00::1', port: 53 }],
    ['10.0.0.1', { host: '10.0.0.1', port: 53 }],
    ['localhost:0', { host: '127.0.0.1', port: 0 }],
    ['dns.google:53', 'error'],
    ['127.0.0.1:99999', 'error'],
    ['127.0.0.1:', 'error'],
    ['', 'error'],
  ];
  for (const [text, expected] of rows) {
    it(JSON.stringify(text), () => {
      if (expected === 'error') expect(() => parseHostPort(text, 53)).toThrow(DnsServerError);
      else expect(parseHostPort(text, 53)).toEqual(expected);
    });
  }
});

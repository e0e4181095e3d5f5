/**
 * `kreach dns serve` as a real client sees it: BIND's `dig` (Debian package bind9-dnsutils) against a
 * DnsServer on 127.0.0.1 with a fake engine, so these tests do not depend on the real answer engine.
 * Covers UDP, TCP, EDNS sizes, truncation and the TCP retry, error codes, forwarding to a second
 * server acting as upstream, and the TCP connection bounds. Skipped, saying so, when `dig` is not on
 * PATH. Expected answers are zone-file lines.
 */
import { execFile, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsServer } from '../src/dns/server.js';
import { exampleUpstream, fakeEngine, query, tcpConnect } from './dns-helpers.js';

const HAVE_DIG = !spawnSync('dig', ['-v']).error;
const TITLE = HAVE_DIG ? 'kreach dns server seen by dig' : 'kreach dns server seen by dig (SKIPPED: `dig` not on PATH; apt-get install bind9-dnsutils)';
if (!HAVE_DIG) console.warn(`[dns-dig.test] ${TITLE}`);

interface DigResult {
  code: number;
  stdout: string;
  status?: string;
  opcode?: string;
  flags: string[];
  answers: string[];
  edns?: string;
  transport?: string;
}

/** Runs `dig -r @127.0.0.1 -p PORT +tries=1 +time=3 …` without blocking the server in this process. */
function dig(port: number, args: string[]): Promise<DigResult> {
  return new Promise((resolve) => {
    execFile('dig', ['-r', '@127.0.0.1', '-p', String(port), '+tries=1', '+time=3', ...args], { timeout: 15_000 }, (err, stdout) => {
      const header = /opcode: (\w+), status: (\w+)/.exec(stdout);
      const section = /;; ANSWER SECTION:\n([\s\S]*?)\n\n/.exec(stdout)?.[1] ?? '';
      resolve({
        code: err ? Number((err as { code?: number }).code ?? 1) : 0,
        stdout,
        opcode: header?.[1],
        status: header?.[2],
        flags: (/;; flags: ([\w ]*);/.exec(stdout)?.[1] ?? '').split(' ').filter(Boolean),
        answers: section.split('\n').filter(Boolean).map((line) => line.split(/\s+/).join(' ')),
        edns: /; EDNS: (.*)/.exec(stdout)?.[1],
        transport: /;; SERVER: .*\((UDP|TCP)\)/.exec(stdout)?.[1],
      });
    });
  });
}

/** One raw datagram to the server; the decoded reply. */
function raw(port: number, bytes: Buffer): Promise<dnsPacket.DecodedPacket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error('no reply'));
    }, 3000);
    socket.on('message', (reply) => {
      clearTimeout(timer);
      socket.close();
      resolve(dnsPacket.decode(reply));
    });
    socket.send(bytes, port, '127.0.0.1');
  });
}

describe.skipIf(!HAVE_DIG)(TITLE, () => {
  const lines: string[] = [];
  let port = 0;
  let forwardingPort = 0;
  const servers: DnsServer[] = [];

  beforeAll(async () => {
    const upstream = new DnsServer(() => exampleUpstream, { host: '127.0.0.1', port: 0 });
    const server = new DnsServer(fakeEngine, { host: '127.0.0.1', port: 0, log: (l) => lines.push(l) });
    servers.push(upstream, server);
    const upstreamPort = (await upstream.listen()).udp.port;
    port = (await server.listen()).udp.port;
    const forwarding = new DnsServer(fakeEngine, { host: '127.0.0.1', port: 0, upstream: { host: '127.0.0.1', port: upstreamPort } });
    servers.push(forwarding);
    forwardingPort = (await forwarding.listen()).udp.port;
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('A over UDP: authoritative, RA clear, OPT with our 1232', async () => {
    const out = await dig(port, ['web.default.svc.cluster.local', 'A']);
    expect(out).toMatchObject({ code: 0, status: 'NOERROR', transport: 'UDP', edns: 'version: 0, flags:; udp: 1232' });
    expect(out.flags).toEqual(['qr', 'aa', 'rd']);
    expect(out.answers).toEqual(['web.default.svc.cluster.local. 30 IN A 10.96.0.10']);
  });

  it('SRV over TCP, the query case echoed', async () => {
    const out = await dig(port, ['+tcp', '_http._tcp.Web.Default.svc.cluster.local', 'SRV']);
    expect(out).toMatchObject({ status: 'NOERROR', transport: 'TCP' });
    expect(out.answers).toEqual(['_http._tcp.Web.Default.svc.cluster.local. 30 IN SRV 0 100 80 web.default.svc.cluster.local.']);
    expect(out.stdout).toMatch(/;; ADDITIONAL SECTION:\nweb\.default\.svc\.cluster\.local\.\s+30\s+IN\s+A\s+10\.96\.0\.10/);
  });

  it('AAAA, TXT and PTR', async () => {
    expect((await dig(port, ['web.default.svc.cluster.local', 'AAAA'])).answers).toEqual(['web.default.svc.cluster.local. 30 IN AAAA fd00::10']);
    expect((await dig(port, ['dns-version.cluster.local', 'TXT'])).answers).toEqual(['dns-version.cluster.local. 28800 IN TXT "1.1.0"']);
    expect((await dig(port, ['-x', '10.96.0.10'])).answers).toEqual(['10.0.96.10.in-addr.arpa. 30 IN PTR web.default.svc.cluster.local.']);
  });

  it('NXDOMAIN carries the SOA', async () => {
    const out = await dig(port, ['nope.default.svc.cluster.local']);
    expect(out.status).toBe('NXDOMAIN');
    expect(out.stdout).toMatch(/;; AUTHORITY SECTION:\ncluster\.local\.\s+30\s+IN\s+SOA\s+ns\.dns\.cluster\.local\. hostmaster\.cluster\.local\. 1700000000 7200 1800 86400 30/);
  });

  it('without EDNS: no OPT in the answer', async () => {
    const out = await dig(port, ['+noedns', 'web.default.svc.cluster.local']);
    expect(out.status).toBe('NOERROR');
    expect(out.edns).toBeUndefined();
  });

  it('100 A records over UDP without EDNS: TC, header and question only', async () => {
    const out = await dig(port, ['+noedns', '+ignore', 'big.default.svc.cluster.local']);
    expect(out.flags).toContain('tc');
    expect(out.stdout).toMatch(/QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0/);
    expect(out.stdout).toMatch(/MSG SIZE {2}rcvd: 47/);
  });

  it('100 A records: dig retries over TCP and gets all 100', async () => {
    const out = await dig(port, ['+noedns', 'big.default.svc.cluster.local']);
    expect(out.stdout).toContain(';; Truncated, retrying in TCP mode.');
    expect(out).toMatchObject({ status: 'NOERROR', transport: 'TCP' });
    expect(out.answers).toHaveLength(100);
    expect(out.answers[99]).toBe('big.default.svc.cluster.local. 30 IN A 10.0.0.100');
  });

  it('EDNS +bufsize=4096 is held to our 1232: TC with OPT; +bufsize=512 likewise', async () => {
    for (const size of ['4096', '512']) {
      const out = await dig(port, [`+bufsize=${size}`, '+ignore', 'big.default.svc.cluster.local']);
      expect(out.flags).toContain('tc');
      expect(out.edns).toBe('version: 0, flags:; udp: 1232');
    }
  });

  it('EDNS version 1 gets BADVERS; dig falls back to version 0', async () => {
    const out = await dig(port, ['+edns=1', 'web.default.svc.cluster.local']);
    expect(out.stdout).toContain(';; BADVERS, retrying with EDNS version 0.');
    expect(out.status).toBe('NOERROR');
  });

  it('FORMERR for a query without a question and for garbage', async () => {
    expect((await dig(port, ['+header-only'])).status).toBe('FORMERR');
    const garbage = Buffer.from([0xab, 0xcd, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3f, 0x01]);
    expect(await raw(port, garbage)).toMatchObject({ id: 0xabcd, rcode: 'FORMERR', flag_qr: true });
  });

  it('NOTIMP for other opcodes', async () => {
    expect(await dig(port, ['+opcode=notify', 'cluster.local', 'SOA'])).toMatchObject({ opcode: 'NOTIFY', status: 'NOTIMP' });
    const status = query('cluster.local', 'SOA', { id: 77 });
    status[2] = 2 << 3; // opcode STATUS
    expect(await raw(port, status)).toMatchObject({ id: 77, rcode: 'NOTIMP' });
  });

  it('REFUSED out of zone without an upstream, for AXFR and for class CH', async () => {
    expect((await dig(port, ['example.com'])).status).toBe('REFUSED');
    expect((await dig(port, ['CH', 'TXT', 'version.bind'])).status).toBe('REFUSED');
    const axfr = await dig(port, ['cluster.local', 'AXFR']);
    expect(axfr.stdout).toContain('; Transfer failed.');
    expect(lines.some((l) => / tcp AXFR cluster\.local\. REFUSED /.test(l))).toBe(true);
  });

  it('an engine exception is SERVFAIL and the server keeps going', async () => {
    expect((await dig(port, ['boom.cluster.local'])).status).toBe('SERVFAIL');
    expect(lines.some((l) => /SERVFAIL .*engine exploded/.test(l))).toBe(true);
    expect((await dig(port, ['web.default.svc.cluster.local'])).status).toBe('NOERROR');
  });

  it('forwards out-of-zone names to the upstream, over TCP when the reply is truncated', async () => {
    const own = await dig(forwardingPort, ['web.default.svc.cluster.local']);
    expect(own.answers).toEqual(['web.default.svc.cluster.local. 30 IN A 10.96.0.10']);
    const out = await dig(forwardingPort, ['example.com']);
    expect(out.status).toBe('NOERROR');
    expect(out.answers).toEqual(['example.com. 60 IN A 192.0.2.1']);
    const big = await dig(forwardingPort, ['+noedns', 'big.example.com']);
    expect(big.stdout).toContain(';; Truncated, retrying in TCP mode.');
    expect(big.answers).toHaveLength(100);
  });

  it('answers several queries on one TCP connection (+keepopen)', async () => {
    const before = lines.length;
    const out = await dig(port, ['+tcp', '+keepopen', 'web.default.svc.cluster.local', 'A', 'web.default.svc.cluster.local', 'AAAA', 'dns-version.cluster.local', 'TXT']);
    expect(out.code).toBe(0);
    const clients = new Set(lines.slice(before).map((l) => l.split(' ')[0]));
    expect(clients.size).toBe(1);
    expect(lines.length - before).toBe(3);
  });
});

describe.skipIf(!HAVE_DIG)(`${TITLE}: TCP bounds`, () => {
  it('closes TCP connections over the limit; dig gets through once one is free', async () => {
    const server = new DnsServer(fakeEngine, { host: '127.0.0.1', port: 0, maxTcpConnections: 1 });
    const { tcp } = await server.listen();
    try {
      const holder = await tcpConnect(tcp.port);
      await new Promise((r) => setTimeout(r, 50));
      const refused = await dig(tcp.port, ['+tcp', 'web.default.svc.cluster.local']);
      expect(refused.status).toBeUndefined();
      expect(refused.stdout).toMatch(/communications error|connection reset|end of file|no servers could be reached/);
      holder.socket.destroy();
      await holder.closed;
      await new Promise((r) => setTimeout(r, 50));
      expect((await dig(tcp.port, ['+tcp', 'web.default.svc.cluster.local'])).status).toBe('NOERROR');
    } finally {
      await server.close();
    }
  });

  it('closes idle TCP connections after tcpIdleTimeoutMs', async () => {
    const server = new DnsServer(fakeEngine, { host: '127.0.0.1', port: 0, tcpIdleTimeoutMs: 300 });
    const { tcp } = await server.listen();
    try {
      const conn = await tcpConnect(tcp.port);
      conn.send(query('web.default.svc.cluster.local'));
      expect(dnsPacket.decode(await conn.next())).toMatchObject({ rcode: 'NOERROR' });
      const started = Date.now();
      await conn.closed;
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await server.close();
    }
  });
});

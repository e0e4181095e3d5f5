/**
 * `kreach dns` end to end, as users run it: the built binary, a real server on an ephemeral loopback
 * port queried with real `dig` (Debian bind9-dnsutils), and the exported zone loaded into NSD
 * (Debian nsd), whose answers must match kreach's for every name in the zone.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { nsdAvailable, startNsd } from './nsd.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/main.js');
const CHROMA = join(ROOT, 'testdata/scenarios/headless-chroma');
const MIX = join(ROOT, 'testdata/scenarios/dns-mix');
const digAvailable = spawnSync('sh', ['-c', 'command -v dig']).status === 0;

function kreach(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function dig(port: number, args: string[]): string {
  const result = spawnSync('dig', ['@127.0.0.1', '-p', String(port), '+time=2', '+tries=1', ...args], { encoding: 'utf8' });
  return result.stdout;
}

const running: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((child) => stopChild(child)));
});

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Start `kreach dns serve` on an ephemeral port; resolves with the port once it prints where it listens. */
async function serve(args: string[]): Promise<{ port: number; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'dns', 'serve', '--listen', '127.0.0.1:0', ...args], { cwd: ROOT });
  running.push(child);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  for (let i = 0; i < 200; i++) {
    const match = /on 127\.0\.0\.1:(\d+) \(udp, tcp\)/.exec(out);
    if (match) return { port: Number(match[1]), child, output: () => out };
    if (child.exitCode !== null) throw new Error(`serve exited: ${out}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`serve did not start: ${out}`);
}

const answers = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter((l) => l && !l.startsWith(';'))
    .map((l) => l.split(/\s+/).join(' '))
    .sort();

describe('kreach dns query', () => {
  it('answers the headless Service with pod IPs and its SRV with the targetPort 8000 (DESIGN.md)', () => {
    const a = kreach(['dns', 'query', '-f', CHROMA, 'svc-chroma.default.svc.cluster.local']);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/status: NOERROR/);
    expect(a.stdout.match(/ IN A 10\.244\./g)).toHaveLength(2);
    const srv = kreach(['dns', 'query', '-f', CHROMA, '_http._tcp.svc-chroma.default.svc.cluster.local', 'SRV', '-o', 'json']);
    const json = JSON.parse(srv.stdout) as { rcode: string; answer: Array<{ data: { port: number } }> };
    expect(json.rcode).toBe('NOERROR');
    expect(json.answer.map((r) => r.data.port)).toEqual([8000, 8000]);
  });

  it('exits 1 on NXDOMAIN and prints the SOA in the authority section', () => {
    const out = kreach(['dns', 'query', '-f', CHROMA, 'nope.default.svc.cluster.local']);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/status: NXDOMAIN/);
    expect(out.stdout).toMatch(/AUTHORITY SECTION:\ncluster\.local\. 30 IN SOA ns\.dns\.cluster\.local\. hostmaster\.cluster\.local\. \d+ 7200 1800 86400 30/);
  });

  it('takes --ttl and a --corefile', () => {
    const corefile = join(mkdtempSync(join(tmpdir(), 'kreach-corefile-')), 'Corefile');
    writeFileSync(corefile, '.:53 {\n  kubernetes example.internal {\n    ttl 7\n  }\n}\n');
    const out = kreach(['dns', 'query', '-f', CHROMA, '--corefile', corefile, 'svc-chroma.default.svc.example.internal']);
    expect(out.stdout).toMatch(/svc-chroma\.default\.svc\.example\.internal\. 7 IN A /);
    expect(kreach(['dns', 'query', '-f', CHROMA, '--ttl', '5', 'svc-chroma.default.svc.cluster.local']).stdout).toMatch(/ 5 IN A /);
  });


  it("answers like the input's own cluster when it holds the kube-system/coredns ConfigMap", () => {
    const dir = mkdtempSync(join(tmpdir(), 'kreach-cm-'));
    writeFileSync(join(dir, 'app.yaml'), readFileSync(join(CHROMA, 'chroma.yaml'), 'utf8'));
    writeFileSync(
      join(dir, 'coredns.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: coredns, namespace: kube-system}\ndata:\n  Corefile: |\n    .:53 {\n        kubernetes cluster.local in-addr.arpa ip6.arpa {\n           pods verified\n           ttl 12\n        }\n    }\n',
    );
    expect(kreach(['dns', 'query', '-f', dir, 'svc-chroma.default.svc.cluster.local']).stdout).toMatch(/ 12 IN A /);
  });
});

describe('kreach dns resolve', () => {
  it("walks the pod's search path: a short name finds <name>.<ns>.svc.cluster.local first", () => {
    const out = kreach(['dns', 'resolve', '-f', CHROMA, '--from', 'deploy/chroma', 'svc-chroma']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('search default.svc.cluster.local svc.cluster.local cluster.local');
    expect(out.stdout).toContain('options ndots:5');
    expect(out.stdout).toMatch(/1\. svc-chroma\.default\.svc\.cluster\.local\.\s+\[A NOERROR 2, AAAA NOERROR\] answer/);
    expect(out.stdout).toMatch(/result: svc-chroma\.default\.svc\.cluster\.local\.? → 10\.244\./);
  });

  it('exits 2 with close matches for an unknown client', () => {
    const out = kreach(['dns', 'resolve', '-f', CHROMA, '--from', 'deploy/chrom', 'svc-chroma']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/Deployment "default\/chrom" not found; close matches: .*default\/deployment\/chroma/);
  });
});

describe.skipIf(!digAvailable)('kreach dns serve with dig', () => {
  it('serves the headless example over UDP and TCP: pod IPs for the name, 8000 in SRV', async () => {
    const { port } = await serve(['-f', CHROMA]);
    expect(answers(dig(port, ['+noall', '+answer', 'svc-chroma.default.svc.cluster.local']))).toHaveLength(2);
    const srv = answers(dig(port, ['+tcp', '+noall', '+answer', '_http._tcp.svc-chroma.default.svc.cluster.local', 'SRV']));
    expect(srv).toHaveLength(2);
    for (const line of srv) expect(line).toMatch(/ SRV 0 50 8000 10-244-\d+-\d+-?\d*\.svc-chroma\.default\.svc\.cluster\.local\.$/);
    expect(dig(port, ['nope.default.svc.cluster.local'])).toMatch(/status: NXDOMAIN/);
    expect(dig(port, ['example.com'])).toMatch(/status: REFUSED/);
  });

  it('truncates 100 pod IPs over UDP without EDNS and gives them all over TCP', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kreach-big-'));
    const base = readFileSync(join(CHROMA, 'chroma.yaml'), 'utf8').replace('replicas: 2', 'replicas: 100');
    writeFileSync(join(dir, 'big.yaml'), base);
    const { port } = await serve(['-f', dir]);
    const udp = dig(port, ['+noedns', '+ignore', 'svc-chroma.default.svc.cluster.local']);
    expect(udp).toMatch(/flags: qr aa tc rd/);
    expect(answers(dig(port, ['+noedns', '+noall', '+answer', 'svc-chroma.default.svc.cluster.local']))).toHaveLength(100);
    expect(answers(dig(port, ['+tcp', '+noall', '+answer', 'svc-chroma.default.svc.cluster.local']))).toHaveLength(100);
    expect(dig(port, ['+bufsize=4096', 'svc-chroma.default.svc.cluster.local'])).toMatch(/ANSWER: 100,/);
  });

  it('follows its input: a changed manifest changes the answers and moves the SOA serial', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kreach-watch-'));
    const file = join(dir, 'app.yaml');
    writeFileSync(file, readFileSync(join(CHROMA, 'chroma.yaml'), 'utf8'));
    const { port, output } = await serve(['-f', file]);
    const serial = () => Number(dig(port, ['+short', 'cluster.local', 'SOA']).trim().split(' ')[2]);
    const before = serial();
    expect(answers(dig(port, ['+noall', '+answer', 'svc-chroma.default.svc.cluster.local']))).toHaveLength(2);
    writeFileSync(file, readFileSync(join(CHROMA, 'chroma.yaml'), 'utf8').replace('replicas: 2', 'replicas: 3'));
    for (let i = 0; i < 100 && !output().includes('reloaded'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(answers(dig(port, ['+noall', '+answer', 'svc-chroma.default.svc.cluster.local']))).toHaveLength(3);
    expect(serial()).toBeGreaterThan(before);
  });

  it('logs one line per query with --log and stops cleanly on SIGTERM', async () => {
    const { port, child, output } = await serve(['-f', CHROMA, '--log']);
    dig(port, ['svc-chroma.default.svc.cluster.local']);
    for (let i = 0; i < 40 && !output().includes('NOERROR'); i++) await new Promise((r) => setTimeout(r, 25));
    expect(output()).toMatch(/127\.0\.0\.1:\d+ udp A svc-chroma\.default\.svc\.cluster\.local\. NOERROR answers=2 [\d.]+ms/);
    await stopChild(child);
    expect(child.exitCode).toBe(0);
    expect(output()).toContain('kreach dns: stopped');
  });
});

describe.skipIf(!digAvailable || !nsdAvailable)('kreach dns zone loaded into NSD', () => {
  it('NSD answers every name of the exported zone exactly as kreach dns serve does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kreach-zone-'));
    const exported = kreach(['dns', 'zone', '-f', MIX, '--out', dir]);
    expect(exported.code).toBe(0);
    const zones = readdirSync(dir).map((file) => ({ zone: file.replace(/\.zone$/, ''), text: readFileSync(join(dir, file), 'utf8') }));
    expect(zones.map((z) => z.zone).sort()).toEqual(['cluster.local', 'in-addr.arpa', 'ip6.arpa']);
    const nsd = await startNsd(zones);
    try {
      const { port } = await serve(['-f', MIX]);
      const questions = new Set<string>();
      for (const { text } of zones) {
        for (const line of text.split('\n')) {
          if (!line || line.startsWith(';') || line.startsWith('$')) continue;
          const [name = '', , , type = ''] = line.split(/\s+/);
          questions.add(`${name} ${type}`);
        }
      }
      expect(questions.size).toBeGreaterThan(20);
      // The SOA serial is opaque (Unix time of the last change, dns.md §8): two processes differ.
      const comparable = (lines: string[]) => lines.map((l) => l.replace(/( SOA \S+ \S+ )\d+/, '$1<serial>'));
      const mismatches: string[] = [];
      for (const question of questions) {
        const [name = '', type = ''] = question.split(' ');
        const ours = comparable(answers(dig(port, ['+noall', '+answer', name, type])));
        const theirs = comparable(answers(dig(nsd.port, ['+noall', '+answer', name, type])));
        if (JSON.stringify(ours) !== JSON.stringify(theirs)) mismatches.push(`${question}\n  kreach: ${ours.join(' | ')}\n  nsd:    ${theirs.join(' | ')}`);
      }
      expect(mismatches).toEqual([]);
    } finally {
      await nsd.stop();
    }
  });
});

/**
 * The live source end to end, as users run it: the built binary with no `-f` reads the cluster of
 * the current kubeconfig context (the fake API server), and must print what `-f` prints for the
 * same cluster; `kreach snapshot` saves a List that `-f` loads back into the same cluster; `dns
 * serve` follows the cluster's changes; every failure a user can act on exits 2 without a stack
 * trace; and commands reading files never load @kubernetes/client-node.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { snapshotCommand } from '../src/cli/snapshot.js';
import { loadLiveCluster } from '../src/live/load-live.js';
import { loadCluster } from '../src/load.js';
import { toKubeObject } from '../src/output/kube-objects.js';
import { query, udpAsk } from './dns-helpers.js';
import { FakeApiServer, makeCerts, writeKubeconfig } from './fake-apiserver.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/main.js');
const MIX = join(ROOT, 'testdata/scenarios/dns-mix');

let fake: FakeApiServer;
let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  fake = await FakeApiServer.start({ certs: makeCerts(), tokens: { t: 'cli-user' } });
  const manifests = await loadCluster({ files: [MIX] });
  for (const o of manifests.namespaces()) fake.apply(toKubeObject('namespaces', o));
  for (const o of manifests.nodes()) fake.apply(toKubeObject('nodes', o));
  for (const o of manifests.pods()) fake.apply({ ...toKubeObject('pods', o), metadata: { ...(toKubeObject('pods', o).metadata as object), managedFields: [{ manager: 'kubelet' }] } });
  for (const o of manifests.services()) fake.apply(toKubeObject('services', o));
  for (const o of manifests.endpointSlices()) fake.apply(toKubeObject('endpointslices', o));
  dir = mkdtempSync(join(tmpdir(), 'kreach-live-cli-'));
  kubeconfig = writeKubeconfig(dir, fake, { token: 't' }, { namespace: 'shop' });
});
afterAll(async () => {
  await fake.stop();
  expect(fake.requests.every((r) => r.method === 'GET')).toBe(true);
});

/** Run the binary without blocking the event loop (the fake API server lives in this process). */
function kreach(args: string[], env: Record<string, string> = { KUBECONFIG: kubeconfig }, nodeArgs: string[] = []) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: dir, ...env } });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('commands without -f read the current context', () => {
  it.each([
    [['get', 'services', '-A']],
    [['get', 'endpointslices', '-A']],
    [['get', 'services']], // the context's namespace, shop, as kubectl would
    [['dns', 'query', '_http._tcp.web.shop.svc.cluster.local', 'SRV', '-o', 'json']],
    [['dns', 'query', 'db-1.db.shop.svc.cluster.local']],
  ])('kreach %j prints what -f prints for the same cluster', async (args) => {
    const live = await kreach(args);
    const files = await kreach([...args, '-f', MIX, ...(args.includes('-A') || args[0] !== 'get' ? [] : ['-n', 'shop'])]);
    expect(live.stderr).toBe('');
    expect(live.code).toBe(files.code);
    expect(live.stdout).toBe(files.stdout);
    expect(live.stdout).not.toBe('');
  });

  it.each([
    ['no kubeconfig at all', ['get', 'svc'], () => ({ KUBECONFIG: join(dir, 'none.yaml') }), /error: no input: pass manifests with -f FILE\|DIR\|-, or configure kubectl/],
    ['expired credentials', ['get', 'svc'], () => ({ KUBECONFIG: writeKubeconfig(dir, fake, { token: 'expired' }, { name: 'expired' }) }), /401 Unauthorized.*expired/],
    ['a missing --kubeconfig', ['get', 'svc', '--kubeconfig', '/nonexistent/kubeconfig'], () => ({}), /kubeconfig \/nonexistent\/kubeconfig does not exist/],
    ['an unreachable server', ['get', 'svc'], () => ({ KUBECONFIG: unreachableKubeconfig() }), /cannot reach the API server https:\/\/127\.0\.0\.1:1 .*ECONNREFUSED/],
    ['--context with -f', ['get', 'svc', '-f', MIX, '--context', 'x'], () => ({}), /--context reads a live cluster and cannot be combined with -f/],
  ])('%s: exit 2 with a message, no stack trace', async (_name, args, env, message) => {
    const out = await kreach(args, env());
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  it('never loads @kubernetes/client-node for files (and does for the live source)', async () => {
    const blocker = join(dir, 'block-client-node.mjs');
    const hook = `export async function resolve(s, c, next) { if (s.startsWith('@kubernetes/client-node')) throw new Error('client-node was loaded'); return next(s, c); }`;
    writeFileSync(blocker, `import { register } from 'node:module';\nregister('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));\n`);
    const files = await kreach(['get', 'svc', '-A', '-f', MIX], {}, ['--import', blocker]);
    expect(files.stderr).not.toContain('client-node was loaded');
    expect(files.code).toBe(0);
    const live = await kreach(['get', 'svc'], { KUBECONFIG: kubeconfig }, ['--import', blocker]);
    expect(live.stderr).toContain('client-node was loaded');
  });
});

describe('kreach snapshot', () => {
  async function snapshot(args: string[]): Promise<string> {
    let out = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += chunk.toString();
      return true;
    });
    try {
      await snapshotCommand().parseAsync(['--kubeconfig', kubeconfig, ...args], { from: 'user' });
    } finally {
      write.mockRestore();
    }
    return out;
  }

  it('saves a List of the objects as read, without managedFields, that -f loads back into the same cluster', async () => {
    const text = await snapshot(['--chunk-size', '2']);
    const list = parse(text) as { kind: string; items: Array<{ kind: string; metadata: Record<string, unknown> }> };
    expect(list.kind).toBe('List');
    expect(new Set(list.items.map((i) => i.kind))).toEqual(new Set(['Namespace', 'Node', 'Pod', 'Service', 'EndpointSlice']));
    expect(list.items.every((i) => !('managedFields' in i.metadata) && typeof i.metadata.resourceVersion === 'string')).toBe(true);

    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, text);
    const offline = await loadCluster({ files: [file] });
    const live = (await loadLiveCluster({ kubeconfig, env: {}, home: dir })).cluster;
    const view = (c: typeof offline) => [c.services(), c.pods(), c.endpointSlices(), c.nodes(), c.namespaces()].map((l) => JSON.stringify(l.map((o) => ({ ...o, meta: { ...o.meta, source: undefined } }))));
    expect(view(offline)).toEqual(view(live));
    expect(offline.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(JSON.parse(await snapshot(['-o', 'json'])).items).toHaveLength(list.items.length);
  });

  it('-n keeps the namespaced objects of one namespace', async () => {
    const list = parse(await snapshot(['-n', 'kube-system'])) as { items: Array<{ kind: string; metadata: { namespace?: string } }> };
    expect(list.items.filter((i) => i.metadata.namespace !== undefined).every((i) => i.metadata.namespace === 'kube-system')).toBe(true);
    expect(list.items.some((i) => i.kind === 'Node')).toBe(true);
  });
});

describe('kreach dns serve without -f', () => {
  it('follows the cluster: new Services answer, deleted ones stop answering', async () => {
    const child = spawn(process.execPath, [BIN, 'dns', 'serve', '--listen', '127.0.0.1:0'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: kubeconfig } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await until(() => /synced with the cluster/.test(out) && /on 127\.0\.0\.1:\d+/.test(out), () => out);
      const port = Number(/on 127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
      const ask = async (name: string) => dnsPacket.decode((await udpAsk(port, query(name))) as Buffer) as dnsPacket.DecodedPacket & { rcode?: string };
      expect((await ask('web.shop.svc.cluster.local')).answers?.length).toBe(1);
      fake.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'late', namespace: 'shop' }, spec: { clusterIP: '10.96.7.7', clusterIPs: ['10.96.7.7'], ipFamilies: ['IPv4'], ports: [{ port: 80 }] } });
      await untilAsync(async () => (await ask('late.shop.svc.cluster.local')).rcode === 'NOERROR', () => out);
      fake.dropWatches();
      fake.delete('Service', 'shop', 'late');
      await untilAsync(async () => (await ask('late.shop.svc.cluster.local')).rcode === 'NXDOMAIN', () => out);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    expect(out).toContain('kreach dns: stopped');
  });

  it('stops at once with exit 2 when the credentials are rejected', async () => {
    const out = await kreach(['dns', 'serve', '--listen', '127.0.0.1:0'], { KUBECONFIG: writeKubeconfig(dir, fake, { token: 'expired' }, { name: 'serve-expired' }) });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/401 Unauthorized/);
    expect(out.stdout).not.toMatch(/serving/);
  });
});

function unreachableKubeconfig(): string {
  const file = join(dir, 'unreachable.yaml');
  const config = { 'current-context': 'down', clusters: [{ name: 'down', cluster: { server: 'https://127.0.0.1:1' } }], users: [{ name: 'down', user: { token: 't' } }], contexts: [{ name: 'down', context: { cluster: 'down', user: 'down' } }] };
  writeFileSync(file, JSON.stringify(config));
  return file;
}

async function until(condition: () => boolean, state: () => string, timeoutMs = 10_000): Promise<void> {
  await untilAsync(async () => condition(), state, timeoutMs);
}

async function untilAsync(condition: () => Promise<boolean>, state: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${state()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

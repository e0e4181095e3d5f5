/**
 * The `kreach` binary end to end (built `dist/`, as users run it): outputs, stdin, exit codes and
 * error messages without stack traces.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/main.js');
const CHROMA = join(ROOT, 'testdata/scenarios/headless-chroma');

/** No kubeconfig anywhere: without -f the CLI must not reach for a real cluster of this machine. */
const ISOLATED_ENV = { ...process.env, KUBECONFIG: '/nonexistent/kreach-test-kubeconfig', HOME: mkdtempSync(join(tmpdir(), 'kreach-home-')) };

function kreach(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input, cwd: ROOT, env: ISOLATED_ENV });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kreach-cli-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('kreach get', () => {
  it('shows the headless Service with no cluster IP and its slice carrying the targetPort 8000', () => {
    const svc = kreach(['get', 'services', '-f', CHROMA]);
    expect(svc.code).toBe(0);
    expect(svc.stdout).toMatch(/^svc-chroma\s+ClusterIP\s+None\s+<none>\s+80\/TCP/m);
    const slices = kreach(['get', 'endpointslices', '-f', CHROMA, '-o', 'yaml']);
    const list = parse(slices.stdout) as { kind: string; items: Array<{ ports: Array<{ port: number }>; endpoints: unknown[] }> };
    expect(list.kind).toBe('List');
    expect(list.items[0]?.ports).toEqual([{ name: 'http', port: 8000, protocol: 'TCP' }]);
    expect(list.items[0]?.endpoints).toHaveLength(2);
  });

  it('reads stdin with -f - and marks simulated pods', () => {
    const out = kreach(['get', 'pods', '-f', '-', '-o', 'wide'], `apiVersion: v1\nkind: Pod\nmetadata: {name: solo, labels: {app: x}}\nspec: {containers: [{name: c, image: i}]}\n`);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^solo\s+1\/1\s+Running\s+10\.244\.\d+\.\d+\s+node-\d/m);
    expect(out.stdout).toContain('status,ip,node');
  });

  it('round-trips: its -o yaml output loads back with the same endpoints', () => {
    const first = kreach(['get', 'endpointslices', '-f', CHROMA, '-o', 'yaml']);
    const again = kreach(['get', 'endpointslices', '-f', '-', '-o', 'yaml'], first.stdout);
    const ips = (text: string) => (parse(text) as { items: Array<{ endpoints: Array<{ addresses: string[] }> }> }).items.flatMap((s) => s.endpoints.flatMap((e) => e.addresses)).sort();
    expect(again.code).toBe(0);
    expect(ips(again.stdout)).toEqual(ips(first.stdout));
  });

  it('reports a YAML error with file, line and column, still loads the rest, and exits 2', () => {
    const path = tempFile('broken.yaml', `apiVersion: v1\nkind: Service\nmetadata: {name: good}\nspec: {ports: [{port: 80}], selector: {app: a}}\n---\nkind: Service\nmetadata: {name: [oops\n`);
    const out = kreach(['get', 'svc', '-f', path]);
    expect(out.code).toBe(2);
    expect(out.stdout).toMatch(/^good\s+ClusterIP/m);
    expect(out.stderr).toMatch(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error: .*\\[yaml-syntax\\]`));
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports an invalid Service with its field path and exits 2', () => {
    const path = tempFile('bad.yaml', `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: a}\n  ports:\n  - {name: a, port: 80}\n  - {name: a, port: 81}\n`);
    const out = kreach(['get', 'svc', '-f', path]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/bad\.yaml:8:\d+: error: Service default\/web spec\.ports\[1\]\.name: Duplicate value: "a"/);
  });

  it('counts skipped kinds and lists them with -v', () => {
    const path = tempFile('mixed.yaml', `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n`);
    const quiet = kreach(['get', 'pods', '-f', path]);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toContain('skipped 1 document: ServiceAccount ×1 (-v lists them)');
    const verbose = kreach(['get', 'pods', '-f', path, '-v']);
    expect(verbose.stderr).toMatch(/mixed\.yaml:1:1: skipped ServiceAccount default\/sa: /);
  });

  it.each([
    ['a missing file', ['get', 'svc', '-f', '/nonexistent/x.yaml'], /x\.yaml.*\[input-not-found\]/],
    ['an unknown resource', ['get', 'ingresses', '-f', 'testdata/scenarios/headless-chroma'], /unknown resource type "ingresses"/],
    ['an unknown output format', ['get', 'svc', '-f', 'testdata/scenarios/headless-chroma', '-o', 'xml'], /argument 'xml' is invalid/],
    ['no input at all', ['get', 'svc'], /no input: pass manifests with -f/],
    ['a bad selector', ['get', 'svc', '-f', 'testdata/scenarios/headless-chroma', '-l', 'app in (a'], /invalid selector/],
    ['a bad CIDR', ['get', 'svc', '-f', 'testdata/scenarios/headless-chroma', '--service-cidr', '10.0.0.0/40'], /invalid service CIDR/],
  ])('exits 2 for %s', (_name, args, message) => {
    const out = kreach(args);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 when a named object does not exist, 0 with a note when nothing matches', () => {
    const missing = kreach(['get', 'svc', 'nope', '-f', CHROMA]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('services "nope" not found in namespace "default"');
    const path = tempFile('shop.yaml', `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {ports: [{port: 80}], selector: {app: a}}\n`);
    const none = kreach(['get', 'svc', '-f', path, '-n', 'empty']);
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('No resources found in empty namespace.');
    expect(kreach(['get', 'svc', '-f', path, '-n', 'shop']).stdout).toMatch(/^web\s/m);
  });

  it('filters by label selector and prints names', () => {
    const out = kreach(['get', 'pods', '-f', CHROMA, '-l', 'app=chroma,component in (vector-db)', '-o', 'name']);
    expect(out.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^pod\/chroma-[a-z0-9]{10}-[a-z0-9]{5}$/), expect.stringMatching(/^pod\//)]);
    expect(kreach(['get', 'pods', '-f', CHROMA, '-l', 'app!=chroma']).stderr).toContain('No resources found');
  });

  it('creates --nodes synthetic nodes', () => {
    const out = kreach(['get', 'nodes', '-f', CHROMA, '--nodes', '5', '-o', 'name']);
    expect(out.stdout.trim().split('\n')).toHaveLength(5);
  });

  it('speaks as a kubectl plugin when invoked as kubectl-kreach', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kreach-plugin-'));
    const link = join(dir, 'kubectl-kreach');
    writeFileSync(link, `#!/usr/bin/env node\nimport(${JSON.stringify(BIN)});\n`);
    const result = spawnSync(process.execPath, [link, '--help'], { encoding: 'utf8' });
    expect(result.stdout).toContain('Usage: kubectl kreach');
  });
});

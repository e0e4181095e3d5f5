/**
 * `kreach lint` end to end through its commander command, in process: flags, configuration file
 * lookup, output formats on stdout, input problems on stderr, exit codes. `run` handles errors the
 * way src/cli/main.ts does (usage errors: message and exit 2). When the built binary registers the
 * command, the last block also runs it as users do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/cli/exit-codes.js';
import { lintCommand, type LintIO } from '../src/cli/lint.js';
import { RULES } from '../src/lint/rules.js';

// No kubeconfig anywhere: without -f, lint must not reach for a real cluster of this machine.
process.env.KUBECONFIG = '/nonexistent/kreach-test-kubeconfig';
process.env.HOME = mkdtempSync(join(tmpdir(), 'kreach-home-'));

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMA = join(ROOT, 'testdata/scenarios/headless-chroma');
const CASES = join(ROOT, 'testdata/lint');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(args: string[], options: { cwd?: string; stdin?: string } = {}): Promise<Result> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const io: LintIO = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: options.cwd ?? emptyDir(),
    color: false,
    colorStderr: false,
    setExitCode: (c) => (code = c),
    ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
  };
  const program = new Command('kreach').exitOverride().configureOutput({ writeOut: (t) => (stdout += t), writeErr: (t) => (stderr += t) });
  const command = lintCommand(io).exitOverride();
  program.addCommand(command);
  try {
    await program.parseAsync(['lint', ...args], { from: 'user' });
  } catch (error) {
    if (error instanceof UsageError) {
      stderr += `kreach: error: ${error.message}\n`;
      code = 2;
    } else if (error instanceof CommanderError) code = error.exitCode === 0 ? 0 : 2;
    else throw error;
  }
  return { code, stdout, stderr };
}

function emptyDir(): string {
  return mkdtempSync(join(tmpdir(), 'kreach-lint-cli-'));
}

function tempFile(name: string, text: string, dir = emptyDir()): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('kreach lint', () => {
  it('reports the headless-Service trap with file, line and column, and exits 1', async () => {
    const out = await run(['-f', CHROMA]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`${CHROMA}/chroma.yaml\n  6:46     error   headless Service default/svc-chroma port 80 ("http") has targetPort 8000`);
    expect(out.stdout).toContain('_http._tcp.svc-chroma.default.svc.cluster.local carries the real port 8000');
    expect(out.stdout).toMatch(/1 error, 0 warnings, 0 info\n$/);
    // The simulated cluster DNS is an info of the simulation, shown only with -v.
    expect(out.stderr).not.toContain('cluster-dns-simulated');
    expect((await run(['-f', CHROMA, '-v'])).stderr).toContain('[cluster-dns-simulated]');
  });

  it('exits by --fail-on: none → 0, warning fails on warnings, default error does not', async () => {
    expect((await run(['-f', CHROMA, '--fail-on', 'none'])).code).toBe(0);
    const warnings = join(CASES, 'target-port-not-declared/numeric-missing.yaml');
    expect((await run(['-f', warnings])).code).toBe(0);
    expect((await run(['-f', warnings, '--fail-on', 'warning'])).code).toBe(1);
  });

  it('turns rules off with --disable and on with --enable', async () => {
    expect((await run(['-f', CHROMA, '--disable', 'headless-port-mismatch'])).code).toBe(0);
    const out = await run(['-f', CHROMA, '--disable', 'all', '--enable', 'headless-port-mismatch', '-o', 'json']);
    expect((JSON.parse(out.stdout) as { rules: Array<{ id: string }> }).rules.map((r) => r.id)).toEqual(['headless-port-mismatch']);
  });

  it('reads .kreach.yaml from the current directory, or the file --config names', async () => {
    const dir = emptyDir();
    writeFileSync(join(dir, '.kreach.yaml'), 'lint:\n  rules:\n    headless-port-mismatch: warning\n');
    const fromCwd = await run(['-f', CHROMA], { cwd: dir });
    expect(fromCwd.code).toBe(0);
    expect(fromCwd.stdout).toContain('warning headless Service');
    const other = tempFile('strict.yaml', 'lint: {failOn: warning}\n');
    expect((await run(['-f', CHROMA, '--config', other], { cwd: dir })).code).toBe(1);
  });

  it('exits 2 for configuration and usage mistakes, without a stack trace', async () => {
    const bad = tempFile('.kreach.yaml', 'lint: {rules: {no-such-rule: off}}\n');
    for (const args of [['-f', CHROMA, '--config', bad], ['-f', CHROMA, '--enable', 'nope'], ['-f', CHROMA, '-o', 'xml'], ['-f', CHROMA, '--fail-on', 'fatal'], []]) {
      const out = await run(args);
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stderr).not.toMatch(/\n\s+at /);
    }
    expect((await run(['-f', CHROMA, '--config', bad])).stderr).toContain('unknown rule "no-such-rule"');
    expect((await run([])).stderr).toContain('no input: pass manifests with -f');
    expect((await run(['-f', CHROMA, '--config', '/nonexistent/.kreach.yaml'])).stderr).toContain('cannot be read');
  });

  it('exits 2 on input errors and still reports what it could', async () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'app.yaml'), readFileSync(join(CHROMA, 'chroma.yaml'), 'utf8'));
    writeFileSync(join(dir, 'broken.yaml'), 'kind: Service\nmetadata: {name: [oops\n');
    const out = await run(['-f', dir]);
    expect(out.code).toBe(2);
    expect(out.stdout).toContain('headless-port-mismatch');
    expect(out.stderr).toMatch(/broken\.yaml:3:1: error: .*\[yaml-syntax\]/);
  });

  it('reports YAML 1.1 booleans as a lint error (exit 1), not as an input error', async () => {
    const out = await run(['-f', join(CASES, 'yaml-boolean-string/label-on.yaml')]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('the unquoted value on is read by kubectl\'s YAML 1.1 parser as the boolean true');
    expect(out.stderr).not.toContain('must be a string');
  });

  it('reads standard input with -f -', async () => {
    const out = await run(['-f', '-', '-o', 'json'], { stdin: readFileSync(join(CHROMA, 'chroma.yaml'), 'utf8') });
    expect(out.code).toBe(1);
    const doc = JSON.parse(out.stdout) as { findings: Array<{ file: string; rule: string }> };
    expect(doc.findings.map((f) => [f.file, f.rule])).toEqual([['<stdin>', 'headless-port-mismatch']]);
  });

  it('lists suppressed findings separately, and reports them with --no-annotations', async () => {
    const text = readFileSync(join(CHROMA, 'chroma.yaml'), 'utf8').replace(
      'metadata: {name: svc-chroma}',
      'metadata:\n  name: svc-chroma\n  annotations: {kreach.io/ignore: headless-port-mismatch, kreach.io/ignore-reason: "clients use SRV"}',
    );
    expect(text).toContain('kreach.io/ignore');
    const file = tempFile('chroma.yaml', text);
    const quiet = await run(['-f', file]);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toContain('suppressed by kreach.io/ignore (1):');
    expect(quiet.stdout).toContain('headless-port-mismatch on Service default/svc-chroma: "clients use SRV"');
    expect((await run(['-f', file, '--no-annotations'])).code).toBe(1);
  });

  it.each([
    ['sarif', (s: string) => (JSON.parse(s) as { version: string }).version === '2.1.0'],
    ['json', (s: string) => (JSON.parse(s) as { summary: { error: number } }).summary.error === 1],
    ['github', (s: string) => s.startsWith('::error file=')],
    ['md', (s: string) => s.startsWith('### kreach lint')],
  ])('writes -o %s', async (format, ok) => {
    const out = await run(['-f', CHROMA, '-o', format], { cwd: ROOT });
    expect(out.code).toBe(1);
    expect(ok(out.stdout)).toBe(true);
  });

  it('lists the rules with --list-rules, honouring the configuration, without input', async () => {
    const text = await run(['--list-rules', '--disable', 'pod-dns-config']);
    expect(text.code).toBe(0);
    for (const rule of RULES) expect(text.stdout).toContain(rule.id);
    expect(text.stdout).toMatch(/^pod-dns-config\s+warning\s+off\s/m);
    const json = JSON.parse((await run(['--list-rules', '-o', 'json'])).stdout) as Array<{ id: string; enabled: boolean }>;
    expect(json.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
  });
});

const BIN = join(ROOT, 'dist/cli/main.js');
const registered = existsSync(BIN) && existsSync(join(ROOT, 'dist/cli/lint.js')) && readFileSync(BIN, 'utf8').includes('lintCommand');

describe.skipIf(!registered)('the built binary (once main.ts registers lint)', () => {
  it('runs kreach lint with exit codes 1 and 2', () => {
    const lint = (args: string[]) => spawnSync(process.execPath, [BIN, 'lint', ...args], { encoding: 'utf8', cwd: ROOT });
    const found = lint(['-f', CHROMA]);
    expect(found.status).toBe(1);
    expect(found.stdout).toContain('headless-port-mismatch');
    const dir = emptyDir();
    mkdirSync(join(dir, 'x'));
    expect(lint(['-f', join(dir, 'x')]).status).toBe(2);
  });
});

/**
 * `kreach connectivity` end to end on the built `dist/`: the matrix in each format, single questions
 * with their exit codes (0 allowed, 1 denied or undefined, 2 bad input) and error messages without
 * stack traces. Until the command is registered in `src/cli/main.ts`, a small stand-in program
 * mounts it with the same error handling, so these tests run either way.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from './connectivity-helpers.js';

const BIN = join(REPO_ROOT, 'dist/cli/main.js');
const SCENARIOS = join(REPO_ROOT, 'testdata/connectivity');
const SPLIT = join(SCENARIOS, 'undefined-and-split/manifests');
const BOUTIQUE = join(SCENARIOS, 'online-boutique/manifests');

/** A program with only this command, mapping errors to exit codes as main.ts does. */
function standIn(): string {
  const url = (path: string) => pathToFileURL(join(REPO_ROOT, path)).href;
  const script = `
import { Command, CommanderError } from ${JSON.stringify(url('node_modules/commander/esm.mjs'))};
import { connectivityCommand } from ${JSON.stringify(url('dist/cli/connectivity.js'))};
import { UsageError } from ${JSON.stringify(url('dist/cli/exit-codes.js'))};
const program = new Command('kreach').exitOverride();
program.addCommand(connectivityCommand());
for (const c of program.commands) c.exitOverride();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? 0 : 2;
  else if (error instanceof UsageError) { process.stderr.write('kreach: error: ' + error.message + '\\n'); process.exitCode = 2; }
  else { process.stderr.write('kreach: internal error: ' + error.message + '\\n'); process.exitCode = 70; }
}
`;
  const path = join(mkdtempSync(join(tmpdir(), 'kreach-connectivity-')), 'kreach.mjs');
  writeFileSync(path, script);
  return path;
}

let entry = BIN;
beforeAll(() => {
  const help = spawnSync(process.execPath, [BIN, 'connectivity', '--help'], { encoding: 'utf8' });
  const registered = help.status === 0 && /Usage: \S+ connectivity /.test(help.stdout);
  if (!registered) entry = standIn();
});

function kreach(args: string[]) {
  const result = spawnSync(process.execPath, [entry, 'connectivity', ...args], { encoding: 'utf8', cwd: REPO_ROOT });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('kreach connectivity: the matrix', () => {
  it('prints the golden text and exits 0', () => {
    const out = kreach(['-f', SPLIT]);
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(readFileSync(join(SCENARIOS, 'undefined-and-split/out.txt'), 'utf8'));
    expect(out.stderr).toContain('[cluster-dns-simulated]');
  });

  it('-o json, -o yaml, -o md and -o dot', () => {
    const json = JSON.parse(kreach(['-f', SPLIT, '-o', 'json']).stdout);
    expect(json.kind).toBe('Connectivity');
    expect(parse(kreach(['-f', SPLIT, '-o', 'yaml']).stdout)).toEqual(json);
    expect(kreach(['-f', SPLIT, '-o', 'md']).stdout).toMatch(/^\| src \| dst \| conn \|\n/);
    expect(kreach(['-f', SPLIT, '-o', 'dot']).stdout).toMatch(/^digraph \{\n[\s\S]*\n\}\n$/);
  });

  it('-n keeps connections with an end in the namespace', () => {
    const out = kreach(['-f', SPLIT, '-n', 'kube-system']);
    const lines = out.stdout.split('\n').filter((l) => l.includes(' => '));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.includes('kube-system/'))).toBe(true);
  });
});

describe('kreach connectivity: one question', () => {
  it.each([
    ['allowed → 0', ['--from', 'data/deploy/client', '--to', 'data/db-0', '--port', 'pg'], 0, /^data\/client\[Deployment\] => data\/db-0\[Pod\] over TCP pg: allowed\n/],
    ['denied → 1', ['--from', 'data/deploy/client', '--to', '10.1.2.3', '--port', '443'], 1, /over TCP 443: denied\n.*\n {2}egress denied: data\/client-/],
    ['partly denied → 1', ['--from', 'data/deploy/client', '--to', 'data/sts/db', '--port', '5432'], 1, /: denied \(allowed 1, denied 2 of 3 pod pairs\)/],
    ['undefined → 1', ['--from', 'data/ds/node-agent', '--to', 'data/debug', '--port', '80'], 1, /: undefined \(3 pod pairs\)/],
    ['UDP, lower case', ['--from', 'default/deploy/cartservice', '--to', '8.8.8.8', '--port', '53', '--protocol', 'udp', '-f', BOUTIQUE], 0, /over UDP 53: allowed/],
  ])('%s', (_name, args, code, stdout) => {
    const out = kreach(args.includes('-f') ? args : ['-f', SPLIT, ...args]);
    expect(out.code, out.stderr).toBe(code);
    expect(out.stdout).toMatch(stdout);
  });

  it('-o json carries the verdicts', () => {
    const out = kreach(['-f', SPLIT, '--from', 'data/deploy/client', '--to', 'data/db-0', '--port', '5432', '-o', 'json']);
    const doc = JSON.parse(out.stdout);
    expect([doc.kind, doc.allowed, doc.outcomes[0].ingress.match.policy]).toEqual(['ConnectivityQuestion', true, 'data/db-0-primary']);
  });

  it.each([
    ['an unknown workload, with close matches', ['--from', 'data/deploy/clinet', '--to', 'data/db-0', '--port', '80'], /--from: Deployment "data\/clinet" not found; close matches: data\/deployment\/client/],
    ['an unknown pod', ['--from', 'data/deploy/client', '--to', 'data/db-7', '--port', '80'], /--to: pod "data\/db-7" not found; close matches: data\/db-0/],
    ['a missing flag', ['--from', 'data/deploy/client', '--port', '80'], /--from, --to and --port ask one question together: missing --to/],
    ['--protocol without a question', ['--protocol', 'UDP'], /--protocol belongs to a question/],
    ['a bad protocol', ['--from', 'data/debug', '--to', 'data/db-0', '--port', '80', '--protocol', 'ICMP'], /--protocol must be TCP, UDP or SCTP/],
    ['a port out of range', ['--from', 'data/debug', '--to', 'data/db-0', '--port', '70000'], /--port 70000 is out of range/],
    ['a malformed port name', ['--from', 'data/debug', '--to', 'data/db-0', '--port', 'Not_A_Name'], /--port must be a number 1-65535 or a port name/],
    ['a port name the destination lacks', ['--from', 'data/debug', '--to', 'data/db-0', '--port', 'http'], /port name "http" \(TCP\) is not declared by data\/db-0/],
    ['-o dot for a question', ['--from', 'data/debug', '--to', 'data/db-0', '--port', '80', '-o', 'dot'], /-o dot draws the whole matrix/],
    ['an unknown format', ['-o', 'svg'], /argument 'svg' is invalid/],
  ])('exits 2 for %s', (_name, args, message) => {
    const out = kreach(['-f', SPLIT, ...args]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });
});

/**
 * The two DNS servers under load, each pinned to one core with `taskset`: `kreach dns serve` on a
 * generated cluster, and NSD (rrl off, one server process) on the zones `kreach dns zone` exported
 * from the same input. Both bind an ephemeral port on 127.0.0.1 only. `startMs` is the time from
 * spawning the process to its first answer for `probe`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, nsdConfig } from '../../test/nsd-config.js';
import { CLUSTER_FLAGS } from '../generate.js';
import { KREACH_CLI } from '../paths.js';
import { waitForAnswer } from './client.js';

export interface RunningServer {
  name: 'kreach' | 'nsd';
  port: number;
  pid: number;
  startMs: number;
  stop(): Promise<void>;
}

export const hasCommand = (name: string): boolean => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;

/** `taskset -c <cpu>` when taskset exists (and the machine has that core), else the command itself. */
function pinned(cpu: number | undefined, command: string, args: string[]): [string, string[]] {
  return cpu !== undefined && hasCommand('taskset') ? ['taskset', ['-c', String(cpu), command, ...args]] : [command, args];
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

export function kreachArgs(dataDir: string): string[] {
  return ['-f', dataDir, '--service-cidr', CLUSTER_FLAGS.serviceCIDRs.join(','), '--pod-cidr', CLUSTER_FLAGS.podCIDRs.join(',')];
}

/** `kreach dns zone --out <dir>` on the dataset; the zone files written. */
export function exportZoneFiles(dataDir: string, outDir: string): { ms: number; files: string[] } {
  mkdirSync(outDir, { recursive: true });
  const t0 = Date.now();
  const result = spawnSync(process.execPath, [KREACH_CLI, 'dns', 'zone', ...kreachArgs(dataDir), '--out', outDir], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`kreach dns zone failed (${result.status}): ${result.stderr}`);
  return { ms: Date.now() - t0, files: readdirSync(outDir).filter((f) => f.endsWith('.zone')).map((f) => join(outDir, f)) };
}

export async function startKreach(dataDir: string, probe: string, cpu: number | undefined, nodeFlags: string[] = []): Promise<RunningServer> {
  const port = await freePort();
  const t0 = Date.now();
  const [command, args] = pinned(cpu, process.execPath, [...nodeFlags, KREACH_CLI, 'dns', 'serve', ...kreachArgs(dataDir), '--listen', `127.0.0.1:${port}`, '--no-watch']);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const ok = await waitForAnswer(port, probe, 600_000, running);
  if (!ok) {
    await stopper(child)();
    throw new Error(`kreach dns serve did not answer ${probe}: ${output.slice(-2000)}`);
  }
  return { name: 'kreach', port, pid: child.pid ?? 0, startMs: Date.now() - t0, stop: stopper(child) };
}

/** NSD serving `zoneFiles` (named `<zone>.zone`) from `workDir`. */
export async function startNsd(zoneFiles: string[], workDir: string, probe: string, cpu: number | undefined): Promise<RunningServer> {
  mkdirSync(workDir, { recursive: true });
  const port = await freePort();
  const zones = zoneFiles.map((file) => ({ name: file.slice(file.lastIndexOf('/') + 1, -'.zone'.length), file }));
  const conf = join(workDir, 'nsd.conf');
  writeFileSync(conf, nsdConfig(workDir, port, zones));
  const t0 = Date.now();
  const [command, args] = pinned(cpu, 'nsd', ['-d', '-c', conf]);
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const ok = await waitForAnswer(port, probe, 600_000, running);
  if (!ok) {
    await stopper(child)();
    throw new Error(`nsd did not answer ${probe}: ${output.slice(-2000)}`);
  }
  return { name: 'nsd', port, pid: child.pid ?? 0, startMs: Date.now() - t0, stop: stopper(child) };
}

/** Resident set (`VmRSS`) or its peak (`VmHWM`) of a running process, MiB; NaN when unknown (not Linux). */
export function memoryOf(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return Number.NaN;
  }
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

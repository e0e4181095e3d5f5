/**
 * Runs one measurement in a fresh Node process (bench/child.ts) and returns its result. A fresh
 * process per measurement keeps peak RSS and JIT warm-up honest; `--profile` adds `--cpu-prof`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RESULT_MARKER } from './tasks/common.js';
import { CHILD, DATA } from './paths.js';

export interface ChildOptions {
  /** Write a CPU profile to bench/.data/profiles/<label>-*.cpuprofile. */
  profile?: string;
  exposeGc?: boolean;
  cpu?: number;
}

export const PROFILES = join(DATA, 'profiles');

export function runChild<T>(task: string, args: object, options: ChildOptions = {}): Promise<T> {
  const flags: string[] = [];
  if (options.exposeGc) flags.push('--expose-gc');
  if (options.profile) {
    mkdirSync(PROFILES, { recursive: true });
    flags.push('--cpu-prof', '--cpu-prof-dir', PROFILES, '--cpu-prof-name', `${options.profile}-${Date.now()}.cpuprofile`);
  }
  const argv = [...flags, CHILD, task, JSON.stringify(args)];
  const [command, full] = options.cpu !== undefined ? ['taskset', ['-c', String(options.cpu), process.execPath, ...argv]] : [process.execPath, argv];
  return new Promise((resolve, reject) => {
    const child = spawn(command, full, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_MARKER));
      if (code !== 0 || !line) {
        reject(new Error(`bench task ${task} ${JSON.stringify(args)} failed (${signal ?? code}):\n${(err || out).slice(-3000)}`));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as T);
    });
  });
}

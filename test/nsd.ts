/**
 * Runs NSD (Debian's `nsd`) on a loopback port with the zone files kreach exported, so tests can
 * compare a standard authoritative server's answers with kreach's own.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, nsdConfig } from './nsd-config.js';

export const nsdAvailable = spawnSync('sh', ['-c', 'command -v nsd']).status === 0;

export interface RunningNsd {
  port: number;
  stop(): Promise<void>;
}

/** Start NSD serving `zones` (zone name → master-file text); resolves once it answers. */
export async function startNsd(zones: Array<{ zone: string; text: string }>): Promise<RunningNsd> {
  const dir = mkdtempSync(join(tmpdir(), 'kreach-nsd-'));
  const port = await freePort();
  const files = zones.map(({ zone, text }, i) => {
    const file = join(dir, `zone${i}.zone`);
    writeFileSync(file, text);
    return { name: zone, file };
  });
  const conf = join(dir, 'nsd.conf');
  writeFileSync(conf, nsdConfig(dir, port, files));
  const child: ChildProcess = spawn('nsd', ['-d', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`nsd exited: ${stderr}`);
    const probe = spawnSync('dig', ['@127.0.0.1', '-p', String(port), '+time=1', '+tries=1', '+short', zones[0]?.zone ?? '.', 'SOA'], { encoding: 'utf8' });
    if (probe.status === 0 && probe.stdout.trim() !== '') return { port, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`nsd did not start: ${stderr}`);
}

/**
 * Runs NSD (Debian's `nsd`) on a loopback port with the zone files kreach exported, so tests can
 * compare a standard authoritative server's answers with kreach's own.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const nsdAvailable = spawnSync('sh', ['-c', 'command -v nsd']).status === 0;

export interface RunningNsd {
  port: number;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (NSD binds UDP and TCP on it). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Start NSD serving `zones` (zone name → master-file text); resolves once it answers. */
export async function startNsd(zones: Array<{ zone: string; text: string }>): Promise<RunningNsd> {
  const dir = mkdtempSync(join(tmpdir(), 'kreach-nsd-'));
  const port = await freePort();
  const zoneConfig = zones
    .map(({ zone, text }, i) => {
      writeFileSync(join(dir, `zone${i}.zone`), text);
      return `zone:\n  name: "${zone}"\n  zonefile: "${join(dir, `zone${i}.zone`)}"\n`;
    })
    .join('');
  const conf = join(dir, 'nsd.conf');
  writeFileSync(
    conf,
    `server:\n  ip-address: 127.0.0.1\n  port: ${port}\n  username: ""\n  chroot: ""\n  zonesdir: "${dir}"\n` +
      `  pidfile: "${join(dir, 'nsd.pid')}"\n  xfrdfile: "${join(dir, 'xfrd.state')}"\n  zonelistfile: "${join(dir, 'zone.list')}"\n` +
      `  database: ""\n  server-count: 1\n  verbosity: 0\n  hide-version: yes\n  rrl-ratelimit: 0\n  rrl-whitelist-ratelimit: 0\n` +
      `remote-control:\n  control-enable: no\n${zoneConfig}`,
  );
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

/**
 * What the tests and the benchmark share to run NSD beside kreach: a free loopback port and NSD's
 * configuration for one server process on it, response-rate limiting off (it would drop the
 * benchmark's queries), nothing outside `dir` (no chroot, no database, no remote control).
 */
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1 (NSD binds UDP and TCP on it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** `nsd.conf` serving each zone from its master file, on 127.0.0.1:`port`, state kept in `dir`. */
export function nsdConfig(dir: string, port: number, zones: Array<{ name: string; file: string }>): string {
  const server = [
    'server:',
    '  ip-address: 127.0.0.1',
    `  port: ${port}`,
    '  username: ""',
    '  chroot: ""',
    `  zonesdir: "${dir}"`,
    `  pidfile: "${join(dir, 'nsd.pid')}"`,
    `  xfrdfile: "${join(dir, 'xfrd.state')}"`,
    `  zonelistfile: "${join(dir, 'zone.list')}"`,
    '  database: ""',
    '  server-count: 1',
    '  verbosity: 0',
    '  hide-version: yes',
    '  rrl-ratelimit: 0',
    '  rrl-whitelist-ratelimit: 0',
    'remote-control:',
    '  control-enable: no',
  ];
  const zoneLines = zones.flatMap(({ name, file }) => ['zone:', `  name: "${name}"`, `  zonefile: "${file}"`]);
  return [...server, ...zoneLines, ''].join('\n');
}

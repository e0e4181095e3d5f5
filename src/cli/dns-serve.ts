/**
 * `kreach dns serve`: a real DNS server (UDP and TCP) over the simulated cluster. It follows its
 * input: when a manifest file changes, the cluster is rebuilt and the answers change without a
 * restart, with a higher SOA serial. Stops cleanly on SIGINT and SIGTERM.
 */
import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Command } from 'commander';
import type { Cluster } from '../cluster/cluster.js';
import type { ClusterDnsEngine } from '../dns/engine.js';
import { streamSink } from '../dns/query-log.js';
import { DnsServer, DnsServerError, parseHostPort } from '../dns/server.js';
import { UsageError } from './exit-codes.js';
import { addDnsOptions, buildDns, type DnsOptions } from './dns-options.js';
import { addSourceOptions, loadFromOptions, type SourceOptions } from './source-options.js';

type ServeOptions = SourceOptions & DnsOptions & { listen: string; upstream?: string; log?: boolean; watch: boolean };

/** How long file events settle before a reload (editors write in several steps). */
const RELOAD_DEBOUNCE_MS = 150;

export function serveCommand(): Command {
  const command = new Command('serve')
    .description('serve the cluster DNS on a real UDP/TCP server that dig and any client can query')
    .option('--listen <host:port>', 'address to listen on, UDP and TCP ([::1]:5353 for IPv6)', '127.0.0.1:5353')
    .option('--upstream <host:port>', 'forward names outside the cluster zones here (default: refuse them)')
    .option('--log', 'print one line per query: client, name, type, rcode, answers, latency')
    .option('--no-watch', 'do not reload when the input files change');
  return addDnsOptions(addSourceOptions(command)).action(async (options: ServeOptions) => {
    if (options.filename.includes('-') && options.watch) options.watch = false; // stdin cannot change
    let listen;
    let upstream;
    try {
      listen = parseHostPort(options.listen, 5353);
      upstream = options.upstream ? parseHostPort(options.upstream, 53) : undefined;
    } catch (error) {
      throw new UsageError(error instanceof DnsServerError ? `${error.message}` : String(error));
    }
    let { cluster } = await loadFromOptions(options);
    let engine: ClusterDnsEngine = buildDns(cluster, options).engine;
    const server = new DnsServer(() => engine, {
      host: listen.host,
      port: listen.port,
      ...(upstream ? { upstream } : {}),
      ...(options.log ? { log: streamSink(process.stdout) } : {}),
    });
    let address;
    try {
      address = await server.listen();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot listen on ${options.listen}: ${code ?? (error as Error).message}`);
    }
    const where = address.udp.family === 'IPv6' ? `[${address.udp.address}]:${address.udp.port}` : `${address.udp.address}:${address.udp.port}`;
    process.stdout.write(`kreach dns: serving ${engine.zones.join(', ')} on ${where} (udp, tcp); ${cluster.services().length} Services\n`);

    const reload = async () => {
      const next: { cluster: Cluster } = await loadFromOptions(options);
      const nextEngine = buildDns(next.cluster, options, engine.serial()).engine;
      const [oldCluster, oldEngine] = [cluster, engine];
      [cluster, engine] = [next.cluster, nextEngine];
      oldEngine.close();
      oldCluster.close();
      process.stdout.write(`kreach dns: input changed, reloaded (serial ${engine.serial()}; ${cluster.services().length} Services)\n`);
    };
    const watchers = options.watch ? watchInputs(options.filename, options.recursive === true, reload) : [];

    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    for (const w of watchers) w.close();
    await server.close();
    process.stdout.write('kreach dns: stopped\n');
  });
}

/** Watch every -f path; a burst of events triggers one reload. Reload errors are reported, not fatal. */
function watchInputs(paths: string[], recursive: boolean, reload: () => Promise<void>): FSWatcher[] {
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(reload).catch((error: unknown) => {
        process.stderr.write(`kreach dns: reload failed, still serving the previous input: ${(error as Error).message}\n`);
      });
    }, RELOAD_DEBOUNCE_MS);
  };
  const watchers: FSWatcher[] = [];
  for (const path of paths.flatMap((p) => p.split(',')).filter((p) => p && p !== '-')) {
    try {
      // Editors replace files instead of writing them: watch a file's folder, filtered by its name.
      if (statSync(path).isDirectory()) watchers.push(watch(path, { recursive }, schedule));
      else watchers.push(watch(dirname(path), (_event, name) => name === basename(path) && schedule()));
    } catch (error) {
      process.stderr.write(`kreach dns: cannot watch ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    }
  }
  return watchers;
}

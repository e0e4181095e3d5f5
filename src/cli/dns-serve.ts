/**
 * `kreach dns serve`: a real DNS server (UDP and TCP) over the simulated cluster. It follows its
 * input: when a manifest file changes, the cluster is rebuilt and the answers change without a
 * restart, with a higher SOA serial. Without -f it follows the live cluster instead: it lists and
 * watches the API server (src/live), answers SERVFAIL rather than NXDOMAIN until the first complete
 * read, as CoreDNS does, and moves the serial with every change. Stops cleanly on SIGINT and SIGTERM.
 */
import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Command } from 'commander';
import type { Cluster } from '../cluster/cluster.js';
import type { ClusterDnsEngine } from '../dns/engine.js';
import type { DnsEngine } from '../dns/types.js';
import { streamSink } from '../dns/query-log.js';
import { DnsServer, DnsServerError, parseHostPort } from '../dns/server.js';
import { UsageError } from './exit-codes.js';
import { addDnsOptions, buildDns, type DnsOptions } from './dns-options.js';
import { addSourceOptions, clusterOptionsFrom, isLive, liveSourceFrom, loadFromOptions, type SourceOptions } from './source-options.js';

type ServeOptions = SourceOptions & DnsOptions & { listen: string; upstream?: string; log?: boolean; watch: boolean };

/** How long file events settle before a reload (editors write in several steps). */
const RELOAD_DEBOUNCE_MS = 150;

export function serveCommand(): Command {
  const command = new Command('serve')
    .description('serve the cluster DNS on a real UDP/TCP server that dig and any client can query')
    .option('--listen <host:port>', 'address to listen on, UDP and TCP ([::1]:5353 for IPv6)', '127.0.0.1:5353')
    .option('--upstream <host:port>', 'forward names outside the cluster zones here (default: refuse them)')
    .option('--log', 'print one line per query: client, name, type, rcode, answers, latency')
    .option('--no-watch', 'do not reload when the input files change (live: read the cluster once instead of watching it)');
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
    const source = isLive(options) && options.watch ? await followLive(options) : await followFiles(options);
    const server = new DnsServer(source.engine, {
      host: listen.host,
      port: listen.port,
      ...(upstream ? { upstream } : {}),
      ...(options.log ? { log: streamSink(process.stdout) } : {}),
    });
    let address;
    try {
      address = await server.listen();
    } catch (error) {
      await source.stop();
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot listen on ${options.listen}: ${code ?? (error as Error).message}`);
    }
    const where = address.udp.family === 'IPv6' ? `[${address.udp.address}]:${address.udp.port}` : `${address.udp.address}:${address.udp.port}`;
    process.stdout.write(`kreach dns: serving ${source.engine().zones.join(', ')} on ${where} (udp, tcp); ${source.status()}\n`);

    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await source.stop();
    await server.close();
    process.stdout.write('kreach dns: stopped\n');
  });
}

/** Where the served engine comes from, and how it keeps current. */
interface EngineSource {
  engine: () => DnsEngine;
  /** The tail of the "serving" line. */
  status(): string;
  stop(): Promise<void>;
}

/** Files (or a one-shot live snapshot with --no-watch): rebuilt when an input file changes. */
async function followFiles(options: ServeOptions): Promise<EngineSource> {
  let { cluster } = await loadFromOptions(options);
  let engine: ClusterDnsEngine = buildDns(cluster, options).engine;
  const reload = async () => {
    const next: { cluster: Cluster } = await loadFromOptions(options);
    const nextEngine = buildDns(next.cluster, options, engine.serial()).engine;
    const [oldCluster, oldEngine] = [cluster, engine];
    [cluster, engine] = [next.cluster, nextEngine];
    oldEngine.close();
    oldCluster.close();
    process.stdout.write(`kreach dns: input changed, reloaded (serial ${engine.serial()}; ${cluster.services().length} Services)\n`);
  };
  const watchers = options.watch && options.filename.length > 0 ? watchInputs(options.filename, options.recursive === true, reload) : [];
  return {
    engine: () => engine,
    status: () => `${cluster.services().length} Services`,
    stop: async () => {
      for (const w of watchers) w.close();
    },
  };
}

/** The live cluster, listed and watched; a new engine whenever the cluster is rebuilt. */
async function followLive(options: ServeOptions): Promise<EngineSource> {
  const live = await import('../live/load-live.js');
  const clusterOptions = clusterOptionsFrom(options);
  let engine: ClusterDnsEngine | undefined;
  const say = (text: string) => process.stdout.write(`kreach dns: ${text}\n`);
  let started;
  try {
    started = await live.followLiveCluster(liveSourceFrom(options), {
      cluster: clusterOptions,
      onWarning: (text) => process.stderr.write(`kreach dns: warning: ${text}\n`),
      onRebuilt: (cluster) => {
        const previous = engine;
        try {
          engine = buildDns(cluster, options, previous?.serial()).engine;
        } catch (error) {
          process.stderr.write(`kreach dns: rebuild failed, still serving the previous state: ${(error as Error).message}\n`);
          return;
        }
        previous?.close();
        if (!previous) say(`synced with the cluster (serial ${engine.serial()}; ${cluster.services().length} Services)`);
      },
    });
  } catch (error) {
    if (live.isLiveError(error)) throw new UsageError(error.message);
    throw error;
  }
  const { live: following, connection } = started;
  // Until the first sync, an engine over the empty placeholder; the wrapper turns NXDOMAIN into SERVFAIL.
  // Building it also checks the DNS flags (--ttl, --corefile) before anything is served.
  let placeholder: ClusterDnsEngine;
  try {
    placeholder = buildDns(following.cluster, options).engine;
  } catch (error) {
    await following.stop();
    throw error;
  }
  const syncing = new live.SyncingDnsEngine(() => engine ?? placeholder, () => following.synced);
  return {
    engine: () => syncing,
    status: () => `following context "${connection.kubeconfig.context}" (${connection.kubeconfig.server}); ${following.synced ? 'synced' : 'syncing…'}`,
    stop: async () => {
      await following.stop();
      engine?.close();
      placeholder.close();
    },
  };
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

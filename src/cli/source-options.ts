/**
 * The options every command shares for choosing its input and the simulated cluster's frame, in
 * kubectl's spelling (`-f`, `-R`, `-n`, `-A`, `--kubeconfig`, `--context`), and the one function
 * that turns them into a Cluster: from the `-f` manifests, or, with no `-f`, from the live cluster
 * of the current kubeconfig context, read-only, as kubectl would. The live source (and
 * @kubernetes/client-node with it) is imported only then, so file-only commands never load it.
 */
import type { Command } from 'commander';
import type { Cluster } from '../cluster/cluster.js';
import { OptionsError, type ClusterOptions } from '../cluster/options.js';
import { loadCluster } from '../load.js';
import { UsageError } from './exit-codes.js';
import { reportInput } from './report.js';

export interface SourceOptions {
  filename: string[];
  recursive?: boolean;
  namespace?: string;
  allNamespaces?: boolean;
  nodes?: string;
  serviceCidr?: string;
  podCidr?: string;
  derive?: boolean;
  verbose?: boolean;
  /** Live mode: the kubeconfig file (default: KUBECONFIG, else ~/.kube/config). */
  kubeconfig?: string;
  /** Live mode: the kubeconfig context (default: the current one). */
  context?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function addSourceOptions(command: Command): Command {
  return command
    .option('-f, --filename <path>', 'manifest file, folder, or - for stdin; repeatable, comma-separated (none: the live cluster)', collect, [])
    .option('-R, --recursive', 'descend into subfolders of -f folders')
    .option('-n, --namespace <ns>', 'namespace to show, and of objects that name none', undefined)
    .option('-A, --all-namespaces', 'show every namespace')
    .option('--nodes <count>', 'synthetic nodes when the input has no Node objects (default 3)')
    .option('--service-cidr <cidr>', 'service CIDR(s), comma-separated for dual-stack (default 10.96.0.0/12)')
    .option('--pod-cidr <cidr>', 'pod CIDR(s), comma-separated for dual-stack (default 10.244.0.0/16)')
    .option('--derive', 'recompute EndpointSlices even where the input holds observed ones')
    .option('-v, --verbose', 'list every skipped document')
    .option('--kubeconfig <file>', 'without -f: the kubeconfig to read the live cluster with (default: $KUBECONFIG, ~/.kube/config)')
    .option('--context <name>', 'without -f: the kubeconfig context to read (default: the current one)');
}

export interface LoadedInput {
  cluster: Cluster;
  /** An input error occurred (exit 2 once the command has printed what it could). */
  inputError: boolean;
}

/**
 * Load the cluster the options describe, without reporting: files (or stdin, which tests may
 * supply as text), or with no `-f` the live cluster. In live mode an unset `options.namespace` is set
 * to the context's namespace, so commands show it as kubectl does. Invalid options → UsageError.
 */
export async function loadClusterFromOptions(options: SourceOptions, stdin?: string | NodeJS.ReadableStream): Promise<Cluster> {
  const clusterOptions = clusterOptionsFrom(options);
  try {
    return isLive(options)
      ? await loadLive(options, clusterOptions)
      : await loadCluster({
          files: options.filename,
          recursive: options.recursive ?? false,
          namespace: options.namespace ?? 'default',
          ...(stdin !== undefined ? { stdin } : {}),
          ...clusterOptions,
        });
  } catch (error) {
    if (error instanceof OptionsError) throw new UsageError(error.message);
    throw error;
  }
}

/** Load as `loadClusterFromOptions` does and report input findings and skipped documents on stderr. */
export async function loadFromOptions(options: SourceOptions): Promise<LoadedInput> {
  const cluster = await loadClusterFromOptions(options);
  const inputError = reportInput(cluster.findings, cluster.skipped, {
    verbose: options.verbose ?? false,
    color: process.stderr.isTTY === true,
    write: (line) => process.stderr.write(`${line}\n`),
  });
  return { cluster, inputError };
}

/** No `-f`: the live cluster. `--kubeconfig`/`--context` with `-f` are a mistake worth saying. */
export function isLive(options: SourceOptions): boolean {
  if (options.filename.length > 0) {
    const flag = options.kubeconfig !== undefined ? '--kubeconfig' : options.context !== undefined ? '--context' : undefined;
    if (flag) throw new UsageError(`${flag} reads a live cluster and cannot be combined with -f`);
    return false;
  }
  if (options.recursive) throw new UsageError('-R needs -f: it descends into -f folders');
  return true;
}

/** The Cluster options of the flags (`--nodes`, CIDRs, `--derive`). */
export function clusterOptionsFrom(options: SourceOptions): ClusterOptions {
  let nodes: number | undefined;
  if (options.nodes !== undefined) {
    nodes = Number(options.nodes);
    if (!/^\d+$/.test(options.nodes)) throw new UsageError(`--nodes must be a positive integer, got "${options.nodes}"`);
  }
  return {
    derive: options.derive ?? false,
    ...(nodes !== undefined ? { nodes } : {}),
    ...(options.serviceCidr ? { serviceCIDRs: [options.serviceCidr] } : {}),
    ...(options.podCidr ? { podCIDRs: [options.podCidr] } : {}),
  };
}

/** What the live source needs from the flags. */
export function liveSourceFrom(options: SourceOptions): { kubeconfig?: string; context?: string; namespace?: string } {
  return {
    ...(options.kubeconfig !== undefined ? { kubeconfig: options.kubeconfig } : {}),
    ...(options.context !== undefined ? { context: options.context } : {}),
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
  };
}

/** Read a live snapshot (progress on a TTY), turning LiveErrors into usage errors (exit 2). */
async function loadLive(options: SourceOptions, cluster: ClusterOptions): Promise<Cluster> {
  const live = await import('../live/load-live.js');
  const progress = live.progressLine(process.stderr, 'kreach: reading the cluster: ');
  try {
    const load = await live.loadLiveCluster({ ...liveSourceFrom(options), cluster, progress: (text) => progress.update(text) });
    options.namespace ??= load.namespace;
    return load.cluster;
  } catch (error) {
    if (live.isLiveError(error)) throw new UsageError(error.message);
    throw error;
  } finally {
    progress.done();
  }
}

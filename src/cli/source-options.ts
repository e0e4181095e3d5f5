/**
 * The options every command shares for choosing its input and the simulated cluster's frame, in
 * kubectl's spelling (`-f`, `-R`, `-n`, `-A`), and the one function that turns them into a Cluster.
 */
import type { Command } from 'commander';
import type { Cluster } from '../cluster/cluster.js';
import { OptionsError } from '../cluster/options.js';
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
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function addSourceOptions(command: Command): Command {
  return command
    .option('-f, --filename <path>', 'manifest file, folder, or - for stdin; repeatable, comma-separated', collect, [])
    .option('-R, --recursive', 'descend into subfolders of -f folders')
    .option('-n, --namespace <ns>', 'namespace to show, and of objects that name none', undefined)
    .option('-A, --all-namespaces', 'show every namespace')
    .option('--nodes <count>', 'synthetic nodes when the input has no Node objects (default 3)')
    .option('--service-cidr <cidr>', 'service CIDR(s), comma-separated for dual-stack (default 10.96.0.0/12)')
    .option('--pod-cidr <cidr>', 'pod CIDR(s), comma-separated for dual-stack (default 10.244.0.0/16)')
    .option('--derive', 'recompute EndpointSlices even where the input holds observed ones')
    .option('-v, --verbose', 'list every skipped document');
}

export interface LoadedInput {
  cluster: Cluster;
  /** An input error occurred (exit 2 once the command has printed what it could). */
  inputError: boolean;
}

/** Load the cluster the options describe, reporting input findings on stderr. */
export async function loadFromOptions(options: SourceOptions): Promise<LoadedInput> {
  if (options.filename.length === 0) {
    throw new UsageError('no input: pass manifests with -f FILE|DIR|- (reading a live cluster is not available yet)');
  }
  let nodes: number | undefined;
  if (options.nodes !== undefined) {
    nodes = Number(options.nodes);
    if (!/^\d+$/.test(options.nodes)) throw new UsageError(`--nodes must be a positive integer, got "${options.nodes}"`);
  }
  try {
    const cluster = await loadCluster({
      files: options.filename,
      recursive: options.recursive ?? false,
      namespace: options.namespace ?? 'default',
      derive: options.derive ?? false,
      ...(nodes !== undefined ? { nodes } : {}),
      ...(options.serviceCidr ? { serviceCIDRs: [options.serviceCidr] } : {}),
      ...(options.podCidr ? { podCIDRs: [options.podCidr] } : {}),
    });
    const inputError = reportInput(cluster.findings, cluster.skipped, {
      verbose: options.verbose ?? false,
      color: process.stderr.isTTY === true,
      write: (line) => process.stderr.write(`${line}\n`),
    });
    return { cluster, inputError };
  } catch (error) {
    if (error instanceof OptionsError) throw new UsageError(error.message);
    throw error;
  }
}

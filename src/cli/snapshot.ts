/**
 * `kreach snapshot`: read the live cluster once and print what was read as one `List`, for use
 * offline with `-f` (`kreach snapshot > cluster.yaml; kreach get svc -f cluster.yaml`). The items
 * are the objects as the API server sent them, minus `metadata.managedFields`, so loading the file
 * gives the same cluster the live read gives. Secrets are never read, so none can end up in the file.
 */
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { toKubeList } from '../output/kube-objects.js';
import { UsageError } from './exit-codes.js';

interface SnapshotOptions {
  output: 'yaml' | 'json';
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces?: boolean;
  chunkSize: string;
}

export function snapshotCommand(): Command {
  return new Command('snapshot')
    .description('save the live cluster (no Secrets) as one List that -f loads back: kreach snapshot > cluster.yaml')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('--kubeconfig <file>', 'kubeconfig to read the cluster with (default: $KUBECONFIG, ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context to read (default: the current one)')
    .option('-n, --namespace <ns>', 'save the namespaced objects of this namespace only (nodes and namespaces still)')
    .option('-A, --all-namespaces', 'save every namespace (the default)')
    .option('--chunk-size <n>', 'objects per list request', '500')
    .action(async (options: SnapshotOptions) => {
      process.stdout.write(await runSnapshot(options));
    });
}

async function runSnapshot(options: SnapshotOptions): Promise<string> {
  if (!/^[1-9]\d*$/.test(options.chunkSize)) throw new UsageError(`--chunk-size must be a positive integer, got "${options.chunkSize}"`);
  if (options.allNamespaces && options.namespace !== undefined) throw new UsageError('-n and -A cannot be combined');
  const live = await import('../live/load-live.js');
  const progress = live.progressLine(process.stderr, 'kreach: reading the cluster: ');
  let read;
  try {
    read = await live.readLiveSnapshot({
      ...(options.kubeconfig !== undefined ? { kubeconfig: options.kubeconfig } : {}),
      ...(options.context !== undefined ? { context: options.context } : {}),
      ...(options.namespace !== undefined ? { namespace: options.namespace, onlyNamespace: options.namespace } : {}),
      limit: Number(options.chunkSize),
      progress: (text) => progress.update(text),
    });
  } catch (error) {
    if (live.isLiveError(error)) throw new UsageError(error.message);
    throw error;
  } finally {
    progress.done();
  }
  const { snapshot, connection } = read;
  for (const warning of snapshot.warnings) process.stderr.write(`kreach snapshot: warning: ${warning}\n`);
  const list = toKubeList(snapshot.objects);
  if (options.output === 'json') return `${JSON.stringify(list, null, 2)}\n`;
  const { context, server } = connection.kubeconfig;
  const header = `# kreach snapshot of context "${context}" (${server}), ${new Date().toISOString()}; load it with -f\n`;
  // YAML 1.1 quoting, as `get -o yaml`: strings such as "yes" or "0755" stay strings for kubectl too.
  return header + stringify(list, { version: '1.1', lineWidth: 0, indentSeq: false });
}

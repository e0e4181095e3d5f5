/**
 * The library's front door: read manifests from files, folders or stdin and build the simulated
 * cluster, exactly as the CLI does.
 */
import { Cluster } from './cluster/cluster.js';
import type { ClusterOptions } from './cluster/options.js';
import { loadManifests } from './source/load.js';

export interface LoadClusterOptions extends ClusterOptions {
  /** Files, folders and `-` for stdin; each entry may be a comma-separated list (kubectl `-f`). */
  files: string[];
  /** Descend into subfolders of folders given in `files`. @default false */
  recursive?: boolean;
  /** Namespace for objects that name none (kubectl `-n` on apply). @default 'default' */
  namespace?: string;
  /** What `-` reads; @default process.stdin */
  stdin?: string | NodeJS.ReadableStream;
}

/**
 * Load manifests and derive the cluster: defaults, IPs, workload pods and EndpointSlices. Input
 * problems never throw; they are in `cluster.findings` (severity `error` for input errors) and
 * `cluster.skipped`. Throws `OptionsError` only for invalid options (a bad CIDR).
 *
 * @example
 * const cluster = await loadCluster({ files: ['k8s/'] });
 * cluster.endpointSlicesFor('default', 'svc-chroma');
 */
export async function loadCluster(options: LoadClusterOptions): Promise<Cluster> {
  const manifests = await loadManifests(options.files, {
    recursive: options.recursive ?? false,
    defaultNamespace: options.namespace ?? 'default',
    ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
  });
  return Cluster.fromManifests(manifests, options);
}

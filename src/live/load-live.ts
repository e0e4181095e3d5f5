/**
 * The live source's front door, what the CLI imports (lazily, with `import()`) when there is no
 * `-f`: connect with the kubeconfig, then either read a one-shot snapshot and build the Cluster from
 * it exactly as from files, or start a LiveCluster that follows the server. Partial reads and
 * EndpointSlice drift come back as findings, reported like any input finding.
 */
import { Cluster } from '../cluster/cluster.js';
import type { ClusterOptions } from '../cluster/options.js';
import type { Finding } from '../model/index.js';
import { ApiClient } from './api.js';
import { driftFindings } from './drift.js';
import { isLiveError } from './errors.js';
import { resolveKubeconfig, type KubeconfigOptions, type ResolvedKubeconfig } from './kubeconfig.js';
import { LiveCluster, type LiveClusterOptions } from './live-cluster.js';
import { collectionPath, LIVE_RESOURCES, subjectOf } from './resources.js';
import { readSnapshot, type Snapshot } from './snapshot.js';
import { liveSourceFile, manifestsFromObjects } from './to-manifests.js';

export { isLiveError, LiveError } from './errors.js';
export { SyncingDnsEngine } from './syncing-engine.js';
export { progressLine } from './progress.js';
export type { LiveCluster } from './live-cluster.js';

export const PARTIAL_READ_CODE = 'live-partial-read';

export interface LiveSourceOptions extends KubeconfigOptions {
  /** Read namespaced resources of this namespace only (`snapshot -n`). @default every namespace */
  onlyNamespace?: string;
  /** Objects per list page. @default 500 */
  limit?: number;
  /** Told what is being read (a progress line). */
  progress?: (text: string) => void;
}

export interface Connection {
  api: ApiClient;
  kubeconfig: ResolvedKubeconfig;
}

export interface LiveLoad {
  cluster: Cluster;
  snapshot: Snapshot;
  /** Context in use and its namespace (`-n`, else the context's, else `default`). */
  context: string;
  namespace: string;
}

/** Resolve the kubeconfig and make the API client. Throws LiveError. */
export async function connect(options: LiveSourceOptions = {}): Promise<Connection> {
  const kubeconfig = await resolveKubeconfig(options);
  const { Watch } = await import('@kubernetes/client-node');
  return { api: new ApiClient(kubeconfig.kc, Watch, kubeconfig.context, kubeconfig.server), kubeconfig };
}

/** Read a consistent snapshot of the cluster (each resource one consistent list). Throws LiveError. */
export async function readLiveSnapshot(options: LiveSourceOptions = {}): Promise<{ snapshot: Snapshot; connection: Connection }> {
  const connection = await connect(options);
  const snapshot = await readSnapshot(connection.api, {
    ...(options.onlyNamespace !== undefined ? { namespace: options.onlyNamespace } : {}),
    fallbackNamespace: connection.kubeconfig.namespace,
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
  return { snapshot, connection };
}

/**
 * The Cluster of a live snapshot, built exactly as `loadCluster` builds one from files, plus
 * findings for what could not be read and for EndpointSlice drift. Throws LiveError.
 */
export async function loadLiveCluster(options: LiveSourceOptions & { cluster?: ClusterOptions } = {}): Promise<LiveLoad> {
  const { snapshot, connection } = await readLiveSnapshot(options);
  const { context, namespace } = connection.kubeconfig;
  const cluster = Cluster.fromManifests(manifestsFromObjects(snapshot.objects, liveSourceFile(context)), options.cluster);
  cluster.findings.push(...snapshot.warnings.map((message): Finding => ({ code: PARTIAL_READ_CODE, severity: 'warning', message })));
  // Drift needs both sides: the observed slices and the pods to derive from.
  if (snapshot.readable.has('EndpointSlice') && snapshot.readable.has('Pod')) cluster.findings.push(...driftFindings(cluster));
  return { cluster, snapshot, context, namespace };
}

/**
 * Small requests before a long-running command starts: an unreachable server, rejected
 * credentials or a missing grant on a required resource stop it at once with a message (exit 2),
 * instead of retrying in the background while it serves nothing. Later failures are retried.
 */
async function preflight(api: ApiClient, namespace: string): Promise<void> {
  for (const resource of LIVE_RESOURCES.filter((r) => r.required)) {
    try {
      await api.get(collectionPath(resource), { limit: 1 }, subjectOf(resource, 'list', undefined));
    } catch (error) {
      if (!isLiveError(error, 'forbidden')) throw error;
      await api.get(collectionPath(resource, namespace), { limit: 1 }, subjectOf(resource, 'list', namespace));
    }
  }
}

/** Connect and start following the cluster (list, then watch). Throws LiveError when it cannot connect. */
export async function followLiveCluster(
  source: LiveSourceOptions,
  follow: LiveClusterOptions = {},
): Promise<{ live: LiveCluster; connection: Connection }> {
  const connection = await connect(source);
  await preflight(connection.api, connection.kubeconfig.namespace);
  const live = new LiveCluster(connection.api, {
    fallbackNamespace: connection.kubeconfig.namespace,
    ...(source.limit !== undefined ? { limit: source.limit } : {}),
    ...follow,
  });
  live.start();
  return { live, connection };
}

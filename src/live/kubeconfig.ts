/**
 * Which cluster, user and namespace to read, resolved the way kubectl resolves them (client-go
 * `tools/clientcmd` loader.go and merged_client_builder.go):
 *
 * - `--kubeconfig FILE` alone, else every file of `KUBECONFIG` (missing ones ignored), else
 *   `~/.kube/config`. Several files merge: the first file to define a cluster, user or context
 *   wins, and the first file to set `current-context` sets it.
 * - `--context` picks the context; otherwise the current one.
 * - With no kubeconfig at all, inside a pod (`KUBERNETES_SERVICE_HOST`/`_PORT` and a ServiceAccount
 *   token), the in-cluster config: the pod's ServiceAccount, its namespace from `POD_NAMESPACE` or
 *   the namespace file.
 * - The namespace: `-n`, else the context's, else `default`.
 *
 * Authentication (tokens, client certificates, exec plugins, token files) is client-node's. The
 * library is loaded here with `import()`, so commands reading files never pay for it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { LIVE_MSG, LiveError } from './errors.js';

export interface KubeconfigOptions {
  /** `--kubeconfig`: this file only. */
  kubeconfig?: string;
  /** `--context`. */
  context?: string;
  /** `-n`: overrides the context's namespace. */
  namespace?: string;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Home folder holding `.kube/config`. @default os.homedir() */
  home?: string;
  /** Prefix of the ServiceAccount paths (`/var/run/secrets/…`), for tests. @default '' */
  serviceAccountRoot?: string;
}

export interface ResolvedKubeconfig {
  kc: KubeConfig;
  /** The context in use (`in-cluster` inside a pod). */
  context: string;
  /** The API server URL. */
  server: string;
  /** `-n`, else the context's namespace, else `default`. */
  namespace: string;
  inCluster: boolean;
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Resolve the kubeconfig; throws LiveError `no-kubeconfig` or `kubeconfig` when it cannot. */
export async function resolveKubeconfig(options: KubeconfigOptions = {}): Promise<ResolvedKubeconfig> {
  const { KubeConfig: KubeConfigClass } = await import('@kubernetes/client-node');
  const env = options.env ?? process.env;
  const files = kubeconfigFiles(options, env);
  const kc = new KubeConfigClass();
  mergeFiles(kc, files, () => new KubeConfigClass());

  if (kc.contexts.length === 0 && kc.clusters.length === 0) {
    const root = options.serviceAccountRoot ?? '';
    if (options.kubeconfig === undefined && inClusterPossible(env, root)) return inCluster(kc, env, root, options.namespace);
    throw new LiveError('no-kubeconfig', LIVE_MSG.noKubeconfig(describeLooked(files, options, env)));
  }
  const context = options.context ?? kc.currentContext;
  if (!context) throw new LiveError('kubeconfig', LIVE_MSG.noCurrentContext());
  const contextObject = kc.getContextObject(context);
  if (!contextObject) throw new LiveError('kubeconfig', LIVE_MSG.contextMissing(context));
  kc.setCurrentContext(context);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new LiveError('kubeconfig', LIVE_MSG.clusterMissing(context, contextObject.cluster));
  if (!cluster.server) throw new LiveError('kubeconfig', LIVE_MSG.noServer(cluster.name));
  const namespace = options.namespace ?? (contextObject.namespace || 'default');
  return { kc, context, server: cluster.server, namespace, inCluster: false };
}

/** `--kubeconfig` (must exist), else the existing files of KUBECONFIG, else ~/.kube/config if present. */
function kubeconfigFiles(options: KubeconfigOptions, env: NodeJS.ProcessEnv): string[] {
  if (options.kubeconfig !== undefined) {
    if (!existsSync(options.kubeconfig)) throw new LiveError('kubeconfig', LIVE_MSG.kubeconfigMissing(options.kubeconfig));
    return [options.kubeconfig];
  }
  if (env.KUBECONFIG) {
    const listed = env.KUBECONFIG.split(delimiter).filter((f) => f !== '');
    return [...new Set(listed)].filter((f) => existsSync(f));
  }
  const home = join(options.home ?? homedir(), '.kube', 'config');
  return existsSync(home) ? [home] : [];
}

/** Merge with kubectl's rule: the first definition of a name wins, the first current-context wins. */
function mergeFiles(target: KubeConfig, files: string[], fresh: () => KubeConfig): void {
  target.loadFromOptions({ clusters: [], users: [], contexts: [], currentContext: '' });
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new LiveError('kubeconfig', LIVE_MSG.kubeconfigUnreadable(file, (error as NodeJS.ErrnoException).code ?? String(error)));
    }
    if (text.trim() === '') continue; // an empty file is an empty config (clientcmd LoadFromFile)
    const part = fresh();
    try {
      part.loadFromFile(file);
    } catch (error) {
      throw new LiveError('kubeconfig', LIVE_MSG.kubeconfigUnreadable(file, (error as Error).message));
    }
    for (const c of part.clusters) if (!target.clusters.some((t) => t.name === c.name)) target.clusters.push(c);
    for (const u of part.users) if (!target.users.some((t) => t.name === u.name)) target.users.push(u);
    for (const x of part.contexts) if (!target.contexts.some((t) => t.name === x.name)) target.contexts.push(x);
    if (!target.currentContext && part.currentContext) target.currentContext = part.currentContext;
  }
}

/** client-go `inClusterClientConfig.Possible`: the Service env variables and a token file. */
function inClusterPossible(env: NodeJS.ProcessEnv, root: string): boolean {
  return Boolean(env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT && existsSync(`${root}${SERVICE_ACCOUNT_DIR}/token`));
}

function inCluster(kc: KubeConfig, env: NodeJS.ProcessEnv, root: string, namespaceFlag: string | undefined): ResolvedKubeconfig {
  // client-node reads the host and port from process.env; hand it ours for the duration of the call.
  const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
  process.env.KUBERNETES_SERVICE_HOST = env.KUBERNETES_SERVICE_HOST;
  process.env.KUBERNETES_SERVICE_PORT = env.KUBERNETES_SERVICE_PORT;
  try {
    kc.loadFromCluster(root);
  } finally {
    restoreEnv('KUBERNETES_SERVICE_HOST', saved.host);
    restoreEnv('KUBERNETES_SERVICE_PORT', saved.port);
  }
  const nsFile = `${root}${SERVICE_ACCOUNT_DIR}/namespace`;
  const fromFile = existsSync(nsFile) ? readFileSync(nsFile, 'utf8').trim() : '';
  const namespace = namespaceFlag ?? (env.POD_NAMESPACE || fromFile || 'default');
  return { kc, context: 'in-cluster', server: kc.getCurrentCluster()?.server ?? '', namespace, inCluster: true };
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

function describeLooked(files: string[], options: KubeconfigOptions, env: NodeJS.ProcessEnv): string {
  if (files.length > 0) return `${files.join(', ')} defines no cluster or context`;
  if (env.KUBECONFIG) return `none of the KUBECONFIG files (${env.KUBECONFIG}) exists`;
  return `${join(options.home ?? homedir(), '.kube', 'config')} does not exist and KUBECONFIG is unset`;
}

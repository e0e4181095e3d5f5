/**
 * The one-shot read of a live cluster: every resource of the table listed completely (list.ts), one
 * after the other, with what was readable and what was not. A resource RBAC forbids at the cluster
 * scope is read in the user's namespace instead when that is allowed; an optional resource that
 * stays forbidden (or is not served) is left out with a warning saying what kreach does without it;
 * a required one stops the read with a LiveError naming the missing verb and resource.
 */
import type { ApiClient } from './api.js';
import { LIVE_MSG, LiveError, isLiveError } from './errors.js';
import { listResource, type ListResult } from './list.js';
import { LIVE_RESOURCES, scopeOf, subjectOf, type LiveResource } from './resources.js';
import type { RawObject } from '../source/raw.js';

export interface SnapshotOptions {
  /** Read namespaced resources in this namespace only (snapshot `-n`). @default every namespace */
  namespace?: string;
  /** Where to fall back when a resource may not be listed at the cluster scope (the context's namespace). */
  fallbackNamespace?: string;
  /** Objects per page. @default 500 */
  limit?: number;
  /** Told what is being read, for a progress line. */
  progress?: (text: string) => void;
  /** @default LIVE_RESOURCES */
  resources?: readonly LiveResource[];
}

export interface Snapshot {
  /** Every object read, resource by resource in table order, each as the server sent it (normalized). */
  objects: RawObject[];
  /** What was left out or narrowed, as warning texts. */
  warnings: string[];
  /** Kinds read in full or in part. */
  readable: Set<string>;
  /** The list resourceVersion of each kind read. */
  resourceVersions: Map<string, string>;
}

/** Read the cluster. Throws LiveError for unreachable servers, rejected credentials and required resources. */
export async function readSnapshot(api: ApiClient, options: SnapshotOptions = {}): Promise<Snapshot> {
  const snapshot: Snapshot = { objects: [], warnings: [], readable: new Set(), resourceVersions: new Map() };
  for (const resource of options.resources ?? LIVE_RESOURCES) {
    const result = await readResource(api, resource, options, snapshot.warnings);
    if (!result) continue;
    snapshot.objects.push(...result.items);
    snapshot.readable.add(resource.kind);
    snapshot.resourceVersions.set(resource.kind, result.resourceVersion);
  }
  return snapshot;
}

/**
 * One resource, falling back to the user's namespace on a cluster-scope 403; undefined when it is
 * optional and unreadable (a warning says so). Shared with the watches, which list the same way.
 */
export async function readResource(
  api: ApiClient,
  resource: LiveResource,
  options: Pick<SnapshotOptions, 'namespace' | 'fallbackNamespace' | 'limit' | 'progress'> & { signal?: AbortSignal },
  warnings: string[],
): Promise<(ListResult & { namespace: string | undefined }) | undefined> {
  const onPage = (count: number) => options.progress?.(`${resource.plural} ${count}`);
  const list = { limit: options.limit, onPage, signal: options.signal };
  let namespace = scopeOf(resource, options.namespace);
  options.progress?.(`${resource.plural}`);
  try {
    try {
      return { ...(await listResource(api, resource, namespace, list)), namespace };
    } catch (error) {
      const fallback = options.fallbackNamespace;
      if (!isLiveError(error, 'forbidden') || !resource.namespaced || namespace !== undefined || fallback === undefined) throw error;
      namespace = fallback;
      const result = await listResource(api, resource, namespace, list);
      warnings.push(LIVE_MSG.namespaceOnly(subjectOf(resource, 'list', undefined), namespace));
      return { ...result, namespace };
    }
  } catch (error) {
    if (!(error instanceof LiveError) || resource.required) throw error;
    if (error.code !== 'forbidden' && error.code !== 'not-found') throw error;
    warnings.push(LIVE_MSG.skipped(error.message, resource.without));
    return undefined;
  }
}

/**
 * Listing one resource completely and consistently. Pages of `limit` objects are chained with the
 * `continue` token; all pages of one chain come from one snapshot at one resourceVersion (API
 * concepts, "Retrieving large results sets in chunks"). When a token expires mid-chain (410
 * Expired) the pages read so far are thrown away and the resource is listed again in one request
 * without a limit, as client-go's pager does (`FullListIfExpired`), so a list never mixes two
 * snapshots.
 */
import type { ApiClient } from './api.js';
import { isLiveError } from './errors.js';
import { baseQuery, collectionPath, normalizeObject, subjectOf, type LiveResource } from './resources.js';
import type { RawObject } from '../source/raw.js';

export interface ListOptions {
  /** Objects per page. @default 500 (kubectl's chunk size) */
  limit?: number;
  /** Told the running count after every page. */
  onPage?: (count: number) => void;
  /** Abandons the request in flight (kreach is stopping). */
  signal?: AbortSignal;
}

export interface ListResult {
  /** The objects, normalized (kind and apiVersion set, managedFields dropped). */
  items: RawObject[];
  /** The list's resourceVersion: where a watch resumes. */
  resourceVersion: string;
}

/** Every object of `resource` in `namespace` (undefined: the cluster scope). Throws LiveError. */
export async function listResource(
  api: ApiClient,
  resource: LiveResource,
  namespace: string | undefined,
  options: ListOptions = {},
): Promise<ListResult> {
  const paged = await listPages(api, resource, namespace, options.limit ?? 500, options);
  if (paged !== 'expired') return paged;
  const whole = await listPages(api, resource, namespace, undefined, options);
  // Without a limit there is no continue token to expire.
  if (whole === 'expired') throw new Error('unreachable: an unpaged list cannot expire');
  return whole;
}

async function listPages(
  api: ApiClient,
  resource: LiveResource,
  namespace: string | undefined,
  limit: number | undefined,
  { onPage, signal }: ListOptions,
): Promise<ListResult | 'expired'> {
  const path = collectionPath(resource, namespace);
  const subject = subjectOf(resource, 'list', namespace);
  const items: RawObject[] = [];
  let token: string | undefined;
  let resourceVersion = '';
  do {
    let page: Record<string, unknown>;
    try {
      page = await api.get(path, { ...baseQuery(resource), limit, continue: token }, subject, signal);
    } catch (error) {
      // Only an expired continue token is retried (by the caller); a 410 on the first page is not.
      if (isLiveError(error, 'gone') && token !== undefined) return 'expired';
      throw error;
    }
    const metadata = (page.metadata ?? {}) as { resourceVersion?: unknown; continue?: unknown };
    for (const item of Array.isArray(page.items) ? page.items : []) {
      if (typeof item === 'object' && item !== null) items.push(normalizeObject(resource, item as RawObject));
    }
    resourceVersion = typeof metadata.resourceVersion === 'string' ? metadata.resourceVersion : resourceVersion;
    token = typeof metadata.continue === 'string' && metadata.continue !== '' ? metadata.continue : undefined;
    onPage?.(items.length);
  } while (token !== undefined);
  return { items, resourceVersion };
}

/**
 * Paginated lists against a scripted API: pages are chained with `continue`, items get their kind,
 * and an expired continue token makes the whole list start over in one request without a limit
 * (client-go's pager), so pages of two snapshots are never mixed. A 410 on the first page is not
 * retried here.
 */
import { describe, expect, it } from 'vitest';
import type { ApiClient, Query } from './api.js';
import { LiveError } from './errors.js';
import { listResource } from './list.js';
import { LIVE_RESOURCES, type LiveResource } from './resources.js';

const PODS = LIVE_RESOURCES.find((r) => r.kind === 'Pod') as LiveResource;
const item = (name: string) => ({ metadata: { name, namespace: 'ns' } });

/** An API answering from a script of (query → page or error); records the queries it got. */
function scripted(pages: Array<Record<string, unknown> | LiveError>): { api: ApiClient; queries: Query[] } {
  const queries: Query[] = [];
  const api = {
    get: async (_path: string, query: Query) => {
      queries.push(query);
      const next = pages.shift();
      if (next instanceof LiveError || next === undefined) throw next ?? new Error('script ran out');
      return next;
    },
  } as unknown as ApiClient;
  return { api, queries };
}

describe('listResource', () => {
  it('follows continue tokens and fills in kind and apiVersion', async () => {
    const { api, queries } = scripted([
      { metadata: { resourceVersion: '10', continue: 'c1' }, items: [item('a'), item('b')] },
      { metadata: { resourceVersion: '10' }, items: [item('c')] },
    ]);
    const pages: number[] = [];
    const result = await listResource(api, PODS, undefined, { limit: 2, onPage: (n) => pages.push(n) });
    expect(result.resourceVersion).toBe('10');
    expect(result.items.map((i) => `${String(i.kind)} ${(i.metadata as { name: string }).name}`)).toEqual(['Pod a', 'Pod b', 'Pod c']);
    expect(queries).toEqual([{ limit: 2, continue: undefined }, { limit: 2, continue: 'c1' }]);
    expect(pages).toEqual([2, 3]);
  });

  it('starts over without a limit when the continue token expires mid-list', async () => {
    const { api, queries } = scripted([
      { metadata: { resourceVersion: '10', continue: 'c1' }, items: [item('a'), item('b')] },
      new LiveError('gone', 'Expired', 410),
      { metadata: { resourceVersion: '12' }, items: [item('a'), item('c')] },
    ]);
    const result = await listResource(api, PODS, undefined, { limit: 2 });
    expect(result.resourceVersion).toBe('12');
    expect(result.items.map((i) => (i.metadata as { name: string }).name)).toEqual(['a', 'c']);
    expect(queries.at(-1)).toEqual({ limit: undefined, continue: undefined });
  });

  it('passes a 410 on the first page to the caller', async () => {
    const { api } = scripted([new LiveError('gone', 'Expired', 410)]);
    await expect(listResource(api, PODS, undefined)).rejects.toMatchObject({ code: 'gone' });
  });
});

/**
 * The raw cache: changes carry old and new objects, unchanged objects make no change, and a relist
 * becomes exactly the changes from the old set to the new one — deletions included, and a reused
 * resourceVersion with new content (a restored API server) still counts as a change.
 */
import { describe, expect, it } from 'vitest';
import { RawCache } from './raw-cache.js';
import { LIVE_RESOURCES, type LiveResource } from './resources.js';

const PODS = LIVE_RESOURCES.find((r) => r.kind === 'Pod') as LiveResource;
const pod = (name: string, rv: string, ip = '10.0.0.1') => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns', resourceVersion: rv }, status: { podIP: ip } });
const summary = (changes: Array<{ key: string; old?: unknown; obj?: unknown } | undefined>) =>
  changes.map((c) => (c ? `${c.old ? (c.obj ? 'modified' : 'deleted') : 'added'} ${c.key}` : 'none'));

describe('RawCache', () => {
  it('reports additions, modifications and deletions, and nothing for repeats', () => {
    const cache = new RawCache();
    expect(summary([cache.upsert(PODS, pod('a', '1'))])).toEqual(['added ns/a']);
    expect(summary([cache.upsert(PODS, pod('a', '1'))])).toEqual(['none']);
    expect(summary([cache.upsert(PODS, pod('a', '2'))])).toEqual(['modified ns/a']);
    expect(summary([cache.remove(PODS, pod('a', '3'))])).toEqual(['deleted ns/a']);
    expect(summary([cache.remove(PODS, pod('a', '3'))])).toEqual(['none']);
  });

  it('turns a relist into the changes between the two sets', () => {
    const cache = new RawCache();
    cache.replace(PODS, [pod('a', '1'), pod('b', '2'), pod('c', '3')]);
    const changes = cache.replace(PODS, [pod('a', '1'), pod('b', '2', '10.0.0.9'), pod('d', '4')]);
    expect(summary(changes).sort()).toEqual(['added ns/d', 'deleted ns/c', 'modified ns/b']);
    expect(cache.count('Pod')).toBe(3);
    // A restored server reuses resourceVersion 1 for different content: still a change.
    expect(summary(cache.replace(PODS, [pod('a', '1', '10.0.0.7')]))).toEqual(['modified ns/a', 'deleted ns/b', 'deleted ns/d']);
  });

  it('lists objects by resource table order, then key, whatever the arrival order', () => {
    const cache = new RawCache();
    cache.upsert(PODS, pod('b', '1'));
    cache.upsert(LIVE_RESOURCES[0] as LiveResource, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } });
    cache.upsert(PODS, pod('a', '2'));
    expect(cache.objects().map((o) => (o.metadata as { name: string }).name)).toEqual(['ns', 'a', 'b']);
  });
});

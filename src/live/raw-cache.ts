/**
 * The raw objects the watches have delivered, by resource and `namespace/name`: what the API server
 * holds as far as kreach knows. Every change is returned as a RawChange (old and new object) so the
 * cluster can be updated from it; a relist is turned into the changes that lead from the old set to
 * the new one, deletions included, so nothing stale survives a relist.
 */
import { LIVE_RESOURCES, rawKey, resourceVersionOf, type LiveResource } from './resources.js';
import type { RawObject } from '../source/raw.js';

/** One object's change: `old` absent for an addition, `obj` absent for a deletion. */
export interface RawChange {
  resource: LiveResource;
  key: string;
  old?: RawObject;
  obj?: RawObject;
}

export class RawCache {
  private readonly byKind = new Map<string, Map<string, RawObject>>();

  /** Add or replace; undefined when the object is unchanged. */
  upsert(resource: LiveResource, obj: RawObject): RawChange | undefined {
    const objects = this.objectsOf(resource);
    const key = rawKey(obj);
    const old = objects.get(key);
    if (old && sameVersion(old, obj)) return undefined;
    objects.set(key, obj);
    return old ? { resource, key, old, obj } : { resource, key, obj };
  }

  /** Remove; undefined when the object was not known. */
  remove(resource: LiveResource, obj: RawObject): RawChange | undefined {
    const key = rawKey(obj);
    const objects = this.objectsOf(resource);
    const old = objects.get(key);
    if (!old) return undefined;
    objects.delete(key);
    return { resource, key, old };
  }

  /** Make `items` the complete set of the resource; returns the changes that took. */
  replace(resource: LiveResource, items: readonly RawObject[]): RawChange[] {
    const changes: RawChange[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      seen.add(rawKey(item));
      const change = this.upsert(resource, item);
      if (change) changes.push(change);
    }
    const objects = this.objectsOf(resource);
    for (const [key, old] of [...objects]) {
      if (seen.has(key)) continue;
      objects.delete(key);
      changes.push({ resource, key, old });
    }
    return changes;
  }

  /** Every object: resources in table order, each sorted by key, so the order never depends on timing. */
  objects(): RawObject[] {
    const out: RawObject[] = [];
    for (const resource of LIVE_RESOURCES) {
      const objects = this.byKind.get(resource.kind);
      if (!objects) continue;
      for (const key of [...objects.keys()].sort()) out.push(objects.get(key) as RawObject);
    }
    return out;
  }

  /** How many objects of a kind are held. */
  count(kind: string): number {
    return this.byKind.get(kind)?.size ?? 0;
  }

  private objectsOf(resource: LiveResource): Map<string, RawObject> {
    let objects = this.byKind.get(resource.kind);
    if (!objects) this.byKind.set(resource.kind, (objects = new Map()));
    return objects;
  }
}

/**
 * The same version of an object. Different resourceVersions settle it cheaply; equal ones are not
 * trusted alone, since an API server restored from a backup reuses old numbers for new content.
 */
function sameVersion(a: RawObject, b: RawObject): boolean {
  if (resourceVersionOf(a) !== resourceVersionOf(b)) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

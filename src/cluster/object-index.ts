/**
 * A keyed collection of one kind, indexed by `namespace/name` and by namespace. The building block
 * of the cluster store. `nameOf` gives the name an object is filed under: its own by default; for a
 * collection holding several kinds (workloads), `Kind/name`, since the API server keeps one object
 * per kind, namespace and name, so a Deployment and a StatefulSet may share a name.
 */
import type { ObjectMeta } from '../model/index.js';

export class ObjectIndex<T extends { meta: ObjectMeta }> {
  private readonly byKey = new Map<string, T>();
  private readonly byNamespace = new Map<string, Map<string, T>>();

  constructor(private readonly nameOf: (obj: T) => string = (obj) => obj.meta.name) {}

  get size(): number {
    return this.byKey.size;
  }

  get(namespace: string, name: string): T | undefined {
    return this.byKey.get(namespace ? `${namespace}/${name}` : name);
  }

  /** Insert or replace; returns the object that was replaced. */
  set(obj: T): T | undefined {
    const { namespace } = obj.meta;
    const name = this.nameOf(obj);
    const key = namespace ? `${namespace}/${name}` : name;
    const old = this.byKey.get(key);
    this.byKey.set(key, obj);
    let ns = this.byNamespace.get(namespace);
    if (!ns) this.byNamespace.set(namespace, (ns = new Map()));
    ns.set(name, obj);
    return old;
  }

  delete(namespace: string, name: string): T | undefined {
    const key = namespace ? `${namespace}/${name}` : name;
    const old = this.byKey.get(key);
    if (!old) return undefined;
    this.byKey.delete(key);
    const ns = this.byNamespace.get(namespace);
    ns?.delete(name);
    if (ns?.size === 0) this.byNamespace.delete(namespace);
    return old;
  }

  /** All objects, or those of one namespace, in insertion order. */
  list(namespace?: string): T[] {
    if (namespace === undefined) return [...this.byKey.values()];
    return [...(this.byNamespace.get(namespace)?.values() ?? [])];
  }

  namespaces(): string[] {
    return [...this.byNamespace.keys()];
  }
}

/**
 * The cluster store: the single source of truth every plane reads. It holds the lean objects of each
 * kind, keeps the indexes lookups need (pods by label and by IP), and tells listeners about every
 * change so derived state can update incrementally instead of being rebuilt.
 */
import type {
  CorefileConfig,
  EndpointSlice,
  Endpoints,
  Ingress,
  Namespace,
  NetworkPolicy,
  Node,
  ObjectMeta,
  Pod,
  Service,
  Workload,
} from '../model/index.js';
import { keyOf } from '../model/index.js';
import { ObjectIndex } from './object-index.js';

/** The kinds the store holds, each with its lean type. */
export interface StoreKinds {
  Pod: Pod;
  Service: Service;
  /** EndpointSlices from the input (dumps, live clusters, hand-written), not derived ones. */
  EndpointSlice: EndpointSlice;
  Endpoints: Endpoints;
  Node: Node;
  Namespace: Namespace;
  NetworkPolicy: NetworkPolicy;
  Ingress: Ingress;
  Workload: Workload;
  Corefile: CorefileConfig;
}
export type StoreKind = keyof StoreKinds;

/** One change: `old` is absent for an addition, `obj` for a deletion. */
export type StoreEvent = {
  [K in StoreKind]: { kind: K; old?: StoreKinds[K]; obj?: StoreKinds[K] };
}[StoreKind];

export type StoreListener = (event: StoreEvent) => void;

/** The name a workload is filed under in `ClusterStore.workloads`: `Deployment/web`. */
export function workloadName(kind: string, name: string): string {
  return `${kind}/${name}`;
}

export class ClusterStore {
  readonly pods = new ObjectIndex<Pod>();
  readonly services = new ObjectIndex<Service>();
  readonly endpointSlices = new ObjectIndex<EndpointSlice>();
  readonly endpoints = new ObjectIndex<Endpoints>();
  readonly nodes = new ObjectIndex<Node>();
  readonly namespaces = new ObjectIndex<Namespace>();
  readonly networkPolicies = new ObjectIndex<NetworkPolicy>();
  readonly ingresses = new ObjectIndex<Ingress>();
  /** Filed under `Kind/name` (workloadName): kinds may share a name. */
  readonly workloads = new ObjectIndex<Workload>((w) => workloadName(w.kind, w.meta.name));
  readonly corefiles = new ObjectIndex<CorefileConfig>();

  /**
   * Namespace → label key → label value → pods carrying that label, in insertion order; selectors
   * intersect these lists. Arrays, not Sets: three entries per pod, and a removal scans one list.
   */
  private readonly podsByLabel = new Map<string, Map<string, Map<string, Pod[]>>>();
  /**
   * Pod IP → the pod using it, or the pods when several do (hostNetwork pods share their node's
   * address). One pod is held bare: a Set per address cost ~40 MB at 150,000 dual-stack pods.
   * Built on the first lookup and kept current from then on: only trace and `pods verified` DNS
   * ask (CoreDNS, too, starts its pod watch only for `pods verified`: kubernetes plugin,
   * controller.go `initPodCache`), and filling it with 300,000 addresses cost the bulk load
   * 100 ms and ~20 MB that DNS serving and lint never use.
   */
  private podsByIp: Map<string, Pod | Pod[]> | undefined;
  private readonly listeners = new Set<StoreListener>();
  private readonly indexes: { [P in StoreKind]: ObjectIndex<StoreKinds[P]> } = {
    Pod: this.pods,
    Service: this.services,
    EndpointSlice: this.endpointSlices,
    Endpoints: this.endpoints,
    Node: this.nodes,
    Namespace: this.namespaces,
    NetworkPolicy: this.networkPolicies,
    Ingress: this.ingresses,
    Workload: this.workloads,
    Corefile: this.corefiles,
  };

  private index<K extends StoreKind>(kind: K): ObjectIndex<StoreKinds[K]> {
    return this.indexes[kind];
  }

  /** Subscribe to changes; returns the unsubscribe function. */
  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Add or replace an object and notify listeners; returns the object replaced. */
  upsert<K extends StoreKind>(kind: K, obj: StoreKinds[K]): StoreKinds[K] | undefined {
    const old = this.index(kind).set(obj);
    if (kind === 'Pod') {
      if (old) this.unindexPod(old as Pod);
      this.indexPod(obj as Pod);
    }
    // No event object when nobody listens (the bulk load of a cluster).
    if (this.listeners.size > 0) this.emit({ kind, old, obj } as StoreEvent);
    return old;
  }

  /** Remove an object by name and notify listeners; returns what was removed. */
  remove<K extends StoreKind>(kind: K, namespace: string, name: string): StoreKinds[K] | undefined {
    const old = this.index(kind).delete(namespace, name);
    if (!old) return undefined;
    if (kind === 'Pod') this.unindexPod(old as Pod);
    if (this.listeners.size > 0) this.emit({ kind, old } as StoreEvent);
    return old;
  }

  /** Pods of `namespace` whose labels contain every pair of `selector` (a Service selector). */
  podsMatching(namespace: string, selector: Record<string, string>): Pod[] {
    const keys = Object.keys(selector);
    if (keys.length === 0) return this.pods.list(namespace);
    const byKey = this.podsByLabel.get(namespace);
    let smallest: Pod[] | undefined;
    for (const key of keys) {
      const list = byKey?.get(key)?.get(selector[key] ?? '');
      if (!list) return [];
      if (!smallest || list.length < smallest.length) smallest = list;
    }
    if (!smallest) return [];
    if (keys.length === 1) return smallest.slice();
    const out: Pod[] = [];
    for (const pod of smallest) {
      if (keys.every((k) => pod.meta.labels[k] === selector[k])) out.push(pod);
    }
    return out;
  }

  /** Pods holding `ip`, if any. */
  podsByIP(ip: string): Pod[] {
    if (!this.podsByIp) {
      this.podsByIp = new Map();
      for (const pod of this.pods.list()) this.indexIps(pod, this.podsByIp);
    }
    const held = this.podsByIp.get(ip);
    return held === undefined ? [] : Array.isArray(held) ? [...held] : [held];
  }

  private indexPod(pod: Pod): void {
    const { namespace, labels } = pod.meta;
    let byKey = this.podsByLabel.get(namespace);
    if (!byKey) this.podsByLabel.set(namespace, (byKey = new Map()));
    for (const key in labels) {
      let byValue = byKey.get(key);
      if (!byValue) byKey.set(key, (byValue = new Map()));
      const value = labels[key] as string;
      // upsert unindexes the old object first, so `pod` is never listed twice.
      const list = byValue.get(value);
      if (list) list.push(pod);
      else byValue.set(value, [pod]);
    }
    if (this.podsByIp) this.indexIps(pod, this.podsByIp);
  }

  private indexIps(pod: Pod, podsByIp: Map<string, Pod | Pod[]>): void {
    for (const ip of pod.podIPs) {
      const held = podsByIp.get(ip);
      if (held === undefined) podsByIp.set(ip, pod);
      else if (Array.isArray(held)) {
        if (!held.includes(pod)) held.push(pod);
      } else if (held !== pod) podsByIp.set(ip, [held, pod]);
    }
  }

  private unindexPod(pod: Pod): void {
    const { namespace, labels } = pod.meta;
    const byKey = this.podsByLabel.get(namespace);
    for (const key in labels) {
      const byValue = byKey?.get(key);
      const value = labels[key] as string;
      const list = byValue?.get(value);
      const at = list ? list.lastIndexOf(pod) : -1;
      if (list && at >= 0) list.splice(at, 1);
      if (list?.length === 0) byValue?.delete(value);
      if (byValue?.size === 0) byKey?.delete(key);
    }
    if (byKey?.size === 0) this.podsByLabel.delete(namespace);
    if (this.podsByIp) this.unindexIps(pod, this.podsByIp);
  }

  private unindexIps(pod: Pod, podsByIp: Map<string, Pod | Pod[]>): void {
    for (const ip of pod.podIPs) {
      const held = podsByIp.get(ip);
      if (held === pod) podsByIp.delete(ip);
      else if (Array.isArray(held)) {
        const rest = held.filter((p) => p !== pod);
        if (rest.length === 0) podsByIp.delete(ip);
        else podsByIp.set(ip, rest.length === 1 ? (rest[0] as Pod) : rest);
      }
    }
  }

  private emit(event: StoreEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** `Kind namespace/name`, how findings and messages name an object. */
export function describeObject(kind: string, meta: ObjectMeta): string {
  return `${kind} ${keyOf(meta)}`;
}

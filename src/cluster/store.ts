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

export class ClusterStore {
  readonly pods = new ObjectIndex<Pod>();
  readonly services = new ObjectIndex<Service>();
  readonly endpointSlices = new ObjectIndex<EndpointSlice>();
  readonly endpoints = new ObjectIndex<Endpoints>();
  readonly nodes = new ObjectIndex<Node>();
  readonly namespaces = new ObjectIndex<Namespace>();
  readonly networkPolicies = new ObjectIndex<NetworkPolicy>();
  readonly ingresses = new ObjectIndex<Ingress>();
  readonly workloads = new ObjectIndex<Workload>();
  readonly corefiles = new ObjectIndex<CorefileConfig>();

  /** `namespace\0key=value` → pods carrying that label; selectors intersect these sets. */
  private readonly podsByLabel = new Map<string, Set<Pod>>();
  /** Pod IP → pods using it (hostNetwork pods share their node's address). */
  private readonly podsByIp = new Map<string, Set<Pod>>();
  private readonly listeners = new Set<StoreListener>();

  private index<K extends StoreKind>(kind: K): ObjectIndex<StoreKinds[K]> {
    const table: { [P in StoreKind]: ObjectIndex<StoreKinds[P]> } = {
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
    return table[kind];
  }

  /** Subscribe to changes; returns the unsubscribe function. */
  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Add or replace an object and notify listeners. */
  upsert<K extends StoreKind>(kind: K, obj: StoreKinds[K]): void {
    const old = this.index(kind).set(obj);
    if (kind === 'Pod') {
      if (old) this.unindexPod(old as Pod);
      this.indexPod(obj as Pod);
    }
    this.emit({ kind, old, obj } as StoreEvent);
  }

  /** Remove an object by name and notify listeners; returns what was removed. */
  remove<K extends StoreKind>(kind: K, namespace: string, name: string): StoreKinds[K] | undefined {
    const old = this.index(kind).delete(namespace, name);
    if (!old) return undefined;
    if (kind === 'Pod') this.unindexPod(old as Pod);
    this.emit({ kind, old } as StoreEvent);
    return old;
  }

  /** Pods of `namespace` whose labels contain every pair of `selector` (a Service selector). */
  podsMatching(namespace: string, selector: Record<string, string>): Pod[] {
    const keys = Object.keys(selector);
    if (keys.length === 0) return this.pods.list(namespace);
    let smallest: Set<Pod> | undefined;
    for (const key of keys) {
      const set = this.podsByLabel.get(labelKey(namespace, key, selector[key] ?? ''));
      if (!set) return [];
      if (!smallest || set.size < smallest.size) smallest = set;
    }
    const out: Pod[] = [];
    for (const pod of smallest ?? []) {
      if (keys.every((k) => pod.meta.labels[k] === selector[k])) out.push(pod);
    }
    return out;
  }

  /** Pods holding `ip`, if any. */
  podsByIP(ip: string): Pod[] {
    return [...(this.podsByIp.get(ip) ?? [])];
  }

  private indexPod(pod: Pod): void {
    for (const [k, v] of Object.entries(pod.meta.labels)) addTo(this.podsByLabel, labelKey(pod.meta.namespace, k, v), pod);
    for (const ip of pod.podIPs) addTo(this.podsByIp, ip, pod);
  }

  private unindexPod(pod: Pod): void {
    for (const [k, v] of Object.entries(pod.meta.labels)) removeFrom(this.podsByLabel, labelKey(pod.meta.namespace, k, v), pod);
    for (const ip of pod.podIPs) removeFrom(this.podsByIp, ip, pod);
  }

  private emit(event: StoreEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\0${key}=${value}`;
}

function addTo<T>(map: Map<string, Set<T>>, key: string, value: T): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<T>(map: Map<string, Set<T>>, key: string, value: T): void {
  const set = map.get(key);
  set?.delete(value);
  if (set?.size === 0) map.delete(key);
}

/** `Kind namespace/name`, how findings and messages name an object. */
export function describeObject(kind: string, meta: ObjectMeta): string {
  return `${kind} ${keyOf(meta)}`;
}

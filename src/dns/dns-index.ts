/**
 * The lookup index the answer engine reads: per Service (`namespace/name`) the Service object and
 * the ready addresses and ports of its EndpointSlices in effect, and the reverse maps IP → Services
 * (ClusterIPs) and IP → Services (endpoint addresses) for PTR and NS. It is the equivalent of
 * CoreDNS's informer indexes (coredns plugin/kubernetes/controller.go: SvcIndex, EpIndex,
 * SvcIndexReverse, EpIndexReverse) and is kept current per Service from the cluster's slice and
 * store events: a readiness flip rebuilds one Service's entry, never the whole index.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { StoreEvent } from '../cluster/store.js';
import { keyOf, type Endpoint, type EndpointSlice, type Service } from '../model/index.js';
import { endpointHostname } from './dns-names.js';

/** One ready address of an EndpointSlice (CoreDNS object.EndpointAddress). */
export interface EndpointAddress {
  readonly ip: string;
  /** The endpoint's DNS label: hostname, pod name or dashed IP (dns-names.ts endpointHostname). */
  readonly name: string;
}

/**
 * An address whose name is made when first read. A answers and the reverse index read only the
 * IP; SRV and PTR answers name the addresses they give. Naming all 300,000 addresses of a
 * 150,000-pod cluster up front was a quarter of building the index.
 */
class NamedOnRead implements EndpointAddress {
  private label: string | undefined;

  constructor(
    readonly ip: string,
    private readonly endpoint: Endpoint,
    private readonly podNames: boolean,
  ) {}

  get name(): string {
    return (this.label ??= endpointHostname(this.endpoint, this.ip, this.podNames));
  }
}

/** A port of a subset; `port: -1` with empty name and protocol stands for "no ports" (dns.md §3). */
export interface SubsetPort {
  name: string;
  protocol: string;
  port: number;
}

/** One EndpointSlice reduced to what DNS reads: its ready addresses and its ports. */
export interface Subset {
  addresses: EndpointAddress[];
  ports: SubsetPort[];
}

/** CoreDNS's sentinel for a slice with `ports: []` (object/endpoint.go). */
export const NO_PORTS: readonly SubsetPort[] = [{ name: '', protocol: '', port: -1 }];

/** Everything DNS knows about one Service key; `service` is undefined for slices of a missing Service. */
export class ServiceEntry {
  service: Service | undefined;
  subsets: Subset[] = [];
  /** Ready addresses over all subsets (`ignore empty_service` counts these). */
  readyCount = 0;
  /** Lazily built lookups, dropped whenever the entry changes (see `memo`). */
  private memoTable: Map<string, unknown> | undefined;

  constructor(
    readonly namespace: string,
    readonly name: string,
  ) {}

  /**
   * A value derived from this entry, computed once per change of the entry. `keep` decides whether
   * to remember it: lookups remember only what matched, so random query names cannot grow the table.
   */
  memo<T>(key: string, compute: () => T, keep: (value: T) => boolean = () => true): T {
    const known = this.memoTable?.get(key);
    if (known !== undefined) return known as T;
    const value = compute();
    if (keep(value)) (this.memoTable ??= new Map()).set(key, value);
    return value;
  }

  /** Forget derived values; the index calls this on every change. */
  invalidate(): void {
    this.memoTable = undefined;
  }
}

export interface DnsIndexOptions {
  /** `endpoint_pod_names` */
  endpointPodNames: boolean;
  /** `noendpoints`: EndpointSlices are not read at all. */
  noEndpoints: boolean;
  /** Also count Pod changes as zone changes (the `pods verified` watch). */
  watchPods: boolean;
  /** The serial starts above this (the serial of the engine this one replaces). */
  minSerial?: number;
}

export class DnsIndex {
  private readonly entries = new Map<string, ServiceEntry>();
  /** IP → the entry holding it, or the entries when several do (see `Holders`). */
  private readonly byClusterIp: Holders = new Map();
  private readonly byEndpointIp: Holders = new Map();
  private readonly unsubscribe: Array<() => void> = [];
  /**
   * Ready endpoints' addresses, kept for changes: a pod event recomputes its Service's slices, but
   * the controller reuses the Endpoint objects of unchanged pods, so their names are not redone.
   */
  private readonly addressesOf = new WeakMap<Endpoint, EndpointAddress[]>();
  private serialValue: number;

  constructor(
    cluster: Cluster,
    private readonly options: DnsIndexOptions,
  ) {
    this.serialValue = Math.max(unixSeconds(), (options.minSerial ?? 0) + 1);
    for (const svc of cluster.store.services.list()) this.setService(keyOf(svc.meta), svc);
    if (!options.noEndpoints) {
      cluster.slices.forEachService((key, slices) => this.addSlices(key, slices));
      this.unsubscribe.push(cluster.slices.subscribe((key, slices) => this.onSlices(key, slices)));
    }
    this.unsubscribe.push(cluster.store.subscribe((event) => this.onStore(event)));
  }

  /** Stop following the cluster. */
  close(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** SOA serial: Unix time of the last relevant change, moved by at least one on every change. */
  get serial(): number {
    return this.serialValue;
  }

  /** The entry of an existing Service (lower-case names from the query match Kubernetes names). */
  service(namespace: string, name: string): ServiceEntry | undefined {
    const entry = this.entries.get(`${namespace}/${name}`);
    return entry?.service ? entry : undefined;
  }

  /** Services holding `ip` as a ClusterIP (SvcIndexReverse). */
  servicesWithClusterIp(ip: string): ReadonlySet<ServiceEntry> {
    return holdersOf(this.byClusterIp, ip);
  }

  /** Entries with a ready endpoint address `ip`, Service or not (EpIndexReverse). */
  entriesWithEndpointIp(ip: string): ReadonlySet<ServiceEntry> {
    return holdersOf(this.byEndpointIp, ip);
  }

  /** Every entry, for zone export. */
  all(): IterableIterator<ServiceEntry> {
    return this.entries.values();
  }

  /** All ClusterIPs and endpoint IPs known, for zone export of PTRs. */
  addresses(): Iterable<string> {
    return new Set([...this.byClusterIp.keys(), ...this.byEndpointIp.keys()]);
  }

  private onStore(event: StoreEvent): void {
    switch (event.kind) {
      case 'Service': {
        const svc = event.obj ?? event.old;
        if (svc) this.setService(keyOf(svc.meta), event.obj);
        return this.bump();
      }
      case 'Namespace':
        return this.bump();
      case 'Pod':
        // CoreDNS watches pods only for `pods verified`; CoreDNS's own pods reach NS via their slices.
        if (this.options.watchPods) this.bump();
        return;
      default:
        return;
    }
  }

  private onSlices(key: string, slices: readonly EndpointSlice[]): void {
    if (this.setSlices(key, slices)) this.bump();
  }

  private entry(key: string): ServiceEntry {
    let entry = this.entries.get(key);
    if (!entry) {
      const slash = key.indexOf('/');
      entry = new ServiceEntry(key.slice(0, slash), key.slice(slash + 1));
      this.entries.set(key, entry);
    }
    return entry;
  }

  private setService(key: string, svc: Service | undefined): void {
    const entry = this.entry(key);
    for (const ip of entry.service?.clusterIPs ?? []) removeFrom(this.byClusterIp, ip, entry);
    entry.service = svc;
    for (const ip of svc?.clusterIPs ?? []) if (ip !== 'None') addTo(this.byClusterIp, ip, entry);
    entry.invalidate();
    this.dropIfEmpty(key, entry);
  }

  /** The initial build: `key` has no subsets yet, so there is nothing to compare or move out. */
  private addSlices(key: string, slices: readonly EndpointSlice[]): void {
    const entry = this.entry(key);
    if (entry.subsets.length > 0) {
      this.setSlices(key, slices);
      return;
    }
    for (const slice of slices) {
      const subset = toSubset(slice, this.options.endpointPodNames);
      if (!subset) continue;
      entry.subsets.push(subset);
      entry.readyCount += subset.addresses.length;
      for (const a of subset.addresses) addTo(this.byEndpointIp, a.ip, entry);
    }
    entry.invalidate();
    this.dropIfEmpty(key, entry);
  }

  /** Replace the subsets of `key`; returns whether anything DNS reads changed. */
  private setSlices(key: string, slices: readonly EndpointSlice[]): boolean {
    const entry = this.entry(key);
    const subsets: Subset[] = [];
    for (const slice of slices) {
      const subset = toSubset(slice, this.options.endpointPodNames, this.addressesOf);
      if (subset) subsets.push(subset);
    }
    const changed = !sameSubsets(entry.subsets, subsets);
    if (changed) {
      // Move only the addresses that came or went in the reverse index.
      const before = ipsOf(entry.subsets);
      const after = ipsOf(subsets);
      for (const ip of before) if (!after.has(ip)) removeFrom(this.byEndpointIp, ip, entry);
      for (const ip of after) if (!before.has(ip)) addTo(this.byEndpointIp, ip, entry);
      entry.subsets = subsets;
      entry.readyCount = subsets.reduce((n, s) => n + s.addresses.length, 0);
      entry.invalidate();
    }
    this.dropIfEmpty(key, entry);
    return changed;
  }

  private dropIfEmpty(key: string, entry: ServiceEntry): void {
    if (!entry.service && entry.subsets.length === 0) this.entries.delete(key);
  }

  private bump(): void {
    this.serialValue = Math.max(this.serialValue + 1, unixSeconds());
  }
}

/**
 * A slice as CoreDNS converts it (object EndpointSliceToEndpoints): only ready endpoints (nil was
 * already read as ready), every address of each, and the `-1` port sentinel for `ports: []`.
 * FQDN slices are not produced by the controller and are skipped (dns.md §4).
 */
function toSubset(
  slice: EndpointSlice,
  endpointPodNames: boolean,
  cache?: WeakMap<Endpoint, EndpointAddress[]>,
): Subset | undefined {
  if (slice.addressType === 'FQDN') return undefined;
  const addresses: EndpointAddress[] = [];
  for (const endpoint of slice.endpoints) {
    if (!endpoint.ready) continue;
    let known = cache?.get(endpoint);
    if (!known) {
      known = endpoint.addresses.map((ip) => new NamedOnRead(ip, endpoint, endpointPodNames));
      cache?.set(endpoint, known);
    }
    for (const address of known) addresses.push(address);
  }
  if (addresses.length === 0) return undefined;
  const ports = slice.ports.length === 0 ? [...NO_PORTS] : slice.ports.map((p) => ({ name: p.name, protocol: p.protocol, port: p.port }));
  return { addresses, ports };
}

function sameSubsets(a: readonly Subset[], b: readonly Subset[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Subset;
    const y = b[i] as Subset;
    if (x.addresses.length !== y.addresses.length || x.ports.length !== y.ports.length) return false;
    if (x.addresses.some((addr, j) => addr.ip !== y.addresses[j]?.ip || addr.name !== y.addresses[j]?.name)) return false;
    if (x.ports.some((p, j) => p.name !== y.ports[j]?.name || p.port !== y.ports[j]?.port || p.protocol !== y.ports[j]?.protocol)) return false;
  }
  return true;
}

const EMPTY: ReadonlySet<ServiceEntry> = new Set();

/**
 * IP → the one entry holding it, or a Set when several do. Nearly every address has one holder, and
 * a Set per pod address cost ~20 MB at 150,000 pods.
 */
type Holders = Map<string, ServiceEntry | Set<ServiceEntry>>;

function holdersOf(map: Holders, ip: string): ReadonlySet<ServiceEntry> {
  const held = map.get(ip);
  return held === undefined ? EMPTY : held instanceof Set ? held : new Set([held]);
}

function ipsOf(subsets: readonly Subset[]): Set<string> {
  const ips = new Set<string>();
  for (const subset of subsets) for (const a of subset.addresses) ips.add(a.ip);
  return ips;
}

function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function addTo(map: Holders, key: string, entry: ServiceEntry): void {
  const held = map.get(key);
  if (held === undefined) map.set(key, entry);
  else if (held instanceof Set) held.add(entry);
  else if (held !== entry) map.set(key, new Set([held, entry]));
}

function removeFrom(map: Holders, key: string, entry: ServiceEntry): void {
  const held = map.get(key);
  if (held === entry) map.delete(key);
  else if (held instanceof Set) {
    held.delete(entry);
    if (held.size === 1) map.set(key, held.values().next().value as ServiceEntry);
    else if (held.size === 0) map.delete(key);
  }
}

/**
 * A simulated cluster: the store filled from a source, with everything the control plane would have
 * derived (namespaces, nodes, workload pods, IPs, NodePorts, EndpointSlices). This is the read
 * interface every tool uses; it stays current when objects change through `apply` and `delete`.
 */
import type {
  EndpointSlice,
  Finding,
  Manifests,
  Namespace,
  NetworkPolicy,
  Node,
  ObjectMeta,
  Pod,
  Service,
  SkippedDocument,
  Workload,
} from '../model/index.js';
import { keyOf } from '../model/index.js';
import { addClusterDns } from './cluster-dns.js';
import { duplicateObjectFinding } from './duplicates.js';
import { bigIntToIp, cidrContains, familyOf, ipToBigInt, parseCidr } from './ip.js';
import { DUAL_STACK_DEFAULTS, resolveOptions, type ClusterOptions, type ResolvedOptions } from './options.js';
import { clusterPods, placePods } from './pods.js';
import { allocateServices } from './service-allocation.js';
import { EndpointSliceState } from './slice-state.js';
import { ClusterStore, type StoreKind, type StoreKinds } from './store.js';
import { clusterNamespaces, clusterNodes } from './topology.js';

export class Cluster {
  readonly store = new ClusterStore();
  readonly slices: EndpointSliceState;
  readonly options: ResolvedOptions;
  /** Input errors and validation findings, in input order. */
  readonly findings: Finding[];
  /** Documents the source did not model, each with its reason. */
  readonly skipped: SkippedDocument[];
  readonly documentCount: number;
  /**
   * Sorted lists by kind and namespace, kept until the store changes: tools ask for a namespace's
   * pods once per policy or peer, and sorting 150,000 pods each time dominated `kreach lint`.
   */
  private readonly sorted = new Map<string, Array<{ meta: ObjectMeta }>>();
  private readonly stopSorting: () => void;

  private constructor(manifests: Manifests, options: ResolvedOptions) {
    this.options = options;
    this.findings = [...manifests.findings];
    this.skipped = manifests.skipped;
    this.documentCount = manifests.documentCount;

    const primaryCidr = options.serviceCIDRs[0];
    if (primaryCidr) this.findings.push(...addClusterDns(manifests, primaryCidr));
    const nodes = clusterNodes(manifests, options.nodes);
    const pods = clusterPods(manifests, nodes);
    placePods(pods, nodes, manifests.workloads, options, this.findings);
    allocateServices(manifests.services, options, this.findings);

    const store = this.store;
    for (const ns of clusterNamespaces(manifests)) store.upsert('Namespace', ns);
    for (const node of nodes) store.upsert('Node', node);
    const add = <K extends StoreKind>(kind: K, obj: StoreKinds[K], kindName: string = kind): void => {
      const replaced = store.upsert(kind, obj);
      if (replaced) this.findings.push(duplicateObjectFinding(kindName, obj.meta, replaced.meta));
    };
    for (const pod of pods) add('Pod', pod);
    for (const svc of manifests.services) add('Service', svc);
    for (const slice of manifests.endpointSlices) add('EndpointSlice', slice);
    for (const ep of manifests.endpoints) add('Endpoints', ep);
    for (const policy of manifests.networkPolicies) add('NetworkPolicy', policy);
    for (const ingress of manifests.ingresses) add('Ingress', ingress);
    for (const workload of manifests.workloads) add('Workload', workload, workload.kind);
    for (const corefile of manifests.corefiles) store.upsert('Corefile', corefile);
    // Derived state starts after the bulk load, so it computes each Service once.
    this.slices = new EndpointSliceState(store, options);
    this.stopSorting = store.subscribe(() => this.sorted.clear());
  }

  /**
   * Build a cluster from converted manifests. The cluster is dual-stack when the options say so,
   * or when they name no service CIDR and the input asks for IPv6 (a RequireDualStack or IPv6
   * Service, an IPv6 pod IP). Throws `OptionsError` for invalid options.
   */
  static fromManifests(manifests: Manifests, options: ClusterOptions = {}): Cluster {
    const dualStack = options.serviceCIDRs === undefined && asksForDualStack(manifests);
    const inferred = options.serviceCIDRs === undefined ? inferServiceCidr(manifests) : undefined;
    const resolved = resolveOptions(inferred ? { ...options, serviceCIDRs: [inferred, ...(dualStack ? [DUAL_STACK_DEFAULTS.service] : [])] } : options, dualStack);
    const cluster = new Cluster(manifests, resolved);
    if (inferred) {
      cluster.findings.push({
        code: 'service-cidr-inferred',
        severity: 'info',
        message: `the input's cluster IPs lie outside the default service CIDR 10.96.0.0/12: using ${inferred}, which holds them all; set --service-cidr to choose`,
      });
    }
    if (dualStack) {
      cluster.findings.push({
        code: 'dual-stack-cluster',
        severity: 'info',
        message: `the input asks for IPv6: simulating a dual-stack cluster (services ${cluster.options.serviceCIDRs.map((c) => c.text).join(',')}, pods ${cluster.options.podCIDRs.map((c) => c.text).join(',')}); set --service-cidr to choose`,
      });
    }
    return cluster;
  }

  services(namespace?: string): Service[] {
    return this.sortedList('Service', namespace, () => this.store.services.list(namespace));
  }

  service(namespace: string, name: string): Service | undefined {
    return this.store.services.get(namespace, name);
  }

  pods(namespace?: string): Pod[] {
    return this.sortedList('Pod', namespace, () => this.store.pods.list(namespace));
  }

  pod(namespace: string, name: string): Pod | undefined {
    return this.store.pods.get(namespace, name);
  }

  nodes(): Node[] {
    return this.sortedList('Node', undefined, () => this.store.nodes.list());
  }

  namespaces(): Namespace[] {
    return this.sortedList('Namespace', undefined, () => this.store.namespaces.list());
  }

  networkPolicies(namespace?: string): NetworkPolicy[] {
    return this.sortedList('NetworkPolicy', namespace, () => this.store.networkPolicies.list(namespace));
  }

  workloads(namespace?: string): Workload[] {
    return this.sortedList('Workload', namespace, () => this.store.workloads.list(namespace));
  }

  /** The EndpointSlices in effect, optionally of one namespace. */
  endpointSlices(namespace?: string): EndpointSlice[] {
    return sortByKey(this.slices.all(namespace));
  }

  /** The EndpointSlices in effect for one Service. */
  endpointSlicesFor(namespace: string, name: string): EndpointSlice[] {
    return this.slices.slicesFor(namespace, name);
  }

  /** Stop following changes (derived state unsubscribes from the store). */
  close(): void {
    this.slices.close();
    this.stopSorting();
    this.sorted.clear();
  }

  /** A fresh copy of the sorted list, so callers may change it. */
  private sortedList<T extends { meta: ObjectMeta }>(kind: StoreKind, namespace: string | undefined, list: () => T[]): T[] {
    const key = `${kind}\0${namespace ?? '\0'}`;
    let cached = this.sorted.get(key) as T[] | undefined;
    if (!cached) {
      cached = sortByKey(list());
      this.sorted.set(key, cached);
    }
    return cached.slice();
  }
}

/**
 * A service CIDR that holds every IPv4 cluster IP the input gives, when they do not all fit the
 * default 10.96.0.0/12 (a dump of an EKS or GKE cluster): their common prefix, at most /16 so there
 * is room to allocate. Undefined when the default fits or the addresses share fewer than 8 bits.
 */
function inferServiceCidr(manifests: Manifests): string | undefined {
  const ips = manifests.services.flatMap((s) => s.clusterIPs.filter((ip) => familyOf(ip) === 'IPv4'));
  const fallback = parseCidr('10.96.0.0/12');
  if (ips.length === 0 || !fallback || ips.every((ip) => cidrContains(fallback, ip))) return undefined;
  const values = ips.map(ipToBigInt);
  const first = values[0] ?? 0n;
  let prefix = 0;
  while (prefix < 16 && values.every((v) => v >> BigInt(31 - prefix) === first >> BigInt(31 - prefix))) prefix++;
  if (prefix < 8) return undefined;
  const mask = ((1n << BigInt(prefix)) - 1n) << BigInt(32 - prefix);
  return `${bigIntToIp(first & mask, 'IPv4')}/${prefix}`;
}

function asksForDualStack(manifests: Manifests): boolean {
  const v6 = (ip: string) => ip.includes(':');
  return (
    manifests.services.some(
      (s) => s.ipFamilyPolicy === 'RequireDualStack' || s.ipFamilies.includes('IPv6') || s.clusterIPs.some(v6),
    ) || manifests.pods.some((p) => p.podIPs.some(v6))
  );
}

function sortByKey<T extends { meta: { namespace: string; name: string } }>(items: T[]): T[] {
  // Keys computed once per item, not once per comparison.
  return items
    .map((item) => ({ item, key: keyOf(item.meta) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((entry) => entry.item);
}

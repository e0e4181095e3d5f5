/**
 * The cluster as kube-proxy's rule tables index it: which Service ports sit behind each ClusterIP,
 * externalIP, load-balancer IP and NodePort, and which addresses are nodes. Built once from a
 * Cluster and kept current by following `cluster.store` (Services, Nodes) and `cluster.slices`
 * (per-Service endpoint changes), so each change re-indexes only the Service it touches.
 */
import type { Cluster } from '../cluster/cluster.js';
import { cidrContains, familyOf, normalizeIp } from '../cluster/ip.js';
import type { IPFamily, Node, Protocol } from '../model/index.js';
import { endpointsForPort, type ProxyEndpoint } from './endpoints.js';
import { servicePorts, shouldSkipService, type ServicePortInfo } from './service-port.js';

export interface ProxyViewOptions {
  /** The PreferSameTrafficDistribution gate (node hints). @default true */
  preferSameNode?: boolean;
}

/**
 * The lookup tables, each address → Service ports: `clusterIP`, `externalIP`, `loadBalancer` (ipMode
 * VIP ingress IPs), `proxyIngress` (ipMode Proxy ingress IPs: known, not captured) and `nodePort`
 * (the port number as text).
 */
type Table = 'clusterIP' | 'externalIP' | 'loadBalancer' | 'proxyIngress' | 'nodePort';

export class ProxyView {
  readonly preferSameNode: boolean;
  private readonly ports = new Map<string, ServicePortInfo[]>();
  private readonly tables: Record<Table, Map<string, ServicePortInfo[]>> = {
    clusterIP: new Map(),
    externalIP: new Map(),
    loadBalancer: new Map(),
    proxyIngress: new Map(),
    nodePort: new Map(),
  };
  /** Per Service key: ServicePortName + family → endpoints; dropped when the Service's slices change. */
  private readonly endpointCache = new Map<string, Map<string, ProxyEndpoint[]>>();
  /**
   * Endpoint IP → keys of the headless Services whose slices list it: DNS hands these addresses out
   * instead of a virtual IP, so a client dialling one is using a headless Service.
   */
  private readonly headlessByIP = new Map<string, Set<string>>();
  /** Headless Service key → the endpoint IPs indexed for it, to unindex them later. */
  private readonly headlessIPs = new Map<string, string[]>();
  private nodesByAddress = new Map<string, Node>();
  private readonly unsubscribe: Array<() => void>;

  constructor(
    readonly cluster: Cluster,
    options: ProxyViewOptions = {},
  ) {
    this.preferSameNode = options.preferSameNode ?? true;
    for (const svc of cluster.services()) this.reindex(`${svc.meta.namespace}/${svc.meta.name}`);
    this.indexNodes();
    this.unsubscribe = [
      cluster.store.subscribe((event) => {
        if (event.kind === 'Service') {
          const meta = (event.obj ?? event.old)?.meta;
          if (meta) this.reindex(`${meta.namespace}/${meta.name}`);
        } else if (event.kind === 'Node') this.indexNodes();
      }),
      cluster.slices.subscribe((serviceKey) => this.reindex(serviceKey)),
    ];
  }

  /** Stop following the cluster. */
  close(): void {
    for (const stop of this.unsubscribe) stop();
  }

  /** The Service ports of `namespace/name` (empty when there is no such Service). */
  servicePorts(serviceKey: string): readonly ServicePortInfo[] {
    return this.ports.get(serviceKey) ?? [];
  }

  /** Service ports with address `ip` of one kind (`proxyIngress`: LB ingress IPs with ipMode Proxy). */
  at(kind: Exclude<Table, 'nodePort'>, ip: string): readonly ServicePortInfo[] {
    return this.tables[kind].get(normalizeIp(ip) ?? ip) ?? [];
  }

  /** Keys of the headless Services listing `ip` as an endpoint address. */
  headlessAt(ip: string): string[] {
    return [...(this.headlessByIP.get(normalizeIp(ip) ?? ip) ?? [])];
  }

  /** Service ports exposing NodePort `port`. */
  nodePorts(port: number): readonly ServicePortInfo[] {
    return this.tables.nodePort.get(String(port)) ?? [];
  }

  /** The node owning address `ip`, if any. */
  nodeAt(ip: string): Node | undefined {
    return this.nodesByAddress.get(normalizeIp(ip) ?? ip);
  }

  node(name: string): Node | undefined {
    return this.cluster.store.nodes.get('', name);
  }

  /** Is `ip` inside one of the cluster's service CIDRs? */
  inServiceCIDR(ip: string): boolean {
    return this.cluster.options.serviceCIDRs.some((cidr) => cidrContains(cidr, ip));
  }

  /** The endpoints of `sp` for the proxier of `family` (endpoints.ts), cached until its slices change. */
  endpoints(sp: ServicePortInfo, family: IPFamily): ProxyEndpoint[] {
    let byPort = this.endpointCache.get(sp.serviceKey);
    if (!byPort) this.endpointCache.set(sp.serviceKey, (byPort = new Map()));
    const cacheKey = `${sp.key}|${family}`;
    let list = byPort.get(cacheKey);
    if (!list) byPort.set(cacheKey, (list = endpointsForPort(this.slicesOf(sp.serviceKey), sp.name.port, sp.protocol, family)));
    return list;
  }

  /** Names of the slices in effect for the Service, for evidence. */
  sliceNames(serviceKey: string): string[] {
    return this.slicesOf(serviceKey).map((s) => s.meta.name);
  }

  /** First Service port in `list` matching port number and protocol. */
  static find(list: readonly ServicePortInfo[], port: number, protocol: Protocol, nodePort = false): ServicePortInfo | undefined {
    return list.find((sp) => (nodePort ? sp.nodePort : sp.port) === port && sp.protocol === protocol);
  }

  private slicesOf(serviceKey: string) {
    const [namespace = '', name = ''] = serviceKey.split('/');
    return this.cluster.endpointSlicesFor(namespace, name);
  }

  /** Drop a Service's old entries and index its current ports (a deleted Service leaves none). */
  private reindex(serviceKey: string): void {
    this.endpointCache.delete(serviceKey);
    for (const sp of this.ports.get(serviceKey) ?? []) {
      for (const [table, key] of entries(sp)) remove(this.tables[table], key, sp);
    }
    for (const ip of this.headlessIPs.get(serviceKey) ?? []) {
      const keys = this.headlessByIP.get(ip);
      keys?.delete(serviceKey);
      if (keys?.size === 0) this.headlessByIP.delete(ip);
    }
    const [namespace = '', name = ''] = serviceKey.split('/');
    const svc = this.cluster.service(namespace, name);
    const ports = svc ? servicePorts(svc) : [];
    if (ports.length > 0) this.ports.set(serviceKey, ports);
    else this.ports.delete(serviceKey);
    for (const sp of ports) {
      for (const [table, key] of entries(sp)) add(this.tables[table], key, sp);
    }
    const headless = svc && shouldSkipService(svc) === 'headless' ? this.headlessAddresses(serviceKey) : [];
    if (headless.length > 0) this.headlessIPs.set(serviceKey, headless);
    else this.headlessIPs.delete(serviceKey);
    for (const ip of headless) {
      let keys = this.headlessByIP.get(ip);
      if (!keys) this.headlessByIP.set(ip, (keys = new Set()));
      keys.add(serviceKey);
    }
  }

  private headlessAddresses(serviceKey: string): string[] {
    const ips = this.slicesOf(serviceKey).flatMap((s) => s.endpoints.flatMap((e) => e.addresses.slice(0, 1)));
    return [...new Set(ips.flatMap((ip) => normalizeIp(ip) ?? []))];
  }

  private indexNodes(): void {
    this.nodesByAddress = new Map();
    for (const node of this.cluster.nodes()) {
      for (const ip of node.addresses) {
        const normal = normalizeIp(ip);
        if (normal && familyOf(normal)) this.nodesByAddress.set(normal, node);
      }
    }
  }
}

/** Every (table, key) a Service port is indexed under. */
function entries(sp: ServicePortInfo): Array<[Table, string]> {
  const under = (table: Table, keys: readonly string[]) => keys.map((k): [Table, string] => [table, k]);
  return [
    ...under('clusterIP', sp.clusterIPs),
    ...under('externalIP', sp.externalIPs),
    ...under('loadBalancer', sp.loadBalancerVIPs),
    ...under('proxyIngress', sp.loadBalancerProxyIPs),
    ...under('nodePort', sp.nodePort ? [String(sp.nodePort)] : []),
  ];
}

function add(map: Map<string, ServicePortInfo[]>, key: string, sp: ServicePortInfo): void {
  const list = map.get(key);
  if (list) list.push(sp);
  else map.set(key, [sp]);
}

function remove(map: Map<string, ServicePortInfo[]>, key: string, sp: ServicePortInfo): void {
  const kept = (map.get(key) ?? []).filter((p) => p !== sp);
  if (kept.length > 0) map.set(key, kept);
  else map.delete(key);
}

const views = new WeakMap<Cluster, ProxyView>();

/** The shared, self-updating ProxyView of `cluster` (created on first use). */
export function proxyViewOf(cluster: Cluster): ProxyView {
  let view = views.get(cluster);
  if (!view) views.set(cluster, (view = new ProxyView(cluster)));
  return view;
}

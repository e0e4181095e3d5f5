/**
 * The EndpointSlice controller as a pure function: a Service and the pods its selector matches in,
 * the slices kube-controller-manager would write out (services.md §4;
 * kubernetes/endpointslice reconciler.go and utils.go). Slice and endpoint order are kept
 * deterministic (by pod name) although upstream leaves them arbitrary.
 */
import {
  CONTROLLER_NAME,
  HEADLESS_LABEL,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
  isTerminal,
  type AddressType,
  type Endpoint,
  type EndpointPort,
  type EndpointSlice,
  type Node,
  type Pod,
  type Service,
  type ServicePort,
} from '../model/index.js';
import { findPort } from './find-port.js';
import { safeSuffix } from './hash.js';
import { familyOf, isIPv4Text } from './ip.js';

export interface SliceContext {
  /** Node lookup; a pod on an unknown node is skipped unless publishNotReadyAddresses. */
  node(name: string): Node | undefined;
  /** @default 100 (`--max-endpoints-per-slice`) */
  maxEndpointsPerSlice: number;
  /**
   * What earlier computations for the same Service object and the same nodes derived per pod; read
   * and filled here. Pods are immutable (a change is a new object), so an entry stays true for as
   * long as its pod object exists. The caller drops the memo when the Service or a node changes.
   */
  memo?: SliceMemo;
}

/** Per pod: its endpoint for each address type (null: left out) and its port set. */
export interface SliceMemo {
  pods: WeakMap<Pod, PodEntry>;
  /** Port sets by key, shared by the pods that have them. */
  portSets: Map<string, EndpointPort[]>;
  /** Slice names by their seed (safeSuffix hashes the seed twice per character at worst). */
  names: Map<string, string>;
}

interface PodEntry {
  key: string;
  ports: EndpointPort[];
  endpoints: Partial<Record<AddressType, Endpoint | null>>;
}

export function newSliceMemo(): SliceMemo {
  return { pods: new WeakMap(), portSets: new Map(), names: new Map() };
}

/** Does the controller manage slices for this Service at all? (services.md §4.1) */
export function isManagedService(svc: Service): boolean {
  return svc.type !== 'ExternalName' && svc.selector !== null;
}

/**
 * The slices for `svc` given the pods its selector matched (already restricted to its namespace).
 * Returns `[]` for Services the controller ignores (ExternalName, selector-less).
 */
export function computeEndpointSlices(svc: Service, pods: readonly Pod[], ctx: SliceContext): EndpointSlice[] {
  if (!isManagedService(svc)) return [];
  const sorted = [...pods].sort((a, b) => (a.meta.name < b.meta.name ? -1 : a.meta.name > b.meta.name ? 1 : 0));
  const portSets = new PortSets(svc);
  // With a memo, each pod's entry keeps its endpoints; without (the initial build), nothing per pod is kept.
  const entries = ctx.memo ? sorted.map((pod) => podEntry(svc, pod, ctx, portSets)) : undefined;
  const sets = entries ?? sorted.map((pod) => portSets.of(pod));
  const slices: EndpointSlice[] = [];
  for (const addressType of serviceAddressTypes(svc)) {
    const groups = new Map<string, { ports: EndpointPort[]; endpoints: Endpoint[] }>();
    for (let i = 0; i < sorted.length; i++) {
      const pod = sorted[i] as Pod;
      const entry = sets[i] as PortSet;
      let endpoint: Endpoint | null | undefined;
      if (entries) {
        const memoized = (entries[i] as PodEntry).endpoints;
        endpoint = memoized[addressType];
        if (endpoint === undefined) endpoint = memoized[addressType] = podToEndpoint(svc, pod, addressType, ctx) ?? null;
      } else endpoint = podToEndpoint(svc, pod, addressType, ctx);
      if (!endpoint) continue;
      let group = groups.get(entry.key);
      if (!group) groups.set(entry.key, (group = { ports: entry.ports, endpoints: [] }));
      group.endpoints.push(endpoint);
    }
    if (groups.size === 0) {
      // Placeholder: one empty slice per address type when nothing matched (reconciler.go).
      slices.push(makeSlice(svc, addressType, [], [], 0, '', ctx.memo));
      continue;
    }
    for (const [key, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      for (let i = 0; i < group.endpoints.length; i += ctx.maxEndpointsPerSlice) {
        const chunk = group.endpoints.slice(i, i + ctx.maxEndpointsPerSlice);
        slices.push(makeSlice(svc, addressType, group.ports, chunk, slices.length, key, ctx.memo));
      }
    }
  }
  return slices;
}

/** The pod's port set and endpoints so far, from the memo when there is one. */
function podEntry(svc: Service, pod: Pod, ctx: SliceContext, portSets: PortSets): PodEntry {
  const memo = ctx.memo;
  const known = memo?.pods.get(pod);
  if (known) return known;
  const { key, ports } = portSets.of(pod);
  if (!memo) return { key, ports, endpoints: {} };
  let shared = memo.portSets.get(key);
  if (!shared) memo.portSets.set(key, (shared = ports));
  const entry: PodEntry = { key, ports: shared, endpoints: {} };
  memo.pods.set(pod, entry);
  return entry;
}

/** A port set and its key (also the grouping key of slices). */
interface PortSet {
  key: string;
  ports: EndpointPort[];
}

/**
 * The port sets of one computation, by the container ports the Service's targetPorts resolved to
 * on a pod: replicas resolve alike, so the set and its key are built once, not once per pod.
 */
class PortSets {
  private readonly known = new Map<string | number, PortSet>();
  private readonly numeric: boolean;

  constructor(private readonly svc: Service) {
    this.numeric = svc.ports.every((p) => typeof p.targetPort === 'number');
  }

  of(pod: Pod): PortSet {
    const id = this.resolved(pod);
    let set = this.known.get(id);
    if (!set) {
      const ports = endpointPorts(this.svc, pod);
      this.known.set(id, (set = { key: portSetKey(ports), ports }));
    }
    return set;
  }

  /** What the targetPorts resolve to on `pod`, as one value (numbers need no pod at all). */
  private resolved(pod: Pod): string | number {
    if (this.numeric) return 0;
    const ports = this.svc.ports;
    if (ports.length === 1) {
      const sp = ports[0] as ServicePort;
      return findPort(pod, sp.targetPort, sp.protocol) ?? 'none';
    }
    return ports.map((sp) => findPort(pod, sp.targetPort, sp.protocol) ?? '').join(',');
  }
}

/**
 * Address types reconciled for a Service: its ipFamilies; when empty (old API servers), the family of
 * a non-headless Service's clusterIP, or both for a headless one (services.md §4.5).
 */
export function serviceAddressTypes(svc: Service): AddressType[] {
  if (svc.ipFamilies.length > 0) return [...svc.ipFamilies];
  const family = familyOf(svc.clusterIPs[0] ?? '');
  return family ? [family] : ['IPv4', 'IPv6'];
}

/**
 * The endpoint for `pod` in a slice of `addressType`, or undefined when the controller leaves it out:
 * terminal phase, no IP (ShouldPodBeInEndpoints), no address of this family, or a node the
 * controller does not know (unless publishNotReadyAddresses; TestReconcilerPodMissingNode).
 */
function podToEndpoint(svc: Service, pod: Pod, addressType: AddressType, ctx: SliceContext): Endpoint | undefined {
  if (isTerminal(pod) || pod.podIPs.length === 0) return undefined;
  const addresses = pod.podIPs.filter((ip) => (addressType === 'IPv4' ? isIPv4Text(ip) : ip.includes(':') && familyOf(ip) === 'IPv6'));
  if (addresses.length === 0) return undefined;
  const node = pod.nodeName ? ctx.node(pod.nodeName) : undefined;
  if (!node && !svc.publishNotReadyAddresses) return undefined;
  // podToEndpoint (utils.go): serving is the Ready condition; ready excludes terminating pods.
  const terminating = pod.meta.deletionTimestamp !== undefined;
  const serving = pod.ready;
  const targetRef: NonNullable<Endpoint['targetRef']> = { kind: 'Pod', namespace: pod.meta.namespace, name: pod.meta.name };
  if (pod.meta.uid) targetRef.uid = pod.meta.uid;
  const endpoint: Endpoint = {
    addresses,
    ready: svc.publishNotReadyAddresses || (serving && !terminating),
    serving,
    terminating,
    targetRef,
  };
  if (pod.nodeName) endpoint.nodeName = pod.nodeName;
  if (node?.zone) endpoint.zone = node.zone;
  // ShouldSetHostname (util/controller_utils.go): hostname set and subdomain names this Service.
  if (pod.hostname && pod.subdomain === svc.meta.name && pod.meta.namespace === svc.meta.namespace) {
    endpoint.hostname = pod.hostname;
  }
  addTopologyHints(svc, endpoint);
  return endpoint;
}

/**
 * trafficDistribution hints for ready endpoints with a zone (trafficdist/trafficdist.go). The older
 * topology-mode annotation takes precedence; its CPU-proportional heuristic is not simulated, so
 * such Services get no hints.
 */
function addTopologyHints(svc: Service, endpoint: Endpoint): void {
  const mode = svc.trafficDistribution;
  if (!mode || !endpoint.ready || !endpoint.zone || usesTopologyAnnotation(svc)) return;
  if (mode === 'PreferClose' || mode === 'PreferSameZone') endpoint.hints = { forZones: [endpoint.zone] };
  else if (mode === 'PreferSameNode' && endpoint.nodeName) {
    endpoint.hints = { forZones: [endpoint.zone], forNodes: [endpoint.nodeName] };
  }
}

function usesTopologyAnnotation(svc: Service): boolean {
  const a = svc.meta.annotations;
  const mode = a['service.kubernetes.io/topology-mode'] ?? a['service.kubernetes.io/topology-aware-hints'];
  return mode !== undefined && mode !== '' && mode.toLowerCase() !== 'disabled';
}

/**
 * The ports this pod's endpoint carries (getEndpointPorts): one per Service port whose targetPort
 * resolves on the pod, named after the Service port. A headless Service without ports yields `[]`.
 */
export function endpointPorts(svc: Service, pod: Pod): EndpointPort[] {
  const ports: EndpointPort[] = [];
  for (const sp of svc.ports) {
    const port = findPort(pod, sp.targetPort, sp.protocol);
    if (port === undefined) continue;
    ports.push({ name: sp.name, port, protocol: sp.protocol, ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
  }
  return ports;
}

function portSetKey(ports: EndpointPort[]): string {
  return ports
    .map((p) => `${p.name}/${p.protocol}/${p.port}/${p.appProtocol ?? ''}`)
    .sort()
    .join(',');
}

/** Labels: the Service's own, then the three reserved keys it cannot override (services.md §3). */
function sliceLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = { ...svc.meta.labels };
  labels[SERVICE_NAME_LABEL] = svc.meta.name;
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  delete labels[HEADLESS_LABEL];
  if (svc.clusterIPs.length === 0 || svc.clusterIPs[0] === 'None') labels[HEADLESS_LABEL] = '';
  return labels;
}

function makeSlice(
  svc: Service,
  addressType: AddressType,
  ports: EndpointPort[],
  endpoints: Endpoint[],
  index: number,
  portKey: string,
  memo: SliceMemo | undefined,
): EndpointSlice {
  // generateName `<service>-`: a deterministic suffix stands in for the random one.
  const seed = `${svc.meta.namespace}/${svc.meta.name}/${addressType}/${portKey}/${index}`;
  let name = memo?.names.get(seed);
  if (name === undefined) {
    name = `${svc.meta.name}-${safeSuffix(seed, 5)}`;
    memo?.names.set(seed, name);
  }
  return {
    meta: {
      name,
      namespace: svc.meta.namespace,
      labels: sliceLabels(svc),
      annotations: {},
    },
    serviceName: svc.meta.name,
    addressType,
    ports,
    endpoints,
    origin: 'derived',
  };
}

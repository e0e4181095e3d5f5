/**
 * Which endpoints one kube-proxy uses for a Service port: CategorizeEndpoints of
 * kubernetes/kubernetes pkg/proxy/topology.go, as services.md §5.2 states it. A pure function of the
 * endpoints, the port's traffic-policy flags and the proxy's own node (name and zone).
 */
import type { ProxyEndpoint } from './endpoints.js';
import type { ServicePortInfo } from './service-port.js';

/** The hint filter applied to Cluster-policy endpoints. */
export type TopologyMode = 'PreferSameZone' | 'PreferSameNode';

/** Where the proxy runs: the node that processes the packet. */
export interface ProxyNode {
  /** The node's name; endpoints with this `nodeName` are local. Unknown → nothing is local. */
  nodeName?: string;
  /** The node's `topology.kubernetes.io/zone`. */
  zone?: string;
  /**
   * The PreferSameTrafficDistribution feature gate (node hints). Beta and on by default since
   * Kubernetes 1.34 (KEP-3015). @default true
   */
  preferSameNode?: boolean;
}

/** The parts of a ServicePortInfo CategorizeEndpoints reads. */
export type PolicyFlags = Pick<ServicePortInfo, 'usesClusterEndpoints' | 'usesLocalEndpoints'>;

export interface CategorizedEndpoints {
  /**
   * Endpoints for Cluster-policy traffic: ready ones (narrowed by `topology` when set), or the
   * serving+terminating ones when none is ready anywhere. Empty when the port never uses Cluster policy.
   */
  cluster: ProxyEndpoint[];
  /**
   * Endpoints for Local-policy traffic: ready ones on this node, or this node's serving+terminating
   * ones when it has no ready one. Empty when the port never uses Local policy.
   */
  local: ProxyEndpoint[];
  /** Some ready or serving+terminating endpoint exists anywhere (else traffic is rejected). */
  hasAnyEndpoints: boolean;
  /** The hint filter applied to `cluster`, if any. */
  topology?: TopologyMode;
  /** `cluster` holds terminating endpoints because none is ready. */
  clusterTerminatingFallback: boolean;
  /** `local` holds terminating endpoints because this node has no ready one. */
  localTerminatingFallback: boolean;
}

const servingTerminating = (ep: ProxyEndpoint) => ep.serving && ep.terminating;

/** Categorize `endpoints` of one Service port for the proxy on `node` (topology.go CategorizeEndpoints). */
export function categorizeEndpoints(endpoints: readonly ProxyEndpoint[], flags: PolicyFlags, node: ProxyNode): CategorizedEndpoints {
  const out: CategorizedEndpoints = {
    cluster: [],
    local: [],
    hasAnyEndpoints: false,
    clusterTerminatingFallback: false,
    localTerminatingFallback: false,
  };
  if (flags.usesClusterEndpoints) {
    const mode = topologyModeFromHints(endpoints, node);
    if (mode) out.topology = mode;
    out.cluster = endpoints.filter((ep) => ep.ready && availableForTopology(ep, mode, node));
    // Topology never empties the set (a mode is only chosen when some ready endpoint matches), so
    // an empty set means nothing is ready anywhere: fall back to serving+terminating (§5.2).
    if (out.cluster.length === 0) {
      out.cluster = endpoints.filter(servingTerminating);
      out.clusterTerminatingFallback = out.cluster.length > 0;
    }
    out.hasAnyEndpoints = out.cluster.length > 0;
  }
  if (!flags.usesLocalEndpoints) return out;

  // Local policy ignores hints: `Local` overrides trafficDistribution (§5.2).
  const isLocal = (ep: ProxyEndpoint) => node.nodeName !== undefined && ep.nodeName === node.nodeName;
  if (endpoints.some((ep) => ep.ready || servingTerminating(ep))) out.hasAnyEndpoints = true;
  out.local = endpoints.filter((ep) => isLocal(ep) && ep.ready);
  if (out.local.length === 0) {
    out.local = endpoints.filter((ep) => isLocal(ep) && servingTerminating(ep));
    out.localTerminatingFallback = out.local.length > 0;
  }
  return out;
}

/**
 * PreferSameNode when the gate is on, every ready endpoint has node hints and one names this node;
 * otherwise PreferSameZone when every ready endpoint has zone hints and one names this zone;
 * otherwise no filter (topology.go topologyModeFromHints). Not-ready endpoints are not looked at.
 */
export function topologyModeFromHints(endpoints: readonly ProxyEndpoint[], node: ProxyNode): TopologyMode | undefined {
  const ready = endpoints.filter((ep) => ep.ready);
  if (ready.length === 0) return undefined;
  const allNodeHints = ready.every((ep) => ep.nodeHints.length > 0);
  if ((node.preferSameNode ?? true) && allNodeHints && node.nodeName !== undefined) {
    if (ready.some((ep) => ep.nodeHints.includes(node.nodeName ?? ''))) return 'PreferSameNode';
  }
  const allZoneHints = ready.every((ep) => ep.zoneHints.length > 0);
  if (allZoneHints && node.zone !== undefined && ready.some((ep) => ep.zoneHints.includes(node.zone ?? ''))) {
    return 'PreferSameZone';
  }
  return undefined;
}

function availableForTopology(ep: ProxyEndpoint, mode: TopologyMode | undefined, node: ProxyNode): boolean {
  if (mode === 'PreferSameNode') return ep.nodeHints.includes(node.nodeName ?? '');
  if (mode === 'PreferSameZone') return ep.zoneHints.includes(node.zone ?? '');
  return true;
}

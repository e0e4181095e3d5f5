/**
 * The vocabulary of a kube-proxy routing question and its answer: what a packet to `ip:port/proto`
 * becomes (translated to endpoints, rejected, dropped, or not touched by any rule), with the
 * client-visible symptom from services.md §5.4, a one-line explanation and the objects that decided
 * it. route.ts computes these; this module only names them.
 */
import type { Endpoint, Protocol } from '../model/index.js';
import type { ServicePortInfo } from './service-port.js';
import type { TopologyMode } from './topology.js';

export type ProxyMode = 'iptables' | 'nftables';

/** How traffic reaches a Service port; inferred from the destination when not given. */
export type Via = 'clusterIP' | 'nodePort' | 'externalIP' | 'loadBalancer';

export interface RouteClient {
  /**
   * The node whose kube-proxy sees the packet first: the client pod's node, or for an outside
   * client of an externalIP / LB IP the node the packet arrives at. For NodePort the node owning the
   * destination address is used instead.
   */
  node?: string;
  /** The client node's zone, when its Node object does not say. */
  zone?: string;
  /** The client is a pod (pod traffic to external addresses is short-circuited, §5.3). */
  internal: boolean;
  /** Source address, for loadBalancerSourceRanges; unknown → the ranges are not evaluated. */
  ip?: string;
}

export interface RouteInput {
  dst: string;
  port: number;
  /** @default 'TCP' */
  protocol?: Protocol;
  via?: Via;
  client: RouteClient;
  mode: ProxyMode;
  /**
   * The Service the client looked up by name, when known. Headless and ExternalName Services have
   * no virtual IP, so only this says the client is using one.
   */
  service?: { namespace: string; name: string };
}

/** One endpoint the packet may be DNATed to. */
export interface Candidate {
  ip: string;
  port: number;
  nodeName?: string;
  zone?: string;
  targetRef?: Endpoint['targetRef'];
  /** The EndpointSlice it came from. */
  slice: string;
}

/** How kube-proxy chose the candidates. */
export interface PolicyNotes {
  /** Which endpoint set served this traffic. */
  policy: 'Cluster' | 'Local';
  /** The node whose kube-proxy handled the packet; absent when unknown. */
  node?: string;
  /** Hint filter narrowing Cluster-policy endpoints (§5.2). */
  topology?: TopologyMode;
  /** Only serving+terminating endpoints were usable (§5.2). */
  terminatingFallback: boolean;
  /** `sessionAffinity: ClientIP`: a client keeps its endpoint for this long (§5.3). */
  sessionAffinity?: { timeoutSeconds: number };
  /** Pod traffic to an externalTrafficPolicy Local address, sent to the Cluster chain (§5.3). */
  shortCircuited: boolean;
  /** The source is SNATed to the node, so the endpoint does not see the client IP (§5.3). */
  masquerade: boolean;
  /** loadBalancerSourceRanges: the source matched, or was unknown and not checked. */
  sourceRange?: 'allowed' | 'unchecked';
  /** Local policy with the node unknown: candidates are the local endpoints of every node. */
  anyNode?: boolean;
}

/** The objects behind a result. */
export interface Evidence {
  /** `namespace/name`. */
  service?: string;
  /** ServicePortName text. */
  servicePort?: string;
  /** Names of the Service's EndpointSlices. */
  slices: string[];
}

export type DropReason = 'no-local-endpoints' | 'unknown-port' | 'unallocated-ip' | 'source-range';
export type RejectReason = 'no-endpoints' | 'unknown-port';
export type NoRuleReason = 'headless' | 'externalName' | 'not-a-service-ip' | 'delegated';

export type RouteResult = { explanation: string; evidence: Evidence; via?: Via } & (
  | { kind: 'translated'; servicePort: ServicePortInfo; candidates: Candidate[]; notes: PolicyNotes }
  /** Kernel REJECT: ICMP port unreachable, or a TCP reset. */
  | { kind: 'reject'; reason: RejectReason; symptom: 'connection refused' }
  /** Silently dropped (or routed nowhere useful). */
  | { kind: 'drop'; reason: DropReason; symptom: 'timeout' }
  /** No kube-proxy rule matches; what happens is up to the rest of the network. */
  | { kind: 'no-rule'; reason: NoRuleReason }
);

/** `ip:port`, bracketing IPv6. */
export function formatHostPort(ip: string, port: number): string {
  return `${ip.includes(':') ? `[${ip}]` : ip}:${port}`;
}

/** `ip:port/proto`, bracketing IPv6. */
export function formatAddress(ip: string, port: number, protocol: Protocol): string {
  return `${formatHostPort(ip, port)}/${protocol}`;
}

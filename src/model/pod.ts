/**
 * The lean Pod: the fields that decide EndpointSlice membership, named-port resolution, pod DNS
 * records and policy matching. Container-port protocols are defaulted to TCP on conversion, because
 * named-port resolution compares protocols (services.md §1).
 */
import type { ObjectMeta, OwnerRef, Protocol } from './meta.js';

export interface ContainerPort {
  name?: string;
  containerPort: number;
  /** @default 'TCP' */
  protocol: Protocol;
  hostPort?: number;
}

/** A probe handler that targets a port (httpGet, tcpSocket, grpc); `port` may be a name. */
export interface ProbePort {
  probe: 'liveness' | 'readiness' | 'startup';
  port: number | string;
}

export interface Container {
  name: string;
  ports: ContainerPort[];
  probes: ProbePort[];
  /** Only `Always` matters: such init containers are native sidecars and their ports resolve. */
  restartPolicy?: string;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface Pod {
  meta: ObjectMeta;
  nodeName?: string;
  /** `spec.nodeSelector`, when non-empty (DaemonSets honour `kubernetes.io/hostname` only). */
  nodeSelector?: Record<string, string>;
  hostname?: string;
  subdomain?: string;
  hostNetwork: boolean;
  /** @default 'ClusterFirst' */
  dnsPolicy: string;
  dnsConfig?: { nameservers?: string[]; searches?: string[]; options?: { name: string; value?: string }[] };
  containers: Container[];
  initContainers: Container[];
  phase: PodPhase;
  /** The pod's `Ready` condition is `True` (the only readiness the EndpointSlice controller reads). */
  ready: boolean;
  /** `status.podIPs`, normalised; `[podIP]` when only `podIP` was given. Empty until allocated. */
  podIPs: string[];
  /** The top-level workload that would create this pod (Deployment, not its ReplicaSet). */
  owner?: OwnerRef;
  /**
   * What kreach assumed for this pod: `status` (phase, readiness), `ip` (allocated address),
   * `node` (scheduled by kreach), `object` (the whole pod comes from a workload template).
   */
  assumed: Array<'object' | 'status' | 'ip' | 'node'>;
}

/** The pod would be listed by the EndpointSlice controller at all (services.md §4.2). */
export function isTerminal(pod: Pod): boolean {
  return pod.phase === 'Succeeded' || pod.phase === 'Failed';
}

/**
 * The lean Service after API-server defaulting (services.md §1). Field names and values keep the
 * wire spelling so users recognise them in output.
 */
import type { ObjectMeta, Protocol } from './meta.js';

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
export type IPFamily = 'IPv4' | 'IPv6';
export type IPFamilyPolicy = 'SingleStack' | 'PreferDualStack' | 'RequireDualStack';
export type TrafficPolicy = 'Cluster' | 'Local';

export interface ServicePort {
  /** `''` when the Service has a single unnamed port. */
  name: string;
  /** @default 'TCP' */
  protocol: Protocol;
  port: number;
  /** A number or an IANA_SVC_NAME; defaulted to `port` when unset. */
  targetPort: number | string;
  nodePort?: number;
  appProtocol?: string;
}

export interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
  /** @default 'VIP' when `ip` is set */
  ipMode?: 'VIP' | 'Proxy';
}

export interface Service {
  meta: ObjectMeta;
  /** @default 'ClusterIP' */
  type: ServiceType;
  /**
   * `spec.clusterIPs`: `['None']` for a headless Service, `[]` for ExternalName, otherwise one IP per
   * family (allocated by kreach when the input has none; see `allocated`).
   */
  clusterIPs: string[];
  ipFamilies: IPFamily[];
  ipFamilyPolicy?: IPFamilyPolicy;
  /** `null` for a selector-less Service (the controller leaves its EndpointSlices to the user). */
  selector: Record<string, string> | null;
  ports: ServicePort[];
  publishNotReadyAddresses: boolean;
  /** @default 'None' */
  sessionAffinity: 'None' | 'ClientIP';
  /** @default 10800 when sessionAffinity is ClientIP */
  sessionAffinityTimeoutSeconds?: number;
  externalTrafficPolicy?: TrafficPolicy;
  internalTrafficPolicy?: TrafficPolicy;
  trafficDistribution?: string;
  externalIPs: string[];
  externalName?: string;
  loadBalancerIP?: string;
  loadBalancerSourceRanges: string[];
  loadBalancerIngress: LoadBalancerIngress[];
  allocateLoadBalancerNodePorts?: boolean;
  healthCheckNodePort?: number;
  /** Which values kreach allocated rather than read from the input. */
  allocated: { clusterIPs: boolean; nodePorts: boolean };
}

/** `clusterIP: None`: no virtual IP, no kube-proxy rules, DNS answers with endpoint IPs. */
export function isHeadless(svc: Service): boolean {
  return svc.clusterIPs[0] === 'None';
}

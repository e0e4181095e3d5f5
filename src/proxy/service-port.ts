/**
 * kube-proxy's unit of work: one entry per Service port, keyed by ServicePortName
 * (`namespace/name:portname/protocol`), with every flag the proxier derives from the Service
 * computed here once (kubernetes/kubernetes pkg/proxy/serviceport.go, newBaseServiceInfo, and
 * pkg/proxy/util/utils.go ShouldSkipService). Addresses of both families are kept; callers pick the
 * family of the destination, as each single-family proxier would (services.md §5.1).
 */
import type { IPFamily, Protocol, Service } from '../model/index.js';
import { familyOf, normalizeIp, parseCidr, type Cidr } from '../cluster/ip.js';

/** Services carrying this label are programmed by another proxy (cmd/kube-proxy's informer filter). */
export const SERVICE_PROXY_NAME_LABEL = 'service.kubernetes.io/service-proxy-name';

/** `sessionAffinityConfig.clientIP.timeoutSeconds` when unset (services.md §5.3). */
export const DEFAULT_AFFINITY_TIMEOUT_SECONDS = 10800;

/** Why kube-proxy writes no rules for a Service at all. */
export type SkipReason = 'headless' | 'externalName' | 'delegated';

/** The identity of a proxied port: the Service, the port's name (`''` when unnamed) and protocol. */
export interface ServicePortName {
  namespace: string;
  name: string;
  port: string;
  protocol: Protocol;
}

/** One Service port as kube-proxy sees it. */
export interface ServicePortInfo {
  /** `namespace/name:portname/protocol`, the ServicePortName's text. */
  key: string;
  name: ServicePortName;
  /** `namespace/name` of the Service. */
  serviceKey: string;
  service: Service;
  port: number;
  protocol: Protocol;
  /** The Service's `targetPort` (number or container-port name); endpoints carry the resolved number. */
  targetPort: number | string;
  /** 0 when the port has no NodePort. */
  nodePort: number;
  /** One per family; empty for headless and ExternalName Services. */
  clusterIPs: string[];
  externalIPs: string[];
  /** LB ingress IPs with ipMode VIP (the default): captured like externalIPs. */
  loadBalancerVIPs: string[];
  /** LB ingress IPs with ipMode Proxy: kube-proxy leaves them to the load balancer. */
  loadBalancerProxyIPs: string[];
  /** Parsed `loadBalancerSourceRanges`; unparseable entries are left out. */
  loadBalancerSourceRanges: Cidr[];
  healthCheckNodePort?: number;
  internalPolicyLocal: boolean;
  externalPolicyLocal: boolean;
  /** Set when `sessionAffinity: ClientIP`. */
  sessionAffinity?: { timeoutSeconds: number };
  /** NodePort, LB VIP or externalIP: traffic can arrive from outside the cluster. */
  externallyAccessible: boolean;
  /** Some traffic to this port uses Cluster-policy endpoints (also for short-circuited pod traffic). */
  usesClusterEndpoints: boolean;
  /** Some traffic to this port uses node-local endpoints. */
  usesLocalEndpoints: boolean;
  /** Set when kube-proxy programs nothing for this Service. */
  skip?: SkipReason;
}

/** The ServicePortName text, `namespace/name:portname/protocol`. */
export function servicePortKey(spn: ServicePortName): string {
  return `${spn.namespace}/${spn.name}:${spn.port}/${spn.protocol}`;
}

/**
 * Why kube-proxy ignores `svc`, or undefined when it programs it. ShouldSkipService covers an unset
 * or `None` ClusterIP and ExternalName; the service-proxy-name label is filtered out by kube-proxy's
 * informer before that (services.md §5.1).
 */
export function shouldSkipService(svc: Service): SkipReason | undefined {
  if (svc.type === 'ExternalName') return 'externalName';
  const first = svc.clusterIPs[0];
  if (first === undefined || first === '' || first === 'None') return 'headless';
  if (svc.meta.labels[SERVICE_PROXY_NAME_LABEL] !== undefined) return 'delegated';
  return undefined;
}

/** One ServicePortInfo per port of `svc`, in spec order. */
export function servicePorts(svc: Service): ServicePortInfo[] {
  const skip = shouldSkipService(svc);
  // A skipped Service is still listed (so lookups can say why), but headless and ExternalName ones
  // have no addresses to capture; delegated ones keep theirs to be recognised.
  const addressed = skip === undefined || skip === 'delegated';
  const ips = (list: string[]) => (addressed ? list.flatMap((ip) => normalizeIp(ip) ?? []) : []);
  const ingress = (mode: 'VIP' | 'Proxy') =>
    ips(svc.loadBalancerIngress.filter((i) => i.ip && (i.ipMode ?? 'VIP') === mode).map((i) => i.ip ?? ''));
  const externalIPs = ips(svc.externalIPs);
  const loadBalancerVIPs = ingress('VIP');
  const internalPolicyLocal = svc.internalTrafficPolicy === 'Local';
  // pkg/api/service/util.go ExternalPolicyLocal: only meaningful for NodePort, LoadBalancer or externalIPs.
  const externalPolicyLocal =
    svc.externalTrafficPolicy === 'Local' &&
    (svc.type === 'NodePort' || svc.type === 'LoadBalancer' || svc.externalIPs.length > 0);
  return svc.ports.map((p) => {
    const name: ServicePortName = { namespace: svc.meta.namespace, name: svc.meta.name, port: p.name, protocol: p.protocol };
    const nodePort = addressed ? (p.nodePort ?? 0) : 0;
    // serviceport.go ExternallyAccessible, UsesClusterEndpoints, UsesLocalEndpoints.
    const externallyAccessible = nodePort !== 0 || loadBalancerVIPs.length > 0 || externalIPs.length > 0;
    return {
      key: servicePortKey(name),
      name,
      serviceKey: `${svc.meta.namespace}/${svc.meta.name}`,
      service: svc,
      port: p.port,
      protocol: p.protocol,
      targetPort: p.targetPort,
      nodePort,
      clusterIPs: ips(svc.clusterIPs),
      externalIPs,
      loadBalancerVIPs,
      loadBalancerProxyIPs: ingress('Proxy'),
      loadBalancerSourceRanges: svc.loadBalancerSourceRanges.flatMap((r) => parseCidr(r) ?? []),
      ...(svc.healthCheckNodePort ? { healthCheckNodePort: svc.healthCheckNodePort } : {}),
      internalPolicyLocal,
      externalPolicyLocal,
      ...(svc.sessionAffinity === 'ClientIP'
        ? { sessionAffinity: { timeoutSeconds: svc.sessionAffinityTimeoutSeconds ?? DEFAULT_AFFINITY_TIMEOUT_SECONDS } }
        : {}),
      externallyAccessible,
      usesClusterEndpoints: !internalPolicyLocal || externallyAccessible,
      usesLocalEndpoints: internalPolicyLocal || (externalPolicyLocal && externallyAccessible),
      ...(skip ? { skip } : {}),
    };
  });
}

/**
 * Does the proxier of `family` hold this port? Each family's proxier sees only Services with a
 * ClusterIP of that family (pkg/proxy/servicechangetracker.go); a single-stack IPv4 Service has no
 * IPv6 rules, not even for its NodePort.
 */
export function hasFamily(sp: ServicePortInfo, family: IPFamily): boolean {
  return sp.clusterIPs.some((ip) => familyOf(ip) === family);
}

/** `loadBalancerSourceRanges` of one family; upstream filters them per proxier (serviceport.go). */
export function sourceRangesFor(sp: ServicePortInfo, family: IPFamily): Cidr[] {
  return sp.loadBalancerSourceRanges.filter((c) => c.family === family);
}

/**
 * Raw `kind: Service` (a manifest, or a `kubectl get -o yaml` dump with status) → the lean, defaulted
 * kreach Service. The steps follow the API server: decode and default (service-spec.ts,
 * `SetDefaults_Service`), validate (service-validation.ts, `ValidateService`), store. Where the API
 * server would reject the object, kreach reports each error as a `service-invalid` finding and still
 * returns the closest valid Service: unusable ports are dropped, unknown enum values fall back to
 * their defaults, fields forbidden for the type are cleared. Cluster IPs, IP families the registry
 * derives from the cluster (src/cluster/ip-families.ts) and NodePorts are left to the cluster.
 */
import type {
  IPFamily,
  IPFamilyPolicy,
  LoadBalancerIngress,
  Protocol,
  Service,
  ServicePort,
  ServiceType,
  SourceRef,
  TrafficPolicy,
} from '../model/index.js';
import { cidrErrors, ipErrors, ipFamilyOf, nonSpecialIPErrors, portNumberErrors } from '../model/validation.js';
import { CheckedReader } from './checked-read.js';
import type { ConvertContext } from './context.js';
import { formatFieldError } from './field-error.js';
import type { RawObject } from './raw.js';
import { IP_FAMILIES, IP_FAMILY_POLICIES } from './service-ip-validation.js';
import {
  DEFAULT_AFFINITY_TIMEOUT_SECONDS,
  externallyAccessible,
  PROXIED_TYPES,
  readServiceSpec,
  type ServiceSpec,
} from './service-spec.js';
import {
  MAX_AFFINITY_TIMEOUT_SECONDS,
  PROTOCOLS,
  SERVICE_TYPES,
  TRAFFIC_DISTRIBUTIONS,
  TRAFFIC_POLICIES,
  serviceWarnings,
  validateService,
} from './service-validation.js';

/**
 * Convert and default a Service, reporting decode and validation errors (`service-invalid`) and
 * deprecations (`service-deprecated`) through `ctx`. Never throws on bad input.
 */
export function serviceFromObject(obj: RawObject, ctx: ConvertContext): Service {
  const read = new CheckedReader();
  const spec = readServiceSpec(obj, read);
  const object = `Service ${spec.namespace}/${spec.name}`;
  for (const error of [...read.errors, ...validateService(spec)]) {
    ctx.report({ code: 'service-invalid', severity: 'error', message: formatFieldError(error), fieldPath: error.path, object });
  }
  for (const warning of serviceWarnings(spec)) {
    ctx.report({ code: 'service-deprecated', severity: 'warning', message: warning.message, fieldPath: warning.path, object });
  }
  return toLeanService(spec, ctx.source);
}

/** `value` when it is one of `allowed`, else `fallback`. */
function pick<T extends string>(allowed: readonly T[], value: string | undefined, fallback: T): T;
function pick<T extends string>(allowed: readonly T[], value: string | undefined, fallback?: T): T | undefined;
function pick<T extends string>(allowed: readonly T[], value: string | undefined, fallback?: T): T | undefined {
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function toLeanService(s: ServiceSpec, source: SourceRef): Service {
  const type = pick<ServiceType>(SERVICE_TYPES, s.type, 'ClusterIP');
  const isExternalName = type === 'ExternalName';
  const isLB = type === 'LoadBalancer';
  const clusterIPs = isExternalName ? [] : leanClusterIPs(s.clusterIPs);
  const externalIPs = s.externalIPs.filter((ip) => ipErrors(ip).length === 0 && nonSpecialIPErrors(ip).length === 0);
  const sessionAffinity = pick(['None', 'ClientIP'] as const, s.sessionAffinity, 'None');
  const timeout = s.affinityTimeoutSeconds ?? DEFAULT_AFFINITY_TIMEOUT_SECONDS;
  const externalTrafficPolicy = externallyAccessible(type, externalIPs)
    ? pick<TrafficPolicy>(TRAFFIC_POLICIES, s.externalTrafficPolicy, 'Cluster')
    : undefined;
  const internalTrafficPolicy = pick<TrafficPolicy>(
    TRAFFIC_POLICIES,
    s.internalTrafficPolicy,
    PROXIED_TYPES.includes(type) ? 'Cluster' : undefined,
  );
  const hc = s.healthCheckNodePort;
  return {
    meta: {
      name: s.name,
      namespace: s.namespace,
      labels: s.labels,
      annotations: s.annotations,
      ...(s.uid === undefined ? {} : { uid: s.uid }),
      ...(s.deletionTimestamp === undefined ? {} : { deletionTimestamp: s.deletionTimestamp }),
      source,
    },
    type,
    clusterIPs,
    ipFamilies: isExternalName ? [] : leanFamilies(s.ipFamilies, clusterIPs),
    ipFamilyPolicy: isExternalName ? undefined : pick<IPFamilyPolicy>(IP_FAMILY_POLICIES, s.ipFamilyPolicy),
    selector: s.selector,
    ports: leanPorts(s, type),
    publishNotReadyAddresses: s.publishNotReadyAddresses,
    sessionAffinity,
    sessionAffinityTimeoutSeconds:
      sessionAffinity === 'ClientIP' ? (timeout > 0 && timeout <= MAX_AFFINITY_TIMEOUT_SECONDS ? timeout : DEFAULT_AFFINITY_TIMEOUT_SECONDS) : undefined,
    externalTrafficPolicy,
    internalTrafficPolicy,
    trafficDistribution: pick(TRAFFIC_DISTRIBUTIONS, s.trafficDistribution),
    externalIPs,
    externalName: isExternalName ? s.externalName : undefined,
    loadBalancerIP: s.loadBalancerIP || undefined,
    loadBalancerSourceRanges: isLB ? s.loadBalancerSourceRanges.map((r) => r.trim()).filter((r) => cidrErrors(r).length === 0) : [],
    loadBalancerIngress: s.ingress.map((i) => leanIngress(i, isLB)),
    allocateLoadBalancerNodePorts: isLB ? (s.allocateLoadBalancerNodePorts ?? true) : undefined,
    healthCheckNodePort: isLB && externalTrafficPolicy === 'Local' && hc !== 0 && portNumberErrors(hc).length === 0 ? hc : undefined,
    allocated: { clusterIPs: false, nodePorts: false },
  };
}

/** `['None']` for headless; otherwise the valid IPs given, at most one per family. */
function leanClusterIPs(given: readonly string[]): string[] {
  if (given[0] === 'None') return ['None'];
  const out: string[] = [];
  const seen = new Set<IPFamily>();
  for (const ip of given) {
    const family = ipFamilyOf(ip);
    if (!family || seen.has(family) || out.length === 2) continue;
    seen.add(family);
    out.push(ip);
  }
  return out;
}

/**
 * Families: those of the given cluster IPs first (the registry infers them, and validation insists
 * they agree with `ipFamilies[i]`), then the input's own entries beyond the IPs, valid and unique.
 */
function leanFamilies(given: readonly string[], clusterIPs: readonly string[]): IPFamily[] {
  const ips = clusterIPs[0] === 'None' ? [] : clusterIPs;
  const out = ips.flatMap((ip) => ipFamilyOf(ip) ?? []);
  given.forEach((raw, i) => {
    const family = pick<IPFamily>(IP_FAMILIES, raw);
    if (i >= ips.length && family && !out.includes(family)) out.push(family);
  });
  return out;
}

/** Ports the proxy could program: a valid number and protocol; nodePort cleared for ClusterIP. */
function leanPorts(s: ServiceSpec, type: ServiceType): ServicePort[] {
  return s.ports.flatMap((p) => {
    const protocol = pick<Protocol>(PROTOCOLS, p.protocol);
    if (p.port === undefined || portNumberErrors(p.port).length > 0 || !protocol) return [];
    const port: ServicePort = { name: p.name, protocol, port: p.port, targetPort: p.targetPort };
    if (p.nodePort > 0 && type !== 'ClusterIP') port.nodePort = p.nodePort;
    if (p.appProtocol !== undefined) port.appProtocol = p.appProtocol;
    return [port];
  });
}

function leanIngress(i: ServiceSpec['ingress'][number], isLB: boolean): LoadBalancerIngress {
  const ipMode = pick(['VIP', 'Proxy'] as const, i.ipMode, isLB && i.ip ? 'VIP' : undefined);
  return {
    ...(i.ip ? { ip: i.ip } : {}),
    ...(i.hostname ? { hostname: i.hostname } : {}),
    ...(ipMode ? { ipMode } : {}),
  };
}

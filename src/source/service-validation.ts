/**
 * `ValidateService` (pkg/apis/core/validation/validation.go) over a defaulted Service: every rule
 * that looks at one object alone, in upstream order, with upstream paths and messages. Rules that
 * need the cluster (configured IP families, allocation) are the registry's and live in src/cluster.
 * Rules that can only fail before defaulting (a missing `sessionAffinity`, `internalTrafficPolicy`,
 * `allocateLoadBalancerNodePorts`) or before allocation (a missing `healthCheckNodePort`) are left
 * out: defaulting and allocation always fill them in first.
 */
import {
  cidrErrors,
  dns1035LabelErrors,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  labelValueErrors,
  portNameErrors,
  portNumberErrors,
  qualifiedNameErrors,
} from '../model/validation.js';
import type { FieldPath } from './context.js';
import { duplicate, forbidden, invalid, notSupported, required, type FieldError } from './field-error.js';
import { isHeadlessSpec, validateClusterIPs, validateExternalIPs } from './service-ip-validation.js';
import { SERVICE_MESSAGES as M } from './service-messages.js';
import { externallyAccessible, type ServicePortSpec, type ServiceSpec } from './service-spec.js';

/** Supported values in `sets.List` (sorted) order, as `field.NotSupported` prints them. */
export const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] as const;
export const SESSION_AFFINITIES = ['ClientIP', 'None'] as const;
export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;
export const TRAFFIC_POLICIES = ['Cluster', 'Local'] as const;
/** KEP-3015 (GA in 1.35): PreferSameZone and PreferSameNode; PreferClose is their deprecated alias. */
export const TRAFFIC_DISTRIBUTIONS = ['PreferClose', 'PreferSameNode', 'PreferSameZone'] as const;
/** `MaxClientIPServiceAffinitySeconds`: one day. */
export const MAX_AFFINITY_TIMEOUT_SECONDS = 86400;

export const TOPOLOGY_MODE_ANNOTATION = 'service.kubernetes.io/topology-mode';
export const TOPOLOGY_HINTS_ANNOTATION = 'service.kubernetes.io/topology-aware-hints';
export const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

const oneOf = (values: readonly string[], value: string): boolean => values.includes(value);

/** Every `ValidateService` error of `s`, in upstream order. */
export function validateService(s: ServiceSpec): FieldError[] {
  return [
    ...validateMeta(s),
    ...validateTypeSpecific(s),
    ...validatePorts(s),
    ...(s.selector ? validateLabels(s.selector, ['spec', 'selector']) : []),
    ...validateAffinity(s),
    ...validateClusterIPs(s),
    ...validateExternalIPs(s),
    ...(oneOf(SERVICE_TYPES, s.type) ? [] : [notSupported(['spec', 'type'], s.type, SERVICE_TYPES)]),
    ...validatePortUniqueness(s),
    ...validateLoadBalancerFields(s),
    ...validateTrafficFields(s),
  ];
}

/** `ValidateObjectMeta` with `NameIsDNS1035Label`, then the topology annotation pair. */
function validateMeta(s: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const namePath = ['metadata', 'name'];
  if (s.name === '') {
    if (s.generateName === undefined) errs.push(required(namePath, M.nameRequired));
  } else errs.push(...dns1035LabelErrors(s.name).map((msg) => invalid(namePath, s.name, msg)));
  errs.push(...dns1123LabelErrors(s.namespace).map((msg) => invalid(['metadata', 'namespace'], s.namespace, msg)));
  errs.push(...validateLabels(s.labels, ['metadata', 'labels']));
  // ValidateAnnotations: keys are qualified names, compared in lower case.
  for (const key of Object.keys(s.annotations)) {
    errs.push(...qualifiedNameErrors(key.toLowerCase()).map((msg) => invalid(['metadata', 'annotations'], key, msg)));
  }
  const mode = s.annotations[TOPOLOGY_MODE_ANNOTATION];
  const hints = s.annotations[TOPOLOGY_HINTS_ANNOTATION];
  if (mode !== undefined && hints !== undefined && mode !== hints) {
    errs.push(invalid(['metadata', 'annotations', TOPOLOGY_MODE_ANNOTATION], mode, M.topologyAnnotationsDiffer(TOPOLOGY_HINTS_ANNOTATION)));
  }
  return errs;
}

/** `ValidateLabels` (apimachinery meta/v1/validation): both key and value errors sit on the map's path. */
export function validateLabels(labels: Record<string, string>, path: FieldPath): FieldError[] {
  return Object.entries(labels).flatMap(([key, value]) => [
    ...qualifiedNameErrors(key).map((msg) => invalid(path, key, msg)),
    ...labelValueErrors(value).map((msg) => invalid(path, value, msg)),
  ]);
}

/** Ports required unless headless or ExternalName; headless only for ClusterIP; ExternalName's own rules. */
function validateTypeSpecific(s: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  if (s.portCount === 0 && !isHeadlessSpec(s) && s.type !== 'ExternalName') errs.push(required(['spec', 'ports']));
  if ((s.type === 'LoadBalancer' || s.type === 'NodePort') && isHeadlessSpec(s)) {
    errs.push(invalid(['spec', 'clusterIPs', 0], 'None', M.headlessForbidden(s.type)));
  }
  if (s.type === 'ExternalName') {
    if (s.clusterIPs.length > 0) errs.push(forbidden(['spec', 'clusterIPs'], M.notForExternalName));
    if (s.ipFamilies.length > 0) errs.push(forbidden(['spec', 'ipFamilies'], M.notForExternalName));
    if (s.ipFamilyPolicy !== undefined) errs.push(forbidden(['spec', 'ipFamilyPolicy'], M.notForExternalName));
    // The CNAME target may carry one trailing dot to mark it fully qualified.
    const cname = s.externalName.endsWith('.') ? s.externalName.slice(0, -1) : s.externalName;
    if (cname === '') errs.push(required(['spec', 'externalName']));
    else errs.push(...dns1123SubdomainErrors(cname).map((msg) => invalid(['spec', 'externalName'], cname, msg)));
  }
  return errs;
}

/** `validateServicePort` for each port. Headless targetPort ≠ port is tolerated "for compatibility". */
function validatePorts(s: ServiceSpec): FieldError[] {
  const names = new Set<string>();
  return s.ports.flatMap((p) => validatePort(p, s.portCount > 1, names));
}

function validatePort(p: ServicePortSpec, requireName: boolean, names: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const at = (field: string): FieldPath => ['spec', 'ports', p.index, field];
  if (requireName && p.name === '') errs.push(required(at('name')));
  else if (p.name !== '') {
    errs.push(...dns1123LabelErrors(p.name).map((msg) => invalid(at('name'), p.name, msg)));
    if (names.has(p.name)) errs.push(duplicate(at('name'), p.name));
    names.add(p.name);
  }
  // An unreadable port number was reported when reading; its targetPort default is meaningless.
  if (p.port !== undefined) errs.push(...portNumberErrors(p.port).map((msg) => invalid(at('port'), p.port ?? 0, msg)));
  if (!oneOf(PROTOCOLS, p.protocol)) errs.push(notSupported(at('protocol'), p.protocol, PROTOCOLS));
  // ValidatePortNumOrName
  if (typeof p.targetPort === 'string') {
    errs.push(...portNameErrors(p.targetPort).map((msg) => invalid(at('targetPort'), p.targetPort, msg)));
  } else if (p.port !== undefined) {
    errs.push(...portNumberErrors(p.targetPort).map((msg) => invalid(at('targetPort'), p.targetPort, msg)));
  }
  if (p.appProtocol !== undefined) {
    const value = p.appProtocol;
    errs.push(...qualifiedNameErrors(value).map((msg) => invalid(at('appProtocol'), value, msg)));
  }
  return errs;
}

/** `sessionAffinity` ∈ {ClientIP, None}; ClientIP's timeout in (0, 86400] (`validateAffinityTimeout`). */
function validateAffinity(s: ServiceSpec): FieldError[] {
  if (!oneOf(SESSION_AFFINITIES, s.sessionAffinity)) {
    return [notSupported(['spec', 'sessionAffinity'], s.sessionAffinity, SESSION_AFFINITIES)];
  }
  const t = s.affinityTimeoutSeconds;
  if (s.sessionAffinity !== 'ClientIP' || t === undefined || (t > 0 && t <= MAX_AFFINITY_TIMEOUT_SECONDS)) return [];
  const path = ['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'];
  return [invalid(path, t, M.affinityTimeoutRange(MAX_AFFINITY_TIMEOUT_SECONDS))];
}

/** No nodePort on ClusterIP; unique (protocol, nodePort) and (protocol, port) pairs. */
function validatePortUniqueness(s: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  if (s.type === 'ClusterIP') {
    for (const p of s.ports) if (p.nodePort !== 0) errs.push(forbidden(['spec', 'ports', p.index, 'nodePort'], M.nodePortOnClusterIP));
  }
  const nodePorts = new Set<string>();
  for (const p of s.ports) {
    if (p.nodePort === 0) continue;
    const key = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(key)) errs.push(duplicate(['spec', 'ports', p.index, 'nodePort'], p.nodePort));
    nodePorts.add(key);
  }
  const ports = new Set<string>();
  for (const p of s.ports) {
    if (p.port === undefined) continue;
    const key = `${p.protocol}/${p.port}`;
    if (ports.has(key)) errs.push(duplicate(['spec', 'ports', p.index], servicePortLiteral(p.protocol, p.port)));
    ports.add(key);
  }
  return errs;
}

/** How Go's `%#v` prints the `core.ServicePort{Protocol, Port}` key upstream reports as duplicate. */
function servicePortLiteral(protocol: string, port: number): { go: string } {
  return {
    go: `core.ServicePort{Name:"", Protocol:${JSON.stringify(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  };
}

/** loadBalancerSourceRanges (or its legacy annotation), allocateLoadBalancerNodePorts, loadBalancerClass. */
function validateLoadBalancerFields(s: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const isLB = s.type === 'LoadBalancer';
  const annotation = s.annotations[SOURCE_RANGES_ANNOTATION];
  if (s.loadBalancerSourceRanges.length > 0) {
    const path = ['spec', 'loadBalancerSourceRanges'];
    if (!isLB) errs.push(forbidden(path, M.onlyLoadBalancer));
    // Space padding is tolerated: a historical accident of the move from the annotation.
    s.loadBalancerSourceRanges.forEach((raw, i) => {
      const value = raw.trim();
      errs.push(...cidrErrors(value).map((msg) => invalid([...path, i], value, msg)));
    });
  } else if (annotation !== undefined) {
    const path = ['metadata', 'annotations', SOURCE_RANGES_ANNOTATION];
    if (!isLB) errs.push(forbidden(path, M.onlyLoadBalancer));
    const list = annotation.trim();
    for (const raw of list === '' ? [] : list.split(',')) {
      const value = raw.trim();
      errs.push(...cidrErrors(value).map((msg) => invalid(path, value, msg)));
    }
  }
  if (s.allocateLoadBalancerNodePorts !== undefined && !isLB) {
    errs.push(forbidden(['spec', 'allocateLoadBalancerNodePorts'], M.onlyLoadBalancer));
  }
  if (s.loadBalancerClass !== undefined) {
    const value = s.loadBalancerClass;
    if (!isLB) errs.push(forbidden(['spec', 'loadBalancerClass'], M.onlyLoadBalancer));
    else errs.push(...qualifiedNameErrors(value).map((msg) => invalid(['spec', 'loadBalancerClass'], value, msg)));
  }
  return errs;
}

/** externalTrafficPolicy + healthCheckNodePort, internalTrafficPolicy, trafficDistribution. */
function validateTrafficFields(s: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const etp = s.externalTrafficPolicy;
  // validateServiceExternalTrafficPolicy
  if (!externallyAccessible(s.type, s.externalIPs)) {
    if (etp !== '') errs.push(invalid(['spec', 'externalTrafficPolicy'], etp, M.externalPolicyNotAllowed));
  } else if (!oneOf(TRAFFIC_POLICIES, etp)) {
    errs.push(notSupported(['spec', 'externalTrafficPolicy'], etp, TRAFFIC_POLICIES));
  }
  const hc = s.healthCheckNodePort;
  const needsHealthCheck = s.type === 'LoadBalancer' && etp === 'Local';
  if (!needsHealthCheck && hc !== 0) errs.push(invalid(['spec', 'healthCheckNodePort'], hc, M.healthCheckNotAllowed));
  if (needsHealthCheck && hc !== 0) errs.push(...portNumberErrors(hc).map((msg) => invalid(['spec', 'healthCheckNodePort'], hc, msg)));
  // validateServiceInternalTrafficFieldsValue: not forbidden on ExternalName, for historical reasons.
  const itp = s.internalTrafficPolicy;
  if (itp !== undefined && !oneOf(TRAFFIC_POLICIES, itp)) {
    errs.push(notSupported(['spec', 'internalTrafficPolicy'], itp, TRAFFIC_POLICIES));
  }
  // validateServiceTrafficDistribution
  const td = s.trafficDistribution;
  if (td !== undefined && !oneOf(TRAFFIC_DISTRIBUTIONS, td)) {
    errs.push(notSupported(['spec', 'trafficDistribution'], td, TRAFFIC_DISTRIBUTIONS));
  }
  return errs;
}

/** `GetWarningsForService` (pkg/api/service/warnings.go): the deprecated PreferClose alias. */
export function serviceWarnings(s: ServiceSpec): Array<{ path: FieldPath; message: string }> {
  return s.trafficDistribution === 'PreferClose'
    ? [{ path: ['spec', 'trafficDistribution'], message: M.preferCloseDeprecated }]
    : [];
}

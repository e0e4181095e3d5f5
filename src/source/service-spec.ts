/**
 * A raw `kind: Service` read into the shape the API server validates: wire spellings kept as
 * strings (an unknown `type` stays `"Foo"` so validation can name it), every default of
 * `SetDefaults_Service` (pkg/apis/core/v1/defaults.go) applied, and `clusterIPs` initialised from
 * `clusterIP` as the registry's `NormalizeClusterIPs` does on create. Validation
 * (service-validation.ts) runs on this view; the lean kreach Service is built from it afterwards.
 */
import type { CheckedReader } from './checked-read.js';
import type { FieldPath } from './context.js';
import { isObject, type RawObject } from './raw.js';

export interface ServicePortSpec {
  /** Position in `spec.ports`, kept so paths match the input even when an entry was unreadable. */
  index: number;
  name: string;
  /** @default 'TCP' */
  protocol: string;
  /** 0 when absent (and then invalid); undefined when present but no integer (already reported). */
  port: number | undefined;
  /** Defaulted to `port` when unset, 0 or "". */
  targetPort: number | string;
  /** 0 when unset. */
  nodePort: number;
  appProtocol?: string;
}

export interface LoadBalancerIngressSpec {
  ip: string;
  hostname: string;
  ipMode?: string;
}

export interface ServiceSpec {
  name: string;
  /** Set when the name is left to the API server (`kubectl create` with `generateName`). */
  generateName?: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  uid?: string;
  deletionTimestamp?: string;
  /** @default 'ClusterIP' */
  type: string;
  clusterIP: string;
  clusterIPs: string[];
  ipFamilies: string[];
  ipFamilyPolicy?: string;
  selector: Record<string, string> | null;
  ports: ServicePortSpec[];
  /** Entries in `spec.ports`, readable or not: a name is required as soon as there are two. */
  portCount: number;
  /** @default 'None' */
  sessionAffinity: string;
  /** `sessionAffinityConfig.clientIP.timeoutSeconds`; set (10800 by default) only for ClientIP. */
  affinityTimeoutSeconds?: number;
  externalIPs: string[];
  externalName: string;
  externalTrafficPolicy: string;
  internalTrafficPolicy?: string;
  healthCheckNodePort: number;
  loadBalancerIP: string;
  loadBalancerSourceRanges: string[];
  loadBalancerClass?: string;
  allocateLoadBalancerNodePorts?: boolean;
  trafficDistribution?: string;
  publishNotReadyAddresses: boolean;
  ingress: LoadBalancerIngressSpec[];
}

/** `v1.DefaultClientIPServiceAffinitySeconds`: three hours. */
export const DEFAULT_AFFINITY_TIMEOUT_SECONDS = 10800;

/** `ExternallyAccessible` (pkg/api/service/util.go): NodePort, LoadBalancer, or ClusterIP with externalIPs. */
export function externallyAccessible(type: string, externalIPs: readonly string[]): boolean {
  return type === 'NodePort' || type === 'LoadBalancer' || (type === 'ClusterIP' && externalIPs.length > 0);
}

/** Types for which `internalTrafficPolicy` defaults to (and is required as) Cluster. */
export const PROXIED_TYPES: readonly string[] = ['ClusterIP', 'NodePort', 'LoadBalancer'];

/** Read and default a Service; type mismatches land in `read.errors`. */
export function readServiceSpec(obj: RawObject, read: CheckedReader): ServiceSpec {
  const meta = read.object(obj, 'metadata', ['metadata']);
  const spec = read.object(obj, 'spec', ['spec']);
  const at = (...rest: FieldPath): FieldPath => ['spec', ...rest];
  const type = read.string(spec, 'type', at('type')) || 'ClusterIP';
  const externalIPs = read.strings(spec, 'externalIPs', at('externalIPs'));
  const rawPorts = read.list(spec, 'ports', at('ports')) ?? [];
  const { sessionAffinity, affinityTimeoutSeconds } = readAffinity(spec, read);
  const clusterIP = read.string(spec, 'clusterIP', at('clusterIP')) ?? '';
  const clusterIPs = read.strings(spec, 'clusterIPs', at('clusterIPs'));
  const internalTrafficPolicy = read.string(spec, 'internalTrafficPolicy', at('internalTrafficPolicy'));
  const allocateLoadBalancerNodePorts = read.boolean(spec, 'allocateLoadBalancerNodePorts', at('allocateLoadBalancerNodePorts'));
  const ingress = readIngress(obj, read);
  return {
    name: read.string(meta, 'name', ['metadata', 'name']) ?? '',
    ...optional('generateName', read.string(meta, 'generateName', ['metadata', 'generateName']) || undefined),
    namespace: read.string(meta, 'namespace', ['metadata', 'namespace']) || 'default',
    labels: read.stringMap(meta, 'labels', ['metadata', 'labels']) ?? {},
    annotations: read.stringMap(meta, 'annotations', ['metadata', 'annotations']) ?? {},
    ...optional('uid', read.string(meta, 'uid', ['metadata', 'uid'])),
    ...optional('deletionTimestamp', read.string(meta, 'deletionTimestamp', ['metadata', 'deletionTimestamp'])),
    type,
    clusterIP,
    // NormalizeClusterIPs on create: an old client's singular clusterIP initialises the plural.
    clusterIPs: clusterIP !== '' && clusterIPs.length === 0 ? [clusterIP] : clusterIPs,
    ipFamilies: read.strings(spec, 'ipFamilies', at('ipFamilies')),
    ...optional('ipFamilyPolicy', read.string(spec, 'ipFamilyPolicy', at('ipFamilyPolicy'))),
    selector: read.stringMap(spec, 'selector', at('selector')) ?? null,
    ports: rawPorts.flatMap((raw, i) => readPort(raw, i, read)),
    portCount: rawPorts.length,
    sessionAffinity,
    ...optional('affinityTimeoutSeconds', affinityTimeoutSeconds),
    externalIPs,
    externalName: read.string(spec, 'externalName', at('externalName')) ?? '',
    // SetDefaults_Service: Cluster for externally-accessible Services only.
    externalTrafficPolicy:
      read.string(spec, 'externalTrafficPolicy', at('externalTrafficPolicy')) ||
      (externallyAccessible(type, externalIPs) ? 'Cluster' : ''),
    // SetDefaults_Service: Cluster for ClusterIP, NodePort and LoadBalancer; ExternalName keeps nil.
    ...optional('internalTrafficPolicy', internalTrafficPolicy ?? (PROXIED_TYPES.includes(type) ? 'Cluster' : undefined)),
    healthCheckNodePort: read.integer(spec, 'healthCheckNodePort', at('healthCheckNodePort')) ?? 0,
    loadBalancerIP: read.string(spec, 'loadBalancerIP', at('loadBalancerIP')) ?? '',
    loadBalancerSourceRanges: read.strings(spec, 'loadBalancerSourceRanges', at('loadBalancerSourceRanges')),
    ...optional('loadBalancerClass', read.string(spec, 'loadBalancerClass', at('loadBalancerClass'))),
    // SetDefaults_Service: true for LoadBalancer.
    ...optional('allocateLoadBalancerNodePorts', allocateLoadBalancerNodePorts ?? (type === 'LoadBalancer' ? true : undefined)),
    ...optional('trafficDistribution', read.string(spec, 'trafficDistribution', at('trafficDistribution'))),
    publishNotReadyAddresses: read.boolean(spec, 'publishNotReadyAddresses', at('publishNotReadyAddresses')) ?? false,
    // SetDefaults_Service (LoadBalancerIPMode): ipMode VIP for a LoadBalancer ingress that has an ip.
    ingress: type === 'LoadBalancer' ? ingress.map((i) => (i.ip && !i.ipMode ? { ...i, ipMode: 'VIP' } : i)) : ingress,
  };
}

/** `{key: value}` when defined, `{}` otherwise: optional fields stay absent rather than undefined. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** SetDefaults_Service: affinity None (config dropped) unless ClientIP, whose timeout defaults to 10800. */
function readAffinity(spec: RawObject | undefined, read: CheckedReader) {
  const sessionAffinity = read.string(spec, 'sessionAffinity', ['spec', 'sessionAffinity']) || 'None';
  if (sessionAffinity !== 'ClientIP') return { sessionAffinity, affinityTimeoutSeconds: undefined };
  const path: FieldPath = ['spec', 'sessionAffinityConfig'];
  const config = read.object(spec, 'sessionAffinityConfig', path);
  const clientIP = read.object(config, 'clientIP', [...path, 'clientIP']);
  const timeout = read.integer(clientIP, 'timeoutSeconds', [...path, 'clientIP', 'timeoutSeconds']);
  return { sessionAffinity, affinityTimeoutSeconds: timeout ?? DEFAULT_AFFINITY_TIMEOUT_SECONDS };
}

function readPort(raw: unknown, index: number, read: CheckedReader): ServicePortSpec[] {
  const path: FieldPath = ['spec', 'ports', index];
  if (!isObject(raw)) {
    read.asObject(raw, path);
    return [];
  }
  const port = read.integer(raw, 'port', [...path, 'port']) ?? (raw.port == null ? 0 : undefined);
  const targetPort = read.intOrString(raw, 'targetPort', [...path, 'targetPort']);
  const appProtocol = read.string(raw, 'appProtocol', [...path, 'appProtocol']);
  return [
    {
      index,
      name: read.string(raw, 'name', [...path, 'name']) ?? '',
      // SetDefaults_Service: protocol TCP.
      protocol: read.string(raw, 'protocol', [...path, 'protocol']) || 'TCP',
      port,
      // SetDefaults_Service: targetPort = port when unset, int 0 or "".
      targetPort: targetPort === undefined || targetPort === 0 || targetPort === '' ? (port ?? 0) : targetPort,
      nodePort: read.integer(raw, 'nodePort', [...path, 'nodePort']) ?? 0,
      ...(appProtocol === undefined ? {} : { appProtocol }),
    },
  ];
}

function readIngress(obj: RawObject, read: CheckedReader): LoadBalancerIngressSpec[] {
  const status = read.object(obj, 'status', ['status']);
  const lb = read.object(status, 'loadBalancer', ['status', 'loadBalancer']);
  const list = read.list(lb, 'ingress', ['status', 'loadBalancer', 'ingress']) ?? [];
  return list.flatMap((raw, i) => {
    const path: FieldPath = ['status', 'loadBalancer', 'ingress', i];
    if (!isObject(raw)) {
      read.asObject(raw, path);
      return [];
    }
    const ipMode = read.string(raw, 'ipMode', [...path, 'ipMode']);
    return [
      {
        ip: read.string(raw, 'ip', [...path, 'ip']) ?? '',
        hostname: read.string(raw, 'hostname', [...path, 'hostname']) ?? '',
        ...(ipMode === undefined ? {} : { ipMode }),
      },
    ];
  });
}

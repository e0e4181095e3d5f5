/**
 * Lean kreach objects turned back into Kubernetes API objects (plain JSON), the way `kubectl get -o
 * yaml` would show them after the control plane filled them in. Only the fields the lean model keeps
 * are written, so the output is a faithful view of what kreach simulates, not of the original input.
 * Whatever kreach assumed (allocated IPs, simulated pods, synthetic nodes, derived slices) is named
 * in the `kreach.io/simulated` annotation, so simulation stays visible in every object printed.
 */
import type {
  Container,
  Endpoint,
  EndpointSlice,
  LabelSelector,
  Namespace,
  NetworkPolicy,
  Node,
  ObjectMeta,
  Pod,
  PolicyPeer,
  PolicyRule,
  Service,
} from '../model/index.js';

/** Annotation listing what kreach assumed for an object, comma-separated (`object,status,ip,node`). */
export const SIMULATED_ANNOTATION = 'kreach.io/simulated';

/** A Kubernetes API object as plain JSON (`apiVersion`, `kind`, `metadata`, …). */
export type KubeObject = Record<string, unknown>;

/** The resources `kreach get` lists, by their kubectl plural names. */
export type GetResource = 'services' | 'endpointslices' | 'pods' | 'nodes' | 'networkpolicies';

/** The lean type behind each resource, so renderers can be typed by the resource name. */
export interface LeanObjectByResource {
  services: Service;
  endpointslices: EndpointSlice;
  pods: Pod;
  nodes: Node;
  networkpolicies: NetworkPolicy;
  namespaces: Namespace;
}

/** Every resource `toKubeObject` converts (the `get` resources plus namespaces). */
export type KubeResource = keyof LeanObjectByResource;

/** What is known beyond the object itself, for references the lean object does not carry. */
export interface KubeObjectContext {
  /** The uid of a Service, for the ownerReference of its EndpointSlices. */
  serviceUid?(namespace: string, name: string): string | undefined;
}

/** apiVersion and kind of each resource; `-o name` and the alias table derive from it. */
export const RESOURCE_KINDS: Readonly<Record<KubeResource, { apiVersion: string; kind: string }>> = {
  services: { apiVersion: 'v1', kind: 'Service' },
  endpointslices: { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' },
  pods: { apiVersion: 'v1', kind: 'Pod' },
  nodes: { apiVersion: 'v1', kind: 'Node' },
  networkpolicies: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  namespaces: { apiVersion: 'v1', kind: 'Namespace' },
};

/** kubectl's other names for each resource: singular, short name, and the `.group` forms. */
const RESOURCE_ALIASES: Readonly<Record<GetResource, readonly string[]>> = {
  services: ['service', 'svc'],
  endpointslices: ['endpointslice', 'endpointslices.discovery.k8s.io', 'endpointslice.discovery.k8s.io'],
  pods: ['pod', 'po'],
  nodes: ['node', 'no'],
  networkpolicies: ['networkpolicy', 'netpol', 'networkpolicies.networking.k8s.io', 'networkpolicy.networking.k8s.io'],
};

const RESOURCE_BY_ALIAS: ReadonlyMap<string, GetResource> = new Map(
  (Object.entries(RESOURCE_ALIASES) as Array<[GetResource, readonly string[]]>).flatMap(([resource, aliases]) =>
    [resource, ...aliases].map((alias): [string, GetResource] => [alias, resource]),
  ),
);

/**
 * The resource a `kreach get` argument names (`svc`, `Service`, `netpol`, …), case-insensitive as
 * kubectl's RESTMapper is; undefined for anything else (legacy `endpoints`/`ep` are not listed).
 */
export function resolveResource(text: string): GetResource | undefined {
  return RESOURCE_BY_ALIAS.get(text.trim().toLowerCase());
}

/** The kubectl `get` form of several objects: `{apiVersion: v1, kind: List, items}`. */
export function toKubeList(items: KubeObject[]): KubeObject {
  return { apiVersion: 'v1', kind: 'List', items };
}

const CONVERTERS: { [R in KubeResource]: (obj: LeanObjectByResource[R], context: KubeObjectContext) => KubeObject } = {
  services: serviceObject,
  endpointslices: endpointSliceObject,
  pods: podObject,
  nodes: nodeObject,
  networkpolicies: networkPolicyObject,
  namespaces: namespaceObject,
};

/** The Kubernetes API object for a lean object, with `kreach.io/simulated` when anything was assumed. */
export function toKubeObject<R extends KubeResource>(
  resource: R,
  obj: LeanObjectByResource[R],
  context: KubeObjectContext = {},
): KubeObject {
  return CONVERTERS[resource](obj, context);
}

function serviceObject(svc: Service): KubeObject {
  const simulated = [svc.allocated.clusterIPs ? 'clusterIPs' : '', svc.allocated.nodePorts ? 'nodePorts' : ''];
  const ingress = svc.loadBalancerIngress.map((i) => defined({ ip: i.ip, hostname: i.hostname, ipMode: i.ipMode }));
  return {
    ...header('services', svc.meta, simulated),
    spec: defined({
      type: svc.type,
      // ExternalName Services have no cluster IP at all; headless ones have `None`.
      clusterIP: svc.clusterIPs[0],
      clusterIPs: nonEmpty(svc.clusterIPs),
      ipFamilies: nonEmpty(svc.ipFamilies),
      ipFamilyPolicy: svc.ipFamilyPolicy,
      selector: svc.selector === null ? undefined : { ...svc.selector },
      ports: nonEmpty(
        svc.ports.map((p) =>
          defined({
            name: p.name || undefined,
            protocol: p.protocol,
            port: p.port,
            targetPort: p.targetPort,
            nodePort: p.nodePort || undefined,
            appProtocol: p.appProtocol,
          }),
        ),
      ),
      sessionAffinity: svc.sessionAffinity,
      // SetDefaults_Service: the config exists only for ClientIP, timeout 10800 by default.
      sessionAffinityConfig:
        svc.sessionAffinity === 'ClientIP' ? { clientIP: { timeoutSeconds: svc.sessionAffinityTimeoutSeconds ?? 10800 } } : undefined,
      externalTrafficPolicy: svc.externalTrafficPolicy,
      internalTrafficPolicy: svc.internalTrafficPolicy,
      trafficDistribution: svc.trafficDistribution,
      publishNotReadyAddresses: svc.publishNotReadyAddresses || undefined,
      externalIPs: nonEmpty(svc.externalIPs),
      externalName: svc.externalName,
      loadBalancerIP: svc.loadBalancerIP,
      loadBalancerSourceRanges: nonEmpty(svc.loadBalancerSourceRanges),
      allocateLoadBalancerNodePorts: svc.allocateLoadBalancerNodePorts,
      healthCheckNodePort: svc.healthCheckNodePort || undefined,
    }),
    // The API server always returns `status.loadBalancer`, empty unless an ingress was assigned.
    status: { loadBalancer: ingress.length > 0 ? { ingress } : {} },
  };
}

/** apiVersion of the workloads a pod's owner can be (`OwnerRef.kind`). */
const WORKLOAD_API_VERSIONS: Readonly<Record<string, string>> = {
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicationController: 'v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
};

function podObject(pod: Pod): KubeObject {
  const owner = pod.owner
    ? [defined({ apiVersion: WORKLOAD_API_VERSIONS[pod.owner.kind], kind: pod.owner.kind, name: pod.owner.name, controller: true })]
    : undefined;
  return {
    ...header('pods', pod.meta, pod.assumed, owner),
    spec: defined({
      nodeName: pod.nodeName,
      nodeSelector: pod.nodeSelector && Object.keys(pod.nodeSelector).length > 0 ? { ...pod.nodeSelector } : undefined,
      hostname: pod.hostname,
      subdomain: pod.subdomain,
      hostNetwork: pod.hostNetwork || undefined,
      dnsPolicy: pod.dnsPolicy,
      dnsConfig: pod.dnsConfig,
      initContainers: nonEmpty(pod.initContainers.map(containerObject)),
      containers: pod.containers.map(containerObject),
    }),
    status: defined({
      phase: pod.phase,
      conditions: [{ type: 'Ready', status: pod.ready ? 'True' : 'False' }],
      podIP: pod.podIPs[0],
      podIPs: nonEmpty(pod.podIPs.map((ip) => ({ ip }))),
    }),
  };
}

/** Probes are not written: the model keeps only their port, not the handler kind. */
function containerObject(container: Container): KubeObject {
  return defined({
    name: container.name,
    ports: nonEmpty(
      container.ports.map((p) => defined({ name: p.name, containerPort: p.containerPort, protocol: p.protocol, hostPort: p.hostPort })),
    ),
    restartPolicy: container.restartPolicy,
  });
}

function endpointSliceObject(slice: EndpointSlice, context: KubeObjectContext): KubeObject {
  // Both controllers make the Service the slice's controlling owner (endpointslice utils.go
  // newEndpointSlice; endpointslicemirroring utils.go newEndpointSlice).
  const uid = context.serviceUid?.(slice.meta.namespace, slice.serviceName);
  const owner =
    slice.origin === 'observed'
      ? undefined
      : [defined({ apiVersion: 'v1', kind: 'Service', name: slice.serviceName, uid, controller: true, blockOwnerDeletion: true })];
  return {
    ...header('endpointslices', slice.meta, slice.origin === 'observed' ? [] : [slice.origin], owner),
    addressType: slice.addressType,
    // The controller writes `name: ""` for an unnamed Service port, so the name is always present.
    ports: slice.ports.map((p) => ({ name: p.name, ...defined({ port: p.port, protocol: p.protocol, appProtocol: p.appProtocol }) })),
    endpoints: slice.endpoints.map(endpointObject),
  };
}

function endpointObject(endpoint: Endpoint): KubeObject {
  const hints = endpoint.hints;
  return defined({
    addresses: [...endpoint.addresses],
    conditions: { ready: endpoint.ready, serving: endpoint.serving, terminating: endpoint.terminating },
    hostname: endpoint.hostname,
    nodeName: endpoint.nodeName,
    zone: endpoint.zone,
    targetRef: endpoint.targetRef && defined({ ...endpoint.targetRef }),
    hints:
      hints &&
      defined({
        forZones: hints.forZones?.map((name) => ({ name })),
        forNodes: hints.forNodes?.map((name) => ({ name })),
      }),
  });
}

function nodeObject(node: Node): KubeObject {
  return {
    ...header('nodes', node.meta, node.simulated ? ['node'] : []),
    spec: defined({ podCIDR: node.podCIDRs[0], podCIDRs: nonEmpty(node.podCIDRs) }),
    status: defined({ addresses: nonEmpty(node.addresses.map((address) => ({ type: 'InternalIP', address }))) }),
  };
}

function namespaceObject(ns: Namespace): KubeObject {
  return header('namespaces', ns.meta, ns.simulated ? ['namespace'] : []);
}

function networkPolicyObject(policy: NetworkPolicy): KubeObject {
  return {
    ...header('networkpolicies', policy.meta, []),
    spec: defined({
      podSelector: selectorObject(policy.podSelector),
      policyTypes: [...policy.policyTypes],
      ingress: nonEmpty(policy.ingress.map((rule) => ruleObject(rule, 'from'))),
      egress: nonEmpty(policy.egress.map((rule) => ruleObject(rule, 'to'))),
    }),
  };
}

/** A rule keeps absent `from`/`to` and `ports` absent: `{}` is the allow-all rule (netpol.md §2). */
function ruleObject(rule: PolicyRule, peersKey: 'from' | 'to'): KubeObject {
  return defined({
    [peersKey]: rule.peers?.map(peerObject),
    ports: rule.ports?.map((p) => defined({ protocol: p.protocol, port: p.port, endPort: p.endPort })),
  });
}

function peerObject(peer: PolicyPeer): KubeObject {
  return defined({
    podSelector: peer.podSelector && selectorObject(peer.podSelector),
    namespaceSelector: peer.namespaceSelector && selectorObject(peer.namespaceSelector),
    ipBlock: peer.ipBlock && defined({ cidr: peer.ipBlock.cidr, except: nonEmpty(peer.ipBlock.except) }),
  });
}

/** `metav1.LabelSelector`; the empty selector is `{}`. Exists/DoesNotExist carry no values. */
function selectorObject(selector: LabelSelector): KubeObject {
  return defined({
    matchLabels: Object.keys(selector.matchLabels).length > 0 ? { ...selector.matchLabels } : undefined,
    matchExpressions: nonEmpty(
      selector.matchExpressions.map((e) =>
        defined({ key: e.key, operator: e.operator, values: e.operator === 'In' || e.operator === 'NotIn' ? [...e.values] : undefined }),
      ),
    ),
  });
}

/** apiVersion, kind and metadata; `simulated` entries that are `''` are dropped. */
function header(resource: KubeResource, meta: ObjectMeta, simulated: readonly string[], ownerReferences?: KubeObject[]): KubeObject {
  const annotations: Record<string, string> = { ...meta.annotations };
  const assumed = simulated.filter((s) => s !== '');
  if (assumed.length > 0) annotations[SIMULATED_ANNOTATION] = assumed.join(',');
  const metadata = defined({
    name: meta.name,
    namespace: meta.namespace || undefined,
    uid: meta.uid,
    labels: Object.keys(meta.labels).length > 0 ? { ...meta.labels } : undefined,
    annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
    ownerReferences,
    deletionTimestamp: meta.deletionTimestamp,
  });
  return { ...RESOURCE_KINDS[resource], metadata };
}

/** The object without its `undefined` and `''` values, so optional fields stay absent. */
function defined(obj: Record<string, unknown>): KubeObject {
  return Object.fromEntries(Object.entries(obj).filter(([, value]) => value !== undefined && value !== ''));
}

function nonEmpty<T>(items: readonly T[]): T[] | undefined {
  return items.length > 0 ? [...items] : undefined;
}

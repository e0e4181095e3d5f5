/**
 * Every message and fix text of the Service, workload and Ingress lint rules, in one place so the
 * wording stays consistent: a message names the objects and fields involved and says what goes
 * wrong at runtime; a fix says what to change. NetworkPolicy texts are in netpol-messages.ts.
 * Detection lives in the rule modules; they call these builders and never spell a message.
 */
import type { Protocol } from '../model/index.js';

/** `80`, or `80 ("http")` when the port has a name. */
const portLabel = (port: number, name: string): string => (name ? `${port} ("${name}")` : `${port}`);
/** `targetPort "http"` or `targetPort 8080`. */
const target = (tp: number | string): string => (typeof tp === 'string' ? `targetPort "${tp}"` : `targetPort ${tp}`);
const list = (items: readonly string[]): string => (items.length ? items.join(', ') : 'none');
const zone = 'cluster.local';

export const HEADLESS = {
  message: (svc: string, ns: string, port: number, name: string, protocol: Protocol, where: string, resolved: string) =>
    `headless Service ${ns}/${svc} port ${portLabel(port, name)} ${where}. Nothing translates ports for a headless Service: ` +
    `DNS answers ${svc} with pod IPs, so clients dialling ${svc}:${port} reach the pods on port ${port} and get connection ` +
    `refused unless something listens there; ` +
    (name
      ? `only the SRV record _${name}._${protocol.toLowerCase()}.${svc}.${ns}.svc.${zone} carries the real port ${resolved}`
      : `the port is unnamed, so there is not even an SRV record carrying the real port ${resolved}`),
  named: (tp: string, resolved: number, pods: string) => `has targetPort "${tp}", which resolves to ${resolved} on ${pods}`,
  numeric: (tp: number, pods: string) => `has targetPort ${tp}, where ${pods} receive its traffic`,
  numericNoPods: (tp: number) => `has targetPort ${tp}, where the pods it selects would receive its traffic`,
  slice: (resolved: number, slice: string) => `is served on port ${resolved} by its EndpointSlice ${slice}`,
  fix: (port: number, resolved: string) =>
    `set port to ${resolved} so clients dial the port the pods listen on, or remove clusterIP: None to get a cluster IP that translates ${port} → ${resolved}`,
};

export const TARGET_PORT = {
  namedMissing: (svc: string, port: number, name: string, tp: string, protocol: Protocol, groups: string, served: string) =>
    `Service ${svc} port ${portLabel(port, name)} has targetPort "${tp}", which no container of ${groups} declares for ${protocol}: ` +
    `the EndpointSlice controller leaves port ${port} out of those pods' endpoints, so ${served}`,
  namedFix: (tp: string, protocol: Protocol) =>
    `name the container port "${tp}" (protocol ${protocol}) in the pod template, or set targetPort to a name or number the containers declare`,
  servedByOthers: (others: string) => `traffic to this port reaches only ${others}`,
  servedByNone: 'no endpoint serves this port: connections are refused',
  numericMissing: (svc: string, port: number, name: string, tp: number, protocol: Protocol, groups: string) =>
    `Service ${svc} port ${portLabel(port, name)} sends to targetPort ${tp}/${protocol}, which no container of ${groups} declares: ` +
    `traffic still flows if the process listens on ${tp}, but nothing in the manifests says it does`,
  numericFix: (tp: number, protocol: Protocol) =>
    `declare containerPort ${tp} (protocol ${protocol}) on the container that listens on it, or correct targetPort`,
  protocolMismatch: (svc: string, port: number, name: string, tp: number | string, protocol: Protocol, groups: string) =>
    `Service ${svc} port ${portLabel(port, name)} uses ${protocol}, but ${groups} declare ${target(tp)} only for another protocol: ` +
    `a named port must match the protocol to resolve, and a process listening on the other protocol does not answer ${protocol}`,
  protocolFix: (protocol: Protocol) => `set the Service port's protocol to match the container port, or declare the container port for ${protocol}`,
  /** `Deployment shop/web (declares: http/TCP 8080)`. */
  declared: (group: string, ports: readonly string[], note: string) => `${group} (declares: ${list(ports)}${note})`,
  plainInit: (container: string) => `; init container ${container} declares it, but plain init containers are not searched`,
  otherProtocol: (protocols: readonly string[]) => `; declared for ${protocols.join(', ')} only`,
};

export const SELECTS_NOTHING = {
  none: (svc: string, selector: string, ns: string, hints: string) =>
    `Service ${svc} selects ${selector}, and no pod in namespace ${ns} carries these labels: its EndpointSlices stay empty, ` +
    `so connections to it are refused and its DNS name has no endpoints${hints}`,
  fix: 'make the selector match the labels of the pod template it should serve (Service selectors only see their own namespace)',
  onlyTerminal: ' (pods that have completed, Succeeded or Failed, do carry them, but completed pods get no endpoints)',
  otherNamespaces: (namespaces: readonly string[]) => `; pods with these labels exist in namespace ${namespaces.join(', ')}`,
  closest: (group: string, differing: string) => `; closest: ${group}, whose pods differ in ${differing}`,
  idle: (svc: string, workloads: string) =>
    `Service ${svc} selects only pods of ${workloads}, which runs no pods (replicas: 0 or suspended): it has no endpoints until it is scaled up`,
  idleFix: 'nothing to fix if the workload is scaled to zero on purpose',
  customResources: (svc: string, selector: string, resources: string) =>
    `Service ${svc} selects ${selector}, which no pod of the input carries; the namespace holds custom resources (${resources}) ` +
    `whose operator may create them, which kreach does not simulate`,
  customFix: 'check that the operator labels its pods with the selector; nothing to fix if it does',
  notCovered: (svc: string, selector: string, ns: string) =>
    `Service ${svc} selects ${selector}, but the input runs no pod in namespace ${ns}: kreach cannot tell whether the pods deployed from elsewhere match`,
  notCoveredFix: 'lint the Service together with the manifests of the pods it should select',
  unpredictable: (svc: string, key: string) =>
    `Service ${svc} selects on ${key}, a label whose value a controller generates from the pod template: kreach cannot tell whether any pod will carry that value`,
  unpredictableFix: (key: string) => `select on labels you set in the pod template instead of ${key}`,
  emptySelector: (svc: string) =>
    `Service ${svc} has selector: {}, which is ambiguous: stored by the API server it reads as no selector (no EndpointSlices are made), ` +
    `while an empty selector taken literally selects every pod in the namespace`,
  emptyFix: 'write the labels of the pods it should select, or remove the selector and supply EndpointSlices',
  noEndpoints: (svc: string) =>
    `Service ${svc} has no selector and the input holds no EndpointSlices or Endpoints for it: kreach sees no endpoints, ` +
    `which is right only if something outside these manifests creates them`,
  noEndpointsFix: 'add EndpointSlices labelled kubernetes.io/service-name for it, or give the Service a selector',
};

export const STATEFULSET = {
  missing: (sts: string) =>
    `StatefulSet ${sts} sets no serviceName: its pods get no stable DNS names (<pod>.<service>.<namespace>.svc), ` +
    `which peers and clients of a StatefulSet usually rely on`,
  missingFix: 'create a headless Service (clusterIP: None) selecting the pods and set spec.serviceName to its name',
  absent: (sts: string, svc: string, pod: string) =>
    `StatefulSet ${sts} names serviceName ${svc}, which is not in the input: unless it is created elsewhere, ` +
    `per-pod names like ${pod} do not resolve`,
  absentFix: (svc: string) => `add the headless Service ${svc} (clusterIP: None) selecting the StatefulSet's pods`,
  notHeadless: (sts: string, svc: string, ip: string, pod: string) =>
    `StatefulSet ${sts} names serviceName ${svc}, which is not headless (clusterIP ${ip}): DNS publishes per-pod names only for ` +
    `headless Services, so ${pod} does not resolve`,
  notHeadlessFix: (svc: string) =>
    `make ${svc} headless (clusterIP: None), or add a separate headless Service for the StatefulSet and keep this one for clients`,
  noSelector: (sts: string, svc: string) =>
    `StatefulSet ${sts} names serviceName ${svc}, which has no selector: the pods never appear in its endpoints, so their DNS names do not resolve`,
  notSelecting: (sts: string, svc: string, selector: string, labels: string) =>
    `StatefulSet ${sts} names serviceName ${svc}, whose selector ${selector} does not match the pod labels ${labels}: ` +
    `the pods get no endpoints in it, so their DNS names do not resolve`,
  selectorFix: (svc: string) => `make the selector of ${svc} match the StatefulSet's pod template labels`,
  notReady: (svc: string, sts: string) =>
    `headless Service ${svc} governs StatefulSet ${sts}, which looks like a quorum system, but does not set publishNotReadyAddresses: ` +
    `members can resolve each other only after they pass readiness, and a cluster that must form before it is ready never forms`,
  notReadyFix: 'set publishNotReadyAddresses: true on this headless peer-discovery Service (send client traffic through a separate Service)',
};

export const PROBE = {
  message: (owner: string, container: string, probe: string, port: string, declared: readonly string[], elsewhere: string) =>
    `${owner} container ${container} ${probe}Probe targets port "${port}", which container ${container} does not declare ` +
    `(declares: ${list(declared)})${elsewhere}: the kubelet cannot resolve the name, so the probe always fails and ${PROBE_EFFECT[probe] ?? ''}`,
  elsewhere: (other: string) => `; container ${other} declares it, but a probe only sees its own container's ports`,
  fix: (port: string) => `declare a container port named "${port}" in the same container, or use the port number`,
};

const PROBE_EFFECT: Record<string, string> = {
  readiness: 'the pod never becomes Ready, so no Service sends it traffic',
  liveness: 'the kubelet restarts the container again and again',
  startup: 'the kubelet kills the container before it ever counts as started',
};

export const SPEC_NO_EFFECT = {
  affinity: (svc: string, kind: string) =>
    `Service ${svc} sets sessionAffinity: ClientIP, which does nothing on ${kind} Service: no proxy sits in front of it to keep a client on one pod`,
  affinityFix: 'remove sessionAffinity, or give the Service a cluster IP if clients need sticky sessions',
  trafficPolicy: (svc: string, field: string, value: string) =>
    `Service ${svc} sets ${field}: ${value}, which does nothing on a headless Service: kube-proxy programs no rules for it and DNS returns every ready pod`,
  trafficPolicyFix: (field: string) => `remove ${field}, or give the Service a cluster IP`,
  externalIPs: (svc: string) => `Service ${svc} lists externalIPs, which do nothing on a headless Service: kube-proxy programs no rules for it`,
  externalIPsFix: 'remove externalIPs, or give the Service a cluster IP',
  externalPolicy: (svc: string, detail: string) =>
    `Service ${svc} sets externalTrafficPolicy, which only applies to traffic from outside the cluster (NodePort, LoadBalancer, externalIPs): ` +
    `on this Service it does nothing, and the API server rejects it (${detail})`,
  externalPolicyFix: 'remove externalTrafficPolicy, or use internalTrafficPolicy for traffic from inside the cluster',
  externalNamePorts: (svc: string) =>
    `Service ${svc} is an ExternalName Service with ports: DNS answers it with a CNAME only, so the ports are ignored and clients reach the external host on the port they dial`,
  externalNamePortsFix: 'remove the ports, or document that clients must dial the external port themselves',
  externalNameIP: (svc: string, name: string) =>
    `Service ${svc} has externalName ${name}, an IP address: DNS answers with a CNAME to "${name}", which resolvers look up as a host name and fail`,
  externalNameIPFix: 'use a selector-less Service with an EndpointSlice holding the IP, or a DNS name in externalName',
  lbIpNone: (svc: string) =>
    `Service ${svc} sets loadBalancerIP: None, which does nothing here; it reads like clusterIP: None was meant, but as written the Service gets a cluster IP and is not headless`,
  lbIpNoneFix: 'replace loadBalancerIP: None with clusterIP: None',
  lbIp: (svc: string, type: string) => `Service ${svc} sets loadBalancerIP, which does nothing on a ${type} Service`,
  lbIpFix: 'remove loadBalancerIP, or make the Service type LoadBalancer',
  notReady: (svc: string) =>
    `Service ${svc} sets publishNotReadyAddresses on a Service with a cluster IP: every pod counts as ready, so kube-proxy sends client traffic to pods that are starting or failing`,
  notReadyFix: 'keep publishNotReadyAddresses on a separate headless Service for peer discovery, and remove it here',
};

export const DNS_CONFIG = {
  hostNetwork: (group: string) =>
    `${group} uses hostNetwork with dnsPolicy ClusterFirst, which for host-network pods means the node's resolv.conf: ` +
    `Service names (*.svc.cluster.local) do not resolve from it`,
  hostNetworkFix: 'set dnsPolicy: ClusterFirstWithHostNet if the pod talks to Services by name; nothing to fix if it does not',
  searches: (group: string, wanted: string) =>
    `${group} sets dnsPolicy None with the cluster DNS as nameserver, but its searches lack ${wanted}: ` +
    `short Service names such as "web" no longer expand, only full names resolve`,
  searchesFix: (wanted: string, zone: string) => `add ${wanted}, svc.${zone} and ${zone} to dnsConfig.searches, or use dnsPolicy ClusterFirst with dnsConfig for extras`,
};

export const INGRESS = {
  noService: (ingress: string, svc: string, ns: string) =>
    `Ingress ${ingress} sends traffic to Service ${svc}, which is not in namespace ${ns} of the input: the ingress controller answers 503 unless it is created elsewhere`,
  noServiceFix: (svc: string) => `create Service ${svc} in the Ingress's namespace, or correct the backend's service name`,
  noPort: (ingress: string, svc: string, port: number | string, ports: readonly string[]) =>
    `Ingress ${ingress} sends traffic to Service ${svc} port ${typeof port === 'number' ? port : `"${port}"`}, which the Service does not have (ports: ${list(ports)}): the backend has no endpoints and the controller answers 503`,
  noPortFix: 'use one of the Service port numbers or names (not a container port or targetPort)',
};

export const YAML_BOOLEAN = {
  message: (what: string, written: string, value: boolean) =>
    `${what}: the unquoted value ${written} is read by kubectl's YAML 1.1 parser as the boolean ${value}, but the field needs a string; the API server rejects the object`,
  fix: (written: string) => `quote it: "${written}"`,
};

/**
 * What `kreach get` prints: kubectl-like tables (`-o text|wide`), `-o name` lines and `-o json|yaml`
 * documents for the lean objects of a simulated cluster. Cell formats follow kubectl's printers
 * (kubernetes/kubernetes pkg/printers/internalversion/printers.go) so the output reads like kubectl's;
 * AGE and RESTARTS are left out because a simulation has no timestamps or restarts. Wide output adds
 * what kreach assumed (ASSUMED, SIMULATED, ORIGIN), so simulated values can be told from given ones.
 */
import { stringify } from 'yaml';
import { formatSelector, selectorFromMap } from '../model/labels.js';
import type { EndpointSlice, Service } from '../model/index.js';
import {
  RESOURCE_KINDS,
  toKubeList,
  toKubeObject,
  type GetResource,
  type KubeObjectContext,
  type LeanObjectByResource,
} from './kube-objects.js';
import { formatTable } from './table.js';

export interface TableOptions {
  /** `-o wide`: the extra columns of each resource. */
  wide?: boolean;
  /** `-A`: a NAMESPACE column first (not for nodes, which have no namespace). */
  allNamespaces?: boolean;
  /**
   * The EndpointSlices in effect for a Service (`Cluster.endpointSlicesFor`). When given, the
   * services table ends with an ENDPOINTS column: ready `ip:port` pairs as `kubectl get endpoints`
   * shows them.
   */
  sliceLookup?: (namespace: string, serviceName: string) => readonly EndpointSlice[];
}

export interface ObjectsOptions {
  /** The user named one object (`get svc web`): print it alone instead of a `List`, as kubectl does. */
  single?: boolean;
  /** Lookups that fill references (the owning Service's uid of a slice). */
  context?: KubeObjectContext;
}

interface Column<T> {
  header: string;
  cell: (obj: T, options: TableOptions) => string;
  /** Shown only when this holds; always shown otherwise. */
  when?: (options: TableOptions) => boolean;
}

const isWide = (options: TableOptions): boolean => options.wide === true;
const NONE = '<none>';

const NAMESPACE_COLUMN: Column<{ meta: { namespace: string } }> = {
  header: 'namespace',
  cell: (obj) => obj.meta.namespace,
  when: (options) => options.allNamespaces === true,
};
const NAME_COLUMN: Column<{ meta: { name: string } }> = { header: 'name', cell: (obj) => obj.meta.name };

/** The columns of each resource, in order; wide-only columns say so in `when`. */
const TABLES: { [R in GetResource]: Array<Column<LeanObjectByResource[R]>> } = {
  services: [
    NAMESPACE_COLUMN,
    NAME_COLUMN,
    { header: 'type', cell: (svc) => svc.type },
    // printService: spec.clusterIPs[0], so a headless Service shows `None`.
    { header: 'cluster-ip', cell: (svc) => svc.clusterIPs[0] ?? NONE },
    { header: 'external-ip', cell: (svc, options) => externalIP(svc, isWide(options)) },
    { header: 'port(s)', cell: (svc) => servicePorts(svc) },
    { header: 'selector', cell: (svc) => formatSelector(selectorFromMap(svc.selector ?? {})) || NONE, when: isWide },
    { header: 'simulated', cell: (svc) => allocatedFields(svc), when: isWide },
    {
      header: 'endpoints',
      cell: (svc, options) => serviceEndpoints(options.sliceLookup?.(svc.meta.namespace, svc.meta.name) ?? []),
      when: (options) => options.sliceLookup !== undefined,
    },
  ],
  pods: [
    NAMESPACE_COLUMN,
    NAME_COLUMN,
    { header: 'ready', cell: (pod) => podReadyCount(pod) },
    // printPod: a pod with a deletionTimestamp shows Terminating whatever its phase.
    { header: 'status', cell: (pod) => (pod.meta.deletionTimestamp ? 'Terminating' : pod.phase) },
    { header: 'ip', cell: (pod) => pod.podIPs[0] ?? NONE },
    { header: 'node', cell: (pod) => pod.nodeName || NONE },
    { header: 'owner', cell: (pod) => (pod.owner ? `${pod.owner.kind}/${pod.owner.name}` : NONE), when: isWide },
    { header: 'assumed', cell: (pod) => pod.assumed.join(',') || '-', when: isWide },
  ],
  endpointslices: [
    NAMESPACE_COLUMN,
    NAME_COLUMN,
    { header: 'addresstype', cell: (slice) => slice.addressType },
    // formatDiscoveryPorts / formatDiscoveryEndpoints: three entries, then `+ N more...`.
    { header: 'ports', cell: (slice) => listWithMore(slice.ports.map((p) => String(p.port)), '<unset>') },
    { header: 'endpoints', cell: (slice) => listWithMore(slice.endpoints.flatMap((e) => e.addresses), '<unset>') },
    { header: 'service', cell: (slice) => slice.serviceName || NONE, when: isWide },
    { header: 'origin', cell: (slice) => slice.origin, when: isWide },
  ],
  nodes: [
    NAME_COLUMN,
    { header: 'zone', cell: (node) => node.zone || NONE },
    { header: 'internal-ip', cell: (node) => node.addresses.join(',') || NONE },
    { header: 'simulated', cell: (node) => (node.simulated ? 'yes' : '-'), when: isWide },
  ],
  networkpolicies: [
    NAMESPACE_COLUMN,
    NAME_COLUMN,
    // printNetworkPolicy: metav1.FormatLabelSelector, `<none>` for the empty selector.
    { header: 'pod-selector', cell: (policy) => formatSelector(policy.podSelector) || NONE },
    { header: 'policy-types', cell: (policy) => policy.policyTypes.join(','), when: isWide },
  ],
};

/**
 * The objects as a kubectl-like table, ending in a newline; `''` when there are none (kubectl then
 * prints "No resources found" on stderr, which is the caller's part).
 */
export function renderTable<R extends GetResource>(
  resource: R,
  objects: ReadonlyArray<LeanObjectByResource[R]>,
  options: TableOptions = {},
): string {
  if (objects.length === 0) return '';
  const columns: Array<Column<LeanObjectByResource[R]>> = TABLES[resource].filter((c) => c.when?.(options) ?? true);
  return formatTable(
    columns.map((c) => c.header),
    objects.map((obj) => columns.map((c) => c.cell(obj, options))),
  );
}

/** kubectl's `-o name` form: `service/web`, `endpointslice.discovery.k8s.io/web-x2b4f`. */
export function renderName<R extends GetResource>(resource: R, obj: LeanObjectByResource[R]): string {
  const { apiVersion, kind } = RESOURCE_KINDS[resource];
  const group = apiVersion.includes('/') ? `.${apiVersion.slice(0, apiVersion.lastIndexOf('/'))}` : '';
  return `${kind.toLowerCase()}${group}/${obj.meta.name}`;
}

/**
 * `-o json` (4-space indent, as kubectl) or `-o yaml` of the objects: one object when `single` and
 * exactly one was found, else a `List`. YAML is written with the 1.1 schema so that strings such as
 * `yes` or `on` stay quoted for kubectl's YAML 1.1 reader, and lines are never folded.
 */
export function renderObjects<R extends GetResource>(
  resource: R,
  objects: ReadonlyArray<LeanObjectByResource[R]>,
  format: 'json' | 'yaml',
  options: ObjectsOptions = {},
): string {
  const items = objects.map((obj) => toKubeObject(resource, obj, options.context));
  const document = options.single && items.length === 1 ? items[0] : toKubeList(items);
  if (format === 'json') return `${JSON.stringify(document, null, 4)}\n`;
  return stringify(document, { version: '1.1', lineWidth: 0, indentSeq: false });
}

/** makePortString: `80/TCP`, `80:30080/TCP` with a NodePort, comma-joined; `<none>` without ports. */
function servicePorts(svc: Service): string {
  const pieces = svc.ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`));
  return pieces.join(',') || NONE;
}

/** loadBalancerStatusStringer clips the ingress list to 16 characters unless wide. */
const LOAD_BALANCER_WIDTH = 16;

/** getServiceExternalIP: externalIPs, load-balancer ingress (`<pending>` until assigned), or the ExternalName. */
function externalIP(svc: Service, wide: boolean): string {
  switch (svc.type) {
    case 'ClusterIP':
    case 'NodePort':
      return svc.externalIPs.join(',') || NONE;
    case 'LoadBalancer': {
      const ingress = [...new Set(svc.loadBalancerIngress.map((i) => i.ip || i.hostname || '').filter(Boolean))].sort();
      let text = ingress.join(',');
      if (!wide && text.length > LOAD_BALANCER_WIDTH) text = `${text.slice(0, LOAD_BALANCER_WIDTH - 3)}...`;
      const all = [...(text ? text.split(',') : []), ...svc.externalIPs];
      return all.join(',') || '<pending>';
    }
    case 'ExternalName':
      return svc.externalName || NONE;
  }
}

function allocatedFields(svc: Service): string {
  const fields = [svc.allocated.clusterIPs ? 'clusterIPs' : '', svc.allocated.nodePorts ? 'nodePorts' : ''];
  return fields.filter(Boolean).join(',') || '-';
}

/**
 * `ready/total` as printPod counts it: app containers plus restartable (sidecar) init containers.
 * The model keeps one readiness for the whole pod, so it is all or none.
 */
function podReadyCount(pod: LeanObjectByResource['pods']): string {
  const total = pod.containers.length + pod.initContainers.filter((c) => c.restartPolicy === 'Always').length;
  return `${pod.ready ? total : 0}/${total}`;
}

/** formatEndpoints of `kubectl get endpoints`: ready addresses per port, `[v6]:port` for IPv6. */
function serviceEndpoints(slices: readonly EndpointSlice[]): string {
  const list: string[] = [];
  for (const slice of slices) {
    const ready = slice.endpoints.filter((e) => e.ready).flatMap((e) => e.addresses);
    if (slice.ports.length === 0) list.push(...ready);
    for (const port of slice.ports) list.push(...ready.map((ip) => (ip.includes(':') ? `[${ip}]:${port.port}` : `${ip}:${port.port}`)));
  }
  return listWithMore(list, NONE);
}

/** listWithMoreString: the first three, then ` + N more...`; `empty` for none. */
function listWithMore(list: readonly string[], empty: string, max = 3): string {
  if (list.length === 0) return empty;
  const shown = list.slice(0, max).join(',');
  return list.length > max ? `${shown} + ${list.length - max} more...` : shown;
}

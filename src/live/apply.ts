/**
 * One watched change applied to a running Cluster through the store (`upsert`/`remove`), so derived
 * slices and the DNS index update incrementally — but only where that gives exactly the cluster a
 * fresh build from the same objects would give. `Cluster.fromManifests` fills gaps from the whole
 * input (synthetic nodes and namespaces, a simulated cluster DNS, allocated IPs, dual-stack); a
 * change that touches one of those gaps returns false, and the caller rebuilds from all objects.
 * Live objects rarely do: the API server has already allocated IPs and scheduled pods.
 */
import type { Cluster } from '../cluster/cluster.js';
import { DNS_NAMESPACE, DNS_POD_LABELS, DNS_SERVICE_NAME } from '../cluster/cluster-dns.js';
import { allocateServices } from '../cluster/service-allocation.js';
import type { StoreKind, StoreKinds } from '../cluster/store.js';
import type { Finding, Manifests, Pod, Service } from '../model/index.js';
import type { RawChange } from './raw-cache.js';
import { convertOne } from './to-manifests.js';

type Lean = { [K in StoreKind]: { kind: K; obj: StoreKinds[K] } }[StoreKind];

/** Apply `change` to `cluster`; false when only a rebuild gives the exact result. */
export function applyChange(cluster: Cluster, change: RawChange, file: string): boolean {
  const old = change.old && leanOf(convertOne(change.old, file));
  const next = change.obj && leanOf(convertOne(change.obj, file));
  const subject = next ?? old;
  if (!subject) return true; // neither side is an object kreach models
  if (!isExact(cluster, old, next)) return false;
  if (next) {
    cluster.store.upsert(next.kind, next.obj);
  } else {
    cluster.store.remove(subject.kind, subject.obj.meta.namespace, subject.obj.meta.name);
  }
  return true;
}

/** The lean object a one-object bundle holds, with its store kind. */
function leanOf(m: Manifests): Lean | undefined {
  const candidates: Lean[] = [
    ...m.pods.map((obj) => ({ kind: 'Pod' as const, obj })),
    ...m.services.map((obj) => ({ kind: 'Service' as const, obj })),
    ...m.endpointSlices.map((obj) => ({ kind: 'EndpointSlice' as const, obj })),
    ...m.endpoints.map((obj) => ({ kind: 'Endpoints' as const, obj })),
    ...m.nodes.map((obj) => ({ kind: 'Node' as const, obj })),
    ...m.namespaces.map((obj) => ({ kind: 'Namespace' as const, obj })),
    ...m.networkPolicies.map((obj) => ({ kind: 'NetworkPolicy' as const, obj })),
    ...m.ingresses.map((obj) => ({ kind: 'Ingress' as const, obj })),
    ...m.corefiles.map((obj) => ({ kind: 'Corefile' as const, obj })),
  ];
  return candidates[0];
}

/** Would applying this change to the store give what a fresh build gives? */
function isExact(cluster: Cluster, old: Lean | undefined, next: Lean | undefined): boolean {
  const subject = (next ?? old) as Lean;
  const store = cluster.store;
  const namespace = subject.obj.meta.namespace;
  // An object in a namespace the store lacks: a fresh build would add a synthetic Namespace.
  if (namespace && !store.namespaces.get('', namespace)) return false;
  switch (subject.kind) {
    case 'Corefile':
      return false; // the DNS configuration is read when an engine is built
    case 'Namespace':
      return next !== undefined; // once gone, a fresh build may need a synthetic one
    case 'Node':
      // Synthetic nodes exist only while the cluster has no real ones.
      return !store.nodes.list().some((n) => n.simulated) && (next !== undefined || store.nodes.size > 1);
    case 'Pod':
      return [old, next].every((p) => !p || podIsExact(cluster, p.obj as Pod));
    case 'Service':
      return [old, next].every((s) => !s || !isClusterDnsService(s.obj as Service)) && (!next || serviceIsExact(cluster, next.obj as Service));
    default:
      return true;
  }
}

/** CoreDNS pods decide whether a simulated DNS Deployment exists; pods kreach completed need placement. */
function podIsExact(cluster: Cluster, pod: Pod): boolean {
  const dnsPod = pod.meta.namespace === DNS_NAMESPACE && pod.meta.labels['k8s-app'] === DNS_POD_LABELS['k8s-app'];
  return !dnsPod && pod.assumed.length === 0 && familiesFit(cluster, pod.podIPs);
}

function isClusterDnsService(svc: Service): boolean {
  return svc.meta.namespace === DNS_NAMESPACE && svc.meta.name === DNS_SERVICE_NAME;
}

/** Allocation on its own: exact when nothing had to be allocated (the API server did it already). */
function serviceIsExact(cluster: Cluster, svc: Service): boolean {
  const findings: Finding[] = [];
  allocateServices([svc], cluster.options, findings);
  const asksForV6 = svc.ipFamilyPolicy === 'RequireDualStack' || svc.ipFamilies.includes('IPv6');
  const v6Ready = cluster.options.families.includes('IPv6');
  return !svc.allocated.clusterIPs && !svc.allocated.nodePorts && (v6Ready || !asksForV6) && familiesFit(cluster, svc.clusterIPs);
}

/** An IPv6 address in a cluster that is not dual-stack would make a fresh build dual-stack. */
function familiesFit(cluster: Cluster, ips: readonly string[]): boolean {
  return cluster.options.families.includes('IPv6') || !ips.some((ip) => ip.includes(':'));
}

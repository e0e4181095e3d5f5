/**
 * Turning the input's pods and workloads into the pods a cluster would run: workloads expanded by
 * their controllers' rules, each simulated pod scheduled onto a node and given an IP. Real pods from a
 * dump keep what they have.
 */
import type { Manifests, Node, Pod, Workload } from '../model/index.js';
import { keyOf } from '../model/index.js';
import { AllocationError, IpAllocator } from './allocator.js';
import { expandWorkload } from './expand.js';
import { stableHash } from './hash.js';
import type { ResolvedOptions } from './options.js';
import type { Finding } from '../model/index.js';

/**
 * All pods: the input's own, plus the pods of every workload whose pods the input does not already
 * hold. A workload owned by another (a Deployment's ReplicaSet, a CronJob's Job) is expanded by its
 * owner; a workload whose pods appear in the input (a `kubectl get all` dump) is not expanded again.
 */
export function clusterPods(manifests: Manifests, nodes: readonly Node[]): Pod[] {
  const nodeNames = nodes.map((n) => n.meta.name).sort();
  const parents = new Map<string, string>();
  for (const w of manifests.workloads) {
    if (w.ownedBy) parents.set(ownerKey(w.meta.namespace, w.kind, w.meta.name), ownerKey(w.meta.namespace, w.ownedBy.kind, w.ownedBy.name));
  }
  // A dumped pod owned by a Job means that Job's CronJob has its pods too: walk up the owners.
  const owned = new Set<string>();
  let last: Pod | undefined;
  for (const pod of manifests.pods) {
    // Replicas come together in a dump: skip a pod whose owner its predecessor already walked.
    if (last?.owner && pod.owner && sameOwner(last, pod)) continue;
    last = pod;
    let key = pod.owner && ownerKey(pod.meta.namespace, pod.owner.kind, pod.owner.name);
    while (key && !owned.has(key)) {
      owned.add(key);
      key = parents.get(key);
    }
  }
  const pods = [...manifests.pods];
  const taken = new NamesByNamespace(manifests.pods);
  for (const workload of manifests.workloads) {
    if (workload.ownedBy || owned.has(ownerKey(workload.meta.namespace, workload.kind, workload.meta.name))) continue;
    for (const pod of expandWorkload(workload, nodeNames)) {
      if (taken.add(pod.meta.namespace, pod.meta.name)) pods.push(pod);
    }
  }
  return pods;
}

/**
 * Pod names taken, per namespace. The input's pods are grouped by namespace when a first workload
 * is expanded, and a namespace's names are set apart only when one of its workloads is: keying all
 * 150,000 pods of a dump cost 60 ms for its two simulated CoreDNS pods.
 */
class NamesByNamespace {
  private inputByNamespace: Map<string, Pod[]> | undefined;
  private readonly names = new Map<string, Set<string>>();

  constructor(private readonly inputPods: readonly Pod[]) {}

  /** Take `name` in `namespace`; false when it was taken already. */
  add(namespace: string, name: string): boolean {
    let names = this.names.get(namespace);
    if (!names) {
      this.inputByNamespace ??= groupByNamespace(this.inputPods);
      names = new Set(this.inputByNamespace.get(namespace)?.map((p) => p.meta.name));
      this.names.set(namespace, names);
    }
    if (names.has(name)) return false;
    names.add(name);
    return true;
  }
}

/** Lookups that scan the pods before a set of their addresses is built (see heldAddresses). */
const SCANNED_LOOKUPS = 4;

/**
 * Whether one of `pods` holds an address (canonical text, as the converters leave pod IPs). An
 * allocation looks up only the addresses its probe lands on. At 150,000 pods, reserving every input
 * address in the allocators cost 150 ms and a set of them 50-130 ms, where one scan of the pods
 * costs about 10 ms: the first lookups scan, about what the set would cost, and only then is the
 * set built. Two simulated CoreDNS pods in a dump take four lookups; many pods to place pay at
 * most twice what the set alone would have cost.
 */
function heldAddresses(pods: readonly Pod[]): (ip: string) => boolean {
  let lookups = 0;
  let held: Set<string> | undefined;
  return (ip) => {
    if (!held && ++lookups <= SCANNED_LOOKUPS) return pods.some((pod) => holds(pod, ip));
    held ??= new Set(pods.flatMap((pod) => pod.podIPs));
    return held.has(ip);
  };
}

function holds(pod: Pod, ip: string): boolean {
  for (const held of pod.podIPs) if (held === ip) return true;
  return false;
}

function groupByNamespace(pods: readonly Pod[]): Map<string, Pod[]> {
  const groups = new Map<string, Pod[]>();
  for (const pod of pods) {
    const group = groups.get(pod.meta.namespace);
    if (group) group.push(pod);
    else groups.set(pod.meta.namespace, [pod]);
  }
  return groups;
}

function sameOwner(a: Pod, b: Pod): boolean {
  return a.meta.namespace === b.meta.namespace && a.owner?.kind === b.owner?.kind && a.owner?.name === b.owner?.name;
}

function ownerKey(namespace: string, kind: string, name: string): string {
  return `${namespace}/${kind}/${name}`;
}

/**
 * Schedules pods without a node and allocates IPs to pods without status, in place. Replicas of one
 * workload are spread over consecutive nodes (as anti-affinity would), starting at a node chosen by
 * a hash of the workload, so zones are mixed and the result does not depend on input order.
 */
export function placePods(
  pods: Pod[],
  nodes: readonly Node[],
  workloads: readonly Workload[],
  options: ResolvedOptions,
  findings: Finding[],
): void {
  // Only pods missing a node or an IP take part; a dump has almost none.
  const needs = (pod: Pod) =>
    (!pod.nodeName && pod.assumed.includes('node')) || (pod.podIPs.length === 0 && pod.assumed.includes('ip'));
  const pending = pods.filter(needs);
  if (pending.length === 0) return;
  const nodeNames = nodes.map((n) => n.meta.name).sort();
  const nodeByName = new Map(nodes.map((n) => [n.meta.name, n]));
  const replicaIndex = new Map<string, number>();
  for (const w of workloads) w.podNames.forEach((name, i) => replicaIndex.set(name, i));
  const allocators = options.podCIDRs.map((cidr) => new IpAllocator(cidr, 'pod'));

  const inUse = heldAddresses(pods);
  const keyed = pending.map((pod) => ({ pod, key: keyOf(pod.meta) }));
  const sorted = keyed.sort((a, b) => (a.key < b.key ? -1 : 1)).map((k) => k.pod);
  let exhausted = false;
  for (const pod of sorted) {
    if (!pod.nodeName && nodeNames.length > 0 && pod.assumed.includes('node')) {
      const anchor = pod.owner ? `${pod.meta.namespace}/${pod.owner.kind}/${pod.owner.name}` : keyOf(pod.meta);
      const index = replicaIndex.get(keyOf(pod.meta)) ?? 0;
      pod.nodeName = nodeNames[(stableHash(anchor) + index) % nodeNames.length];
    }
    if (pod.podIPs.length > 0 || !pod.assumed.includes('ip') || exhausted) continue;
    if (pod.hostNetwork) {
      pod.podIPs = [...(nodeByName.get(pod.nodeName ?? '')?.addresses ?? [])];
      continue;
    }
    try {
      pod.podIPs = allocators.map((a) => a.allocate(keyOf(pod.meta), inUse));
    } catch (error) {
      if (!(error instanceof AllocationError)) throw error;
      exhausted = true;
      findings.push({
        code: 'pod-cidr-exhausted',
        severity: 'error',
        message: `${error.message}: pods from ${keyOf(pod.meta)} on get no IP; widen it with --pod-cidr`,
      });
    }
  }
}

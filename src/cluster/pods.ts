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
  let taken: Set<string> | undefined; // made when a workload is expanded (a dump expands none)
  for (const workload of manifests.workloads) {
    if (workload.ownedBy || owned.has(ownerKey(workload.meta.namespace, workload.kind, workload.meta.name))) continue;
    taken ??= new Set(pods.map((p) => keyOf(p.meta)));
    for (const pod of expandWorkload(workload, nodeNames)) {
      if (taken.has(keyOf(pod.meta))) continue;
      taken.add(keyOf(pod.meta));
      pods.push(pod);
    }
  }
  return pods;
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

  // Addresses the input holds are only reserved when some pod needs one allocated (a dump needs none).
  if (pending.some((p) => p.podIPs.length === 0 && p.assumed.includes('ip') && !p.hostNetwork)) {
    for (const pod of pods) for (const ip of pod.podIPs) for (const a of allocators) a.reserve(ip);
  }
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
      pod.podIPs = allocators.map((a) => a.allocate(keyOf(pod.meta)));
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

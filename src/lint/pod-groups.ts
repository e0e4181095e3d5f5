/**
 * Pods as users wrote them. The cluster holds one pod per replica, but a finding belongs on the
 * workload whose template produced them (`Deployment shop/web`, at `spec.template.spec…`), once,
 * not once per replica. This module groups pods by that origin and knows where each kind keeps its
 * pod spec, so rules can point at the right line. It also says how much of a namespace the input
 * covers: a selector matching nothing is a mistake only when the pods it should match would be in
 * the input, not when a folder holds just Services or the pods come from an operator.
 */
import type { Cluster } from '../cluster/cluster.js';
import { workloadName } from '../cluster/store.js';
import type { Container, Pod, Workload } from '../model/index.js';
import { isTerminal, keyOf } from '../model/index.js';
import { perCluster } from './cluster-memo.js';
import type { FieldPath, Subject } from './types.js';

/** Pods that share one origin: a workload's template, or a pod given as an object. */
export interface PodGroup {
  subject: Subject;
  /** Path of the pod spec inside the subject's document. */
  specPath: FieldPath;
  /** The pods of the cluster in this group (may be empty for a workload scaled to zero). */
  pods: Pod[];
  /** The pod that stands for the group: the workload's template, or the pod itself. */
  template: Pod;
}

/** Where a kind keeps its pod spec (a CronJob one level deeper, in its job template). */
export function podSpecPath(kind: string): FieldPath {
  if (kind === 'Pod') return ['spec'];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  return ['spec', 'template', 'spec'];
}

/** Group `pods` by the workload that creates them (when it is in the input), else one group per pod. */
export function groupPods(cluster: Cluster, pods: readonly Pod[]): PodGroup[] {
  const groups = new Map<string, PodGroup>();
  for (const pod of pods) {
    const workload = ownerWorkload(cluster, pod);
    const key = workload ? `${workload.kind}/${keyOf(workload.meta)}` : `Pod/${keyOf(pod.meta)}`;
    let group = groups.get(key);
    if (!group) {
      group = workload ? workloadGroup(workload, []) : podGroup(pod);
      groups.set(key, group);
    }
    if (workload) group.pods.push(pod);
  }
  return [...groups.values()];
}

/**
 * Every pod origin of the input: each top-level workload (scaled to zero or not) and each pod that
 * no workload of the input creates. Rules about pod specs (probes, DNS) walk this list. Worked out
 * once per cluster (cluster-memo.ts): the groups are shared, do not change them.
 */
export function podOrigins(cluster: Cluster): PodGroup[] {
  return origins(cluster).slice();
}

const origins = perCluster((cluster: Cluster): readonly PodGroup[] => {
  const out: PodGroup[] = [];
  const byWorkload = new Map<string, Pod[]>();
  for (const pod of cluster.pods()) {
    const workload = ownerWorkload(cluster, pod);
    if (!workload) {
      if (!isSimulatedInfrastructure(pod.meta.source?.file)) out.push(podGroup(pod));
      continue;
    }
    const key = `${workload.kind}/${keyOf(workload.meta)}`;
    const pods = byWorkload.get(key);
    if (pods) pods.push(pod);
    else byWorkload.set(key, [pod]);
  }
  for (const workload of cluster.workloads()) {
    if (workload.ownedBy || isSimulatedInfrastructure(workload.meta.source?.file)) continue;
    out.push(workloadGroup(workload, byWorkload.get(`${workload.kind}/${keyOf(workload.meta)}`) ?? []));
  }
  return out;
});

/** Workloads of `namespace` whose template would match but that run no pods (replicas: 0, suspended). */
export function idleWorkloads(cluster: Cluster, namespace: string, matches: (labels: Record<string, string>) => boolean): Workload[] {
  return cluster.workloads(namespace).filter((w) => !w.ownedBy && w.podNames.length === 0 && matches(w.templateLabels));
}

/** `Deployment shop/web` or `Pod shop/solo`. */
export function describeGroup(group: PodGroup): string {
  return `${group.subject.kind} ${keyOf(group.subject.meta)}`;
}

/** `the pods of Deployment shop/web`, or `pod shop/solo` for a pod given as an object. */
export function podsOf(group: PodGroup): string {
  return group.subject.kind === 'Pod' ? `pod ${keyOf(group.subject.meta)}` : `the pods of ${describeGroup(group)}`;
}

/** The input runs something in `namespace`: a pod or a workload (kreach's simulated DNS aside). */
export function inputCovers(cluster: Cluster, namespace: string): boolean {
  return (
    cluster.pods(namespace).some((p) => !isSimulatedInfrastructure(p.meta.source?.file)) ||
    cluster.workloads(namespace).some((w) => !isSimulatedInfrastructure(w.meta.source?.file))
  );
}

/**
 * `Prometheus k8s`, …: custom resources of `namespace` whose operators may create pods, which
 * kreach does not simulate (lint.md §4).
 */
export function customResources(cluster: Cluster, namespace: string): string[] {
  return cluster.skipped.filter((d) => d.namespace === namespace && /^custom resource /.test(d.reason)).map((d) => `${d.kind} ${d.name}`);
}

/**
 * The pod origin of `namespace` whose labels share the most pairs with `wanted` (at least one, and
 * not all), with the keys where it differs (`tier=backend`, `app (absent)`): a hint for selectors
 * that match nothing.
 */
export function closestGroup(cluster: Cluster, namespace: string, wanted: Record<string, string>): { group: string; differing: string } | undefined {
  const keys = Object.keys(wanted);
  let best: { group: string; differing: string; score: number } | undefined;
  for (const group of groupPods(cluster, cluster.pods(namespace).filter((p) => !isTerminal(p)))) {
    const labels = group.template.meta.labels;
    const score = keys.filter((k) => labels[k] === wanted[k]).length;
    if (score === 0 || score === keys.length || (best && best.score >= score)) continue;
    const differing = keys.filter((k) => labels[k] !== wanted[k]).map((k) => (labels[k] === undefined ? `${k} (absent)` : `${k}=${labels[k]}`));
    best = { group: describeGroup(group), differing: differing.join(', '), score };
  }
  return best && { group: best.group, differing: best.differing };
}

/** App containers, then native sidecars (init containers with `restartPolicy: Always`). */
export function servingContainers(pod: Pod): Container[] {
  return [...pod.containers, ...pod.initContainers.filter((c) => c.restartPolicy === 'Always')];
}

/** Path of a container inside the pod spec, app or init. */
export function containerPath(group: PodGroup, container: Container): FieldPath {
  const app = group.template.containers.indexOf(container);
  if (app >= 0) return [...group.specPath, 'containers', app];
  return [...group.specPath, 'initContainers', group.template.initContainers.indexOf(container)];
}

/** Objects kreach made up itself (the simulated cluster DNS) are not the user's to fix. */
export function isSimulatedInfrastructure(file: string | undefined): boolean {
  return file !== undefined && file.startsWith('<kreach');
}

function ownerWorkload(cluster: Cluster, pod: Pod): Workload | undefined {
  if (!pod.owner) return undefined;
  return cluster.store.workloads.get(pod.meta.namespace, workloadName(pod.owner.kind, pod.owner.name));
}

function workloadGroup(workload: Workload, pods: Pod[]): PodGroup {
  return { subject: { kind: workload.kind, meta: workload.meta }, specPath: podSpecPath(workload.kind), pods, template: workload.template };
}

function podGroup(pod: Pod): PodGroup {
  return { subject: { kind: 'Pod', meta: pod.meta }, specPath: podSpecPath('Pod'), pods: [pod], template: pod };
}

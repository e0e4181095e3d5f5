/**
 * Workload → the pods its controller would create, following services.md §6 and the controllers
 * cited beside each kind. Names are deterministic stand-ins for generated ones (`names.ts`); every
 * pod is a copy of the workload's template with the identity fields and labels the controller adds,
 * owned by the workload itself (a Deployment, not its ReplicaSet; a CronJob, not its Job), and marked
 * `assumed: 'object'`. IPs and nodes are left to the cluster, except a DaemonSet's node.
 *
 * Pods the API server would refuse (a StatefulSet name too long for its revision label, a hostname
 * over 63 characters) are left out, as the controller fails to create them; `workload.ts` reports why.
 */
import type { Pod, Workload } from '../model/index.js';
import { keyOf } from '../model/index.js';
import {
  MAX_GENERATED_PREFIX,
  NameGenerator,
  controllerRevisionName,
  cronJobName,
  generatedPodProblem,
  templateHash,
} from './names.js';

/** Label keys controllers add (`k8s.io/api` apps/v1 and batch/v1 constants). */
export const LABELS = {
  podTemplateHash: 'pod-template-hash',
  controllerRevisionHash: 'controller-revision-hash',
  podTemplateGeneration: 'pod-template-generation',
  statefulSetPodName: 'statefulset.kubernetes.io/pod-name',
  podIndex: 'apps.kubernetes.io/pod-index',
  jobName: 'batch.kubernetes.io/job-name',
  legacyJobName: 'job-name',
  jobCompletionIndex: 'batch.kubernetes.io/job-completion-index',
  hostname: 'kubernetes.io/hostname',
} as const;

/** What a controller sets on one pod on top of the template. */
interface Identity {
  name: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  hostname?: string;
  /** `null` clears the template's subdomain (a StatefulSet without serviceName). */
  subdomain?: string | null;
  nodeName?: string;
}

/**
 * The pods `workload` would own, in controller order (replica index, ordinal, completion index, or
 * node). `nodeNames` (sorted) are the nodes DaemonSets cover. Also fills `workload.podNames` and, for
 * a DaemonSet, `workload.replicas` (one per covered node).
 */
export function expandWorkload(workload: Workload, nodeNames: readonly string[]): Pod[] {
  const pods = identities(workload, nodeNames).flatMap((id) => {
    const pod = podFrom(workload, id);
    return generatedPodProblem(pod, id.labels) ? [] : [pod];
  });
  workload.podNames = pods.map((p) => keyOf(p.meta));
  if (workload.kind === 'DaemonSet') workload.replicas = pods.length;
  return pods;
}

function identities(w: Workload, nodeNames: readonly string[]): Identity[] {
  switch (w.kind) {
    case 'Deployment':
      return deploymentPods(w);
    case 'ReplicaSet':
    case 'ReplicationController':
      return generatedPods(w, `${w.meta.name}-`, w.replicas, {});
    case 'StatefulSet':
      return statefulSetPods(w);
    case 'DaemonSet':
      return daemonSetPods(w, nodeNames);
    case 'Job':
      return jobPods(w, w.meta.name);
    case 'CronJob':
      return jobPods(w, cronJobName(w.meta.name));
  }
}

/** `<prefix><5 chars>` for replicas 0..count-1, seeded by namespace, prefix and index. */
function generatedPods(w: Workload, prefix: string, count: number, labels: Record<string, string>): Identity[] {
  const names = new NameGenerator();
  return Array.from({ length: count }, (_, i) => ({ name: names.generate(prefix, `${w.meta.namespace}/${prefix}#${i}`), labels }));
}

/** Deployment → ReplicaSet `<deployment>-<pod-template-hash>` → its pods (pkg/controller/deployment/sync.go). */
function deploymentPods(w: Workload): Identity[] {
  const hash = templateHash(w.template);
  return generatedPods(w, `${w.meta.name}-${hash}-`, w.replicas, { [LABELS.podTemplateHash]: hash });
}

/** `newStatefulSetPod` + `initIdentity` (pkg/controller/statefulset/stateful_set_utils.go). */
function statefulSetPods(w: Workload): Identity[] {
  const start = w.ordinalsStart ?? 0;
  const revision = controllerRevisionName(w.meta.name, templateHash(w.template, 'revision'));
  return Array.from({ length: w.replicas }, (_, i) => {
    const name = `${w.meta.name}-${start + i}`;
    return {
      name,
      hostname: name,
      subdomain: w.serviceName || null,
      labels: {
        [LABELS.statefulSetPodName]: name,
        [LABELS.podIndex]: String(start + i),
        [LABELS.controllerRevisionHash]: revision,
      },
    };
  });
}

/**
 * One pod per node (pkg/controller/daemon). kreach knows node names but not node labels or taints,
 * so the only placement rules honoured are a template `nodeName` and a `kubernetes.io/hostname`
 * nodeSelector; any other nodeSelector key, affinity or toleration is ignored and every node is covered.
 */
function daemonSetPods(w: Workload, nodeNames: readonly string[]): Identity[] {
  const pinned = w.template.nodeSelector?.[LABELS.hostname];
  const nodes = nodeNames.filter((n) => (!w.template.nodeName || n === w.template.nodeName) && (!pinned || n === pinned));
  const hash = templateHash(w.template, 'revision');
  const names = new NameGenerator();
  const prefix = `${w.meta.name}-`;
  return nodes.map((node) => ({
    name: names.generate(prefix, `${w.meta.namespace}/${prefix}@${node}`),
    nodeName: node,
    labels: { [LABELS.controllerRevisionHash]: hash, [LABELS.podTemplateGeneration]: '1' },
  }));
}

/**
 * The running pods of a Job (pkg/controller/job/job_controller.go `manageJob`): min(parallelism,
 * completions), or parallelism for a work queue; none while suspended. Indexed Jobs run indexes
 * 0…n-1 as `<job>-<index>-<5 chars>` with hostname `<job>-<index>` (`podGenerateNameWithIndex`).
 * The controller-uid labels are left out: there is no uid to put in them.
 */
function jobPods(w: Workload, job: string): Identity[] {
  if (w.suspended) return [];
  const parallelism = w.parallelism ?? 1;
  const count = w.completions === undefined ? parallelism : Math.min(parallelism, w.completions);
  const labels = { [LABELS.jobName]: job, [LABELS.legacyJobName]: job };
  if (!w.indexed) return generatedPods(w, `${job}-`, count, labels);
  const names = new NameGenerator();
  return Array.from({ length: count }, (_, index) => {
    const suffix = `-${index}-`;
    // The job name is cut, not the index, when the prefix would exceed 58 characters.
    const cut = `${job}${suffix}`.length > MAX_GENERATED_PREFIX;
    const prefix = (cut ? job.slice(0, MAX_GENERATED_PREFIX - suffix.length) : job) + suffix;
    return {
      name: names.generate(prefix, `${w.meta.namespace}/${prefix}`),
      hostname: `${job}-${index}`,
      labels: { ...labels, [LABELS.jobCompletionIndex]: String(index) },
      annotations: { [LABELS.jobCompletionIndex]: String(index) },
    };
  });
}

/** A copy of the template with the controller's identity applied. */
function podFrom(w: Workload, id: Identity): Pod {
  const pod = structuredClone(w.template);
  pod.meta.name = id.name;
  pod.meta.namespace = w.meta.namespace;
  pod.meta.labels = { ...pod.meta.labels, ...id.labels };
  pod.meta.annotations = { ...pod.meta.annotations, ...id.annotations };
  if (w.meta.source) pod.meta.source = { ...w.meta.source };
  pod.owner = { kind: w.kind, name: w.meta.name };
  if (id.hostname !== undefined) pod.hostname = id.hostname;
  if (id.subdomain === null) delete pod.subdomain;
  else if (id.subdomain !== undefined) pod.subdomain = id.subdomain;
  const assumed = new Set(pod.assumed).add('object');
  if (id.nodeName !== undefined) {
    pod.nodeName = id.nodeName;
    assumed.delete('node');
  }
  pod.assumed = [...assumed];
  return pod;
}

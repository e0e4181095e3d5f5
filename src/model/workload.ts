/**
 * Workloads as users name them. Each one records the pods its controller would create, so tools
 * can group by workload (`shop/frontend[Deployment]`) and lint can check StatefulSet wiring.
 */
import type { ObjectMeta, OwnerRef } from './meta.js';
import type { Pod } from './pod.js';
import type { LabelSelector } from './selector.js';

export type WorkloadKind =
  | 'Deployment'
  | 'ReplicaSet'
  | 'ReplicationController'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'Job'
  | 'CronJob';

export interface Workload {
  kind: WorkloadKind;
  meta: ObjectMeta;
  /**
   * The workload's own controller owner (a ReplicaSet of a Deployment, a Job of a CronJob), from
   * `metadata.ownerReferences`. Such workloads are expanded by their owner, not on their own.
   */
  ownedBy?: OwnerRef;
  /** Requested replicas (@default 1); DaemonSets: one per node, decided when nodes are known. */
  replicas: number;
  selector: LabelSelector;
  /** Labels of the pod template. */
  templateLabels: Record<string, string>;
  /** StatefulSet `spec.serviceName`. */
  serviceName?: string;
  /** StatefulSet `spec.podManagementPolicy`. */
  podManagementPolicy?: string;
  /** Job: `completionMode: Indexed`; pods get `<job>-<index>` hostnames. */
  indexed?: boolean;
  /**
   * Job `spec.parallelism` and `spec.completions` (@default 1 each when both are unset; with only
   * parallelism set, completions stays unset: a work queue). CronJob: of its job template.
   */
  parallelism?: number;
  completions?: number;
  /** Job or CronJob `spec.suspend` (or the job template's): no pods are created. */
  suspended?: boolean;
  /** StatefulSet `spec.ordinals.start` (@default 0). */
  ordinalsStart?: number;
  /**
   * The pod template converted once: meta holds the template's labels and annotations (name empty,
   * namespace the workload's), status fields hold what simulated pods assume (Running, Ready).
   */
  template: Pod;
  /** Names of the pods generated for it (keys `namespace/name`), filled on expansion. */
  podNames: string[];
}

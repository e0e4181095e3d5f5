/**
 * Workloads as users name them. Each one records the pods its controller would create, so tools
 * can group by workload (`shop/frontend[Deployment]`) and lint can check StatefulSet wiring.
 */
import type { ObjectMeta } from './meta.js';
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
  /** Job `spec.parallelism` and `spec.completions` (@default 1 each); CronJob: of its job template. */
  parallelism?: number;
  completions?: number;
  /** StatefulSet `spec.ordinals.start` (@default 0). */
  ordinalsStart?: number;
  /**
   * The pod template converted once: meta holds the template's labels and annotations (name empty,
   * namespace the workload's), status fields hold what simulated pods assume (Running, Ready).
   */
  template: Pod;
}

/**
 * Object identity and provenance shared by every kreach object: where it came from (file, line,
 * column) and whether kreach assumed parts of it (simulated pods, synthetic nodes, allocated IPs).
 */

/** A position in the user's input; `line` and `col` are 1-based. */
export interface SourceRef {
  /** Path as the user gave it, or `<stdin>`. */
  file: string;
  /** Index of the YAML/JSON document inside the file (0-based). */
  docIndex: number;
  line: number;
  col: number;
}

/** The wire-spelled protocols of Service and container ports. */
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** Object metadata reduced to what networking needs. */
export interface ObjectMeta {
  name: string;
  /** Empty for cluster-scoped objects (Node, Namespace). */
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  uid?: string;
  /** Set when the object is being deleted (pods: their endpoints turn `terminating`). */
  deletionTimestamp?: string;
  /** Where the object (or the workload that produced it) was written. */
  source?: SourceRef;
}

/** `namespace/name`, the key every index uses. */
export function keyOf(meta: { namespace: string; name: string }): string {
  return meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;
}

/** A workload that owns a pod, as users name it (`shop/frontend[Deployment]`). */
export interface OwnerRef {
  kind: string;
  name: string;
}

/** Workload → the pods its controller would create. OWNED BY A HELPER: stub until implemented. */
import type { Pod, Workload } from '../model/index.js';

/**
 * The pods `workload` would own. `nodeNames` (sorted) are the nodes DaemonSets cover. Generated pods
 * have no IPs and no node: the cluster assigns both.
 */
export function expandWorkload(_workload: Workload, _nodeNames: readonly string[]): Pod[] {
  throw new Error('not implemented');
}

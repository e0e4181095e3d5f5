/**
 * How `trace` and `dns resolve` name their client pod: the way `connectivity` names an end (`pod`,
 * `ns/pod`, `kind/name`, `ns/kind/name` with kubectl's kind names, or a pod's IP address), so one
 * name works in every command. A workload stands for its first pod: its pods share the spec, so
 * they share the search path and the policies that select them.
 */
import type { Cluster } from '../cluster/cluster.js';
import { resolveEnd } from '../connectivity/endpoints.js';
import type { Pod } from '../model/index.js';
import { UsageError } from './exit-codes.js';

/** The pod `text` names; `namespace` applies when the text names none. Throws UsageError. */
export function findPod(cluster: Cluster, text: string, namespace: string): Pod {
  const resolved = resolveEnd(cluster, text, namespace);
  if (!resolved.ok) throw new UsageError(resolved.message);
  const { end } = resolved;
  if (end.kind === 'address') throw new UsageError(`${end.ip} is not the address of a pod in the input; name a pod (ns/pod) or a workload (ns/kind/name)`);
  const pod = end.pods[0];
  if (!pod) throw new UsageError(`${end.label} has no pods`);
  return pod;
}

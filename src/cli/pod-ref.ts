/**
 * How commands name a pod the way users think of it: `pod`, `ns/pod`, `kind/name` or
 * `ns/kind/name` for a workload (its first pod stands for all of them), with kubectl's short kind
 * names. Unknown names get a usage error that lists close matches.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { Pod } from '../model/index.js';
import { UsageError } from './exit-codes.js';

const KIND_ALIASES: Record<string, string> = {
  pod: 'Pod', pods: 'Pod', po: 'Pod',
  deployment: 'Deployment', deployments: 'Deployment', deploy: 'Deployment',
  statefulset: 'StatefulSet', statefulsets: 'StatefulSet', sts: 'StatefulSet',
  daemonset: 'DaemonSet', daemonsets: 'DaemonSet', ds: 'DaemonSet',
  replicaset: 'ReplicaSet', replicasets: 'ReplicaSet', rs: 'ReplicaSet',
  replicationcontroller: 'ReplicationController', rc: 'ReplicationController',
  job: 'Job', jobs: 'Job',
  cronjob: 'CronJob', cronjobs: 'CronJob', cj: 'CronJob',
};

/** The pod `text` names; `namespace` applies when the text names none. Throws UsageError. */
export function findPod(cluster: Cluster, text: string, namespace: string): Pod {
  const parts = text.split('/');
  let ns = namespace;
  let kind = 'Pod';
  let name: string;
  if (parts.length === 1) name = parts[0] ?? '';
  else if (parts.length === 2 && KIND_ALIASES[(parts[0] ?? '').toLowerCase()]) {
    kind = KIND_ALIASES[(parts[0] ?? '').toLowerCase()] ?? 'Pod';
    name = parts[1] ?? '';
  } else if (parts.length === 2) [ns, name] = [parts[0] ?? '', parts[1] ?? ''];
  else if (parts.length === 3 && KIND_ALIASES[(parts[1] ?? '').toLowerCase()]) {
    [ns, kind, name] = [parts[0] ?? '', KIND_ALIASES[(parts[1] ?? '').toLowerCase()] ?? 'Pod', parts[2] ?? ''];
  } else throw new UsageError(`cannot read "${text}": use pod, ns/pod, kind/name or ns/kind/name (e.g. deploy/app)`);

  const pods = cluster.pods(ns);
  const found =
    kind === 'Pod'
      ? pods.find((p) => p.meta.name === name)
      : pods.find((p) => p.owner?.kind === kind && p.owner.name === name);
  if (found) return found;
  const candidates = [...new Set(pods.map((p) => (p.owner ? `${ns}/${p.owner.kind.toLowerCase()}/${p.owner.name}` : `${ns}/${p.meta.name}`)))];
  const close = candidates.filter((c) => c.includes(name) || name.includes(c.split('/').pop() ?? '\0')).slice(0, 5);
  const hint = close.length > 0 ? `; did you mean ${close.join(', ')}?` : candidates.length > 0 ? `; ${ns} has ${candidates.slice(0, 5).join(', ')}` : `; namespace ${ns} has no pods`;
  throw new UsageError(`no ${kind === 'Pod' ? 'pod' : kind} "${name}" in namespace ${ns}${hint}`);
}

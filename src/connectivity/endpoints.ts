/**
 * The two ends of a single connectivity question, as the user names them: `ns/pod`,
 * `ns/kind/name` for a workload (kubectl's kind names and short names: `deploy`, `sts`, `ds`, `rs`,
 * `job`, `cronjob`, `rc`, `pod`), `kind/name` or a bare pod name in the default namespace, or an IP
 * address. An address that belongs to exactly one pod (not hostNetwork) means that pod, because
 * that is what the address reaches; any other address is outside the cluster.
 *
 * A name that does not resolve is an answer, not an exception: the message lists close matches.
 */
import type { Cluster } from '../cluster/cluster.js';
import { normalizeIp } from '../cluster/ip.js';
import { keyOf, type Pod, type WorkloadKind } from '../model/index.js';
import { closeMatches } from './close-matches.js';

/** An end of the question: some pods of the cluster, or an address outside it. */
export type QuestionEnd =
  | { kind: 'pods'; label: string; pods: Pod[]; ip?: string }
  | { kind: 'address'; label: string; ip: string };

export type Resolved = { ok: true; end: QuestionEnd } | { ok: false; message: string };

type Kind = WorkloadKind | 'Pod';

/** kubectl's names for the kinds that own pods (`kubectl api-resources`). */
const KIND_NAMES: Record<string, Kind> = {};
for (const [kind, names] of [
  ['Deployment', 'deployment deployments deploy'],
  ['StatefulSet', 'statefulset statefulsets sts'],
  ['DaemonSet', 'daemonset daemonsets ds'],
  ['ReplicaSet', 'replicaset replicasets rs'],
  ['ReplicationController', 'replicationcontroller replicationcontrollers rc'],
  ['Job', 'job jobs'],
  ['CronJob', 'cronjob cronjobs cj'],
  ['Pod', 'pod pods po'],
] as const) {
  for (const name of names.split(' ')) KIND_NAMES[name] = kind;
}

const KIND_HELP = 'deployment (deploy), statefulset (sts), daemonset (ds), replicaset (rs), replicationcontroller (rc), job, cronjob (cj) or pod (po)';

/** Resolve `text`; `namespace` is used when the text names none. */
export function resolveEnd(cluster: Cluster, text: string, namespace: string): Resolved {
  const ip = normalizeIp(text);
  if (ip !== undefined) return { ok: true, end: addressEnd(cluster, ip) };
  const parts = text.split('/');
  if (parts.some((p) => p === '') || parts.length > 3) {
    return { ok: false, message: `"${text}" is not a pod (ns/pod), a workload (ns/kind/name) or an IP address` };
  }
  if (parts.length === 3) return byKind(cluster, text, parts[0] as string, parts[1] as string, parts[2] as string);
  if (parts.length === 2) {
    const [first, second] = parts as [string, string];
    const pod = cluster.pod(first, second);
    if (pod) return { ok: true, end: podEnd(pod) };
    if (KIND_NAMES[first.toLowerCase()]) return byKind(cluster, text, namespace, first, second);
    return notFound(cluster, `pod "${text}" not found`, text);
  }
  const pod = cluster.pod(namespace, text);
  return pod ? { ok: true, end: podEnd(pod) } : notFound(cluster, `pod "${namespace}/${text}" not found`, `${namespace}/${text}`);
}

function byKind(cluster: Cluster, text: string, namespace: string, kindText: string, name: string): Resolved {
  const kind = KIND_NAMES[kindText.toLowerCase()];
  if (!kind) {
    return { ok: false, message: `unknown kind "${kindText}" in "${text}": use ${KIND_HELP}` };
  }
  const query = `${namespace}/${kind.toLowerCase()}/${name}`;
  if (kind === 'Pod') {
    const pod = cluster.pod(namespace, name);
    return pod ? { ok: true, end: podEnd(pod) } : notFound(cluster, `pod "${namespace}/${name}" not found`, query);
  }
  // A ReplicaSet of a Deployment or a Job of a CronJob: its pods are filed under the top owner.
  let owner = { kind: kind as string, name };
  const workloads = cluster.workloads(namespace);
  for (let hops = 0; hops < 3; hops++) {
    const w = workloads.find((x) => x.kind === owner.kind && x.meta.name === owner.name);
    if (!w?.ownedBy) break;
    owner = { kind: w.ownedBy.kind, name: w.ownedBy.name };
  }
  const pods = cluster.pods(namespace).filter((p) => p.owner?.kind === owner.kind && p.owner.name === owner.name);
  const label = `${namespace}/${name}[${kind}]`;
  if (pods.length > 0) return { ok: true, end: { kind: 'pods', label, pods } };
  if (workloads.some((w) => w.kind === kind && w.meta.name === name)) {
    return { ok: false, message: `${label} has no pods (no replicas, suspended, or none could be created)` };
  }
  return notFound(cluster, `${kind} "${namespace}/${name}" not found`, query);
}

function podEnd(pod: Pod): QuestionEnd {
  return { kind: 'pods', label: `${keyOf(pod.meta)}[Pod]`, pods: [pod] };
}

function addressEnd(cluster: Cluster, ip: string): QuestionEnd {
  const owners = cluster.pods().filter((p) => !p.hostNetwork && p.podIPs.includes(ip));
  const pod = owners[0];
  if (owners.length === 1 && pod) return { kind: 'pods', label: `${keyOf(pod.meta)}[Pod]`, pods: [pod], ip };
  return { kind: 'address', label: `${ip}[External]`, ip };
}

function notFound(cluster: Cluster, message: string, query: string): Resolved {
  const matches = closeMatches(query, candidates(cluster));
  const hint = matches.length > 0 ? `; close matches: ${matches.join(', ')}` : '; no pod or workload has a similar name';
  return { ok: false, message: `${message}${hint}` };
}

/** Every name an end can take: pods as `ns/pod`, workloads as `ns/kind/name`. */
function candidates(cluster: Cluster): string[] {
  const out = new Set<string>();
  for (const pod of cluster.pods()) {
    out.add(keyOf(pod.meta));
    if (pod.owner) out.add(`${pod.meta.namespace}/${pod.owner.kind.toLowerCase()}/${pod.owner.name}`);
  }
  for (const w of cluster.workloads()) out.add(`${w.meta.namespace}/${w.kind.toLowerCase()}/${w.meta.name}`);
  return [...out];
}

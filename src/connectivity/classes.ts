/**
 * Pods grouped into equivalence classes: pods that no NetworkPolicy can tell apart get the same
 * verdict towards every peer, so the matrix evaluates one pod per class (netpol.md §6: "group pods
 * into equivalence classes"). Two pods are alike for every policy when they share:
 *
 * - the namespace: `spec.podSelector` and bare podSelector peers are namespace-bound (§2.2, §2.6),
 *   and namespaceSelectors judge the namespace's labels;
 * - the values (or absence) of the label keys that some pod selector mentions: a selector reads
 *   nothing else (§2.6);
 * - the numbers their named ports resolve to, for the names policies use (§2.7);
 * - the address segments of their IPs, because ipBlocks match pod addresses (§1 takeaway 4);
 * - `hostNetwork`, which makes every connection of the pod undefined (§2.9).
 *
 * So replicas of one workload normally fall into one class, and so do unrelated pods of a
 * namespace that no policy distinguishes.
 */
import { findPort } from '../cluster/find-port.js';
import type { LabelSelector, NetworkPolicy, Pod, Protocol } from '../model/index.js';
import type { IpSegments } from './ip-segments.js';

/** Pods alike for every policy; `rep` stands for all of them in evaluation. */
export interface PodClass {
  id: number;
  namespace: string;
  /** Members in the order they were given. */
  pods: Pod[];
  rep: Pod;
  hostNetwork: boolean;
  /** Classes with the same number resolve every named port that policies use to the same numbers. */
  namedPorts: number;
  /** The address segments of its pods' IPs (indices into `IpSegments.segments`), sorted. */
  segments: number[];
}

/** What policies can look at on a pod: the label keys of pod selectors and the named ports. */
export interface PolicyVocabulary {
  labelKeys: string[];
  portNames: Array<{ name: string; protocol: Protocol }>;
}

/** Every label key some pod selector mentions, and every (port name, protocol) some rule uses. */
export function policyVocabulary(policies: readonly NetworkPolicy[]): PolicyVocabulary {
  const keys = new Set<string>();
  const names = new Map<string, { name: string; protocol: Protocol }>();
  const addKeys = (s: LabelSelector | undefined) => {
    if (!s) return;
    for (const key of Object.keys(s.matchLabels)) keys.add(key);
    for (const req of s.matchExpressions) keys.add(req.key);
  };
  for (const policy of policies) {
    addKeys(policy.podSelector);
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers ?? []) addKeys(peer.podSelector);
      for (const port of rule.ports ?? []) {
        if (typeof port.port === 'string') names.set(`${port.protocol}/${port.port}`, { name: port.port, protocol: port.protocol });
      }
    }
  }
  return { labelKeys: [...keys].sort(), portNames: [...names.values()] };
}

/** The classes of `pods` and the class of each pod. */
export interface PodClasses {
  classes: PodClass[];
  classOf: Map<Pod, number>;
}

/** Group `pods` into classes (first-seen order); cost is linear in pods times the vocabulary. */
export function podClasses(pods: readonly Pod[], vocabulary: PolicyVocabulary, segments: IpSegments): PodClasses {
  const classes: PodClass[] = [];
  const classOf = new Map<Pod, number>();
  const byKey = new Map<string, PodClass>();
  const namedPortIds = new Map<string, number>();
  for (const pod of pods) {
    const ports = namedPortKey(pod, vocabulary);
    let namedPorts = namedPortIds.get(ports);
    if (namedPorts === undefined) namedPortIds.set(ports, (namedPorts = namedPortIds.size));
    const ipSegments = segments.indicesOf(pod.podIPs);
    const key = [pod.meta.namespace, labelKey(pod, vocabulary), namedPorts, ipSegments.join(','), pod.hostNetwork ? 'h' : ''].join('\x01');
    let cls = byKey.get(key);
    if (!cls) {
      cls = { id: classes.length, namespace: pod.meta.namespace, pods: [], rep: pod, hostNetwork: pod.hostNetwork, namedPorts, segments: ipSegments };
      classes.push(cls);
      byKey.set(key, cls);
    }
    cls.pods.push(pod);
    classOf.set(pod, cls.id);
  }
  return { classes, classOf };
}

/** The pod's values of the mentioned keys; `\x02` marks an absent key (absent differs from empty). */
function labelKey(pod: Pod, vocabulary: PolicyVocabulary): string {
  const labels = pod.meta.labels;
  return vocabulary.labelKeys.map((k) => (Object.hasOwn(labels, k) ? labels[k] : '\x02')).join('\x00');
}

/** The numbers the used port names resolve to on the pod (empty where the pod does not declare one). */
function namedPortKey(pod: Pod, vocabulary: PolicyVocabulary): string {
  return vocabulary.portNames.map(({ name, protocol }) => findPort(pod, name, protocol) ?? '').join(',');
}

/**
 * Which running pods a selector picks in a namespace, asked once per (namespace, selector) for a
 * cluster. NetworkPolicy rules ask it for every policy and every peer: with 10,000 policies over
 * namespaces of 3,000 pods, scanning the namespace each time dominated `kreach lint`. A selector
 * with `matchLabels` starts from the store's label index (pods carrying each pair) and checks only
 * those; one without scans the namespace once and keeps the answer. Answers keep the order of
 * `cluster.pods(namespace)` (by name), so findings that list pods read as before. The memo belongs
 * to one cluster and is dropped at its store's first change (cluster-memo.ts).
 */
import type { Cluster } from '../cluster/cluster.js';
import { isTerminal, keyOf, type LabelSelector, type Pod } from '../model/index.js';
import { matchesSelector } from '../model/labels.js';
import { perCluster } from './cluster-memo.js';
import { inputCovers } from './pod-groups.js';

export class PodSelection {
  /** Namespace → its running (non-terminal) pods, by name. */
  private readonly running = new Map<string, readonly Pod[]>();
  /** `namespace\0selector` → running pods of the namespace the selector matches. */
  private readonly matched = new Map<string, readonly Pod[]>();
  /** Namespace → `inputCovers`. */
  private readonly covered = new Map<string, boolean>();

  constructor(private readonly cluster: Cluster) {}

  /** Running pods of `namespace`, by name. Shared: do not change. */
  runningPods(namespace: string): readonly Pod[] {
    let pods = this.running.get(namespace);
    if (!pods) {
      pods = this.cluster.pods(namespace).filter((p) => !isTerminal(p));
      this.running.set(namespace, pods);
    }
    return pods;
  }

  /** Running pods of `namespace` that `selector` matches (hostNetwork ones included), by name. Shared: do not change. */
  matching(namespace: string, selector: LabelSelector): readonly Pod[] {
    const key = `${namespace}\0${JSON.stringify(selector.matchLabels)}\0${JSON.stringify(selector.matchExpressions)}`;
    let pods = this.matched.get(key);
    if (!pods) {
      pods = this.select(namespace, selector);
      this.matched.set(key, pods);
    }
    return pods;
  }

  /** `inputCovers(cluster, namespace)`, remembered. */
  covers(namespace: string): boolean {
    let hit = this.covered.get(namespace);
    if (hit === undefined) {
      hit = inputCovers(this.cluster, namespace);
      this.covered.set(namespace, hit);
    }
    return hit;
  }

  private select(namespace: string, selector: LabelSelector): Pod[] {
    if (Object.keys(selector.matchLabels).length === 0) {
      return this.runningPods(namespace).filter((p) => matchesSelector(selector, p.meta.labels));
    }
    // Pods carrying every matchLabels pair, from the store's index; then the expressions.
    const found = this.cluster.store.podsMatching(namespace, selector.matchLabels).filter((p) => !isTerminal(p) && matchesSelector(selector, p.meta.labels));
    return byName(found);
  }
}

/** The selection memo of `cluster`, made on first use and forgotten when its store changes. */
export const podSelection: (cluster: Cluster) => PodSelection = perCluster((cluster) => new PodSelection(cluster));

/** Sorted as `cluster.pods()` sorts: by `namespace/name`, each key computed once. */
function byName(pods: Pod[]): Pod[] {
  return pods
    .map((pod) => ({ pod, key: keyOf(pod.meta) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((entry) => entry.pod);
}

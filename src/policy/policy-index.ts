/**
 * Which policies select a pod, answered from per-namespace indexes and caches so one evaluation
 * costs a few map lookups even with thousands of policies (netpol.md §6: "precompute, per namespace,
 * the policies selecting each pod").
 *
 * - Policies are grouped by namespace, because `spec.podSelector` only selects pods of the policy's
 *   own namespace (§2.2). A namespace's group is built lazily and dropped when one of its policies
 *   changes.
 * - Inside a group, a policy whose podSelector has `matchLabels` is filed under one of its
 *   `key=value` pairs: a pod can only be selected by policies filed under one of its own labels, or
 *   by the few without `matchLabels` (`{}`, expressions only).
 * - The answer is cached per (namespace, label set): pods of one workload share it.
 * - namespaceSelector matches are cached per selector object and namespace, and forgotten when any
 *   Namespace changes.
 */
import type { LabelSelector, NetworkPolicy, Pod } from '../model/index.js';
import { keyOf } from '../model/index.js';
import { matchesSelector } from '../model/labels.js';
import { forgetIpBlock } from './match.js';
import type { Direction } from './types.js';

/** The policies selecting a pod for one direction, sorted by name, with their keys. */
export interface Selected {
  policies: readonly NetworkPolicy[];
  keys: readonly string[];
}

export interface Selection {
  ingress: Selected;
  egress: Selected;
}

interface NamespaceGroup {
  /** `key\0value` → policies whose podSelector requires that label. */
  byLabel: Map<string, NetworkPolicy[]>;
  /** Policies without matchLabels: checked against every pod. */
  scan: NetworkPolicy[];
  /** Label-set key → selection. */
  selections: Map<string, Selection>;
}

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export class PolicyIndex {
  private readonly groups = new Map<string, NamespaceGroup>();
  /** Canonical text of a label map, by map identity. */
  private labelKeys = new WeakMap<Record<string, string>, string>();
  /** namespaceSelector → namespace name → matches. */
  private nsMatches = new WeakMap<LabelSelector, Map<string, boolean>>();

  constructor(
    private readonly listPolicies: (namespace: string) => NetworkPolicy[],
    private readonly namespaceLabels: (namespace: string) => Record<string, string> | undefined,
  ) {}

  /** The policies of the pod's namespace selecting it, per direction (§2.2, §2.4). */
  selecting(pod: Pod): Selection {
    const group = this.group(pod.meta.namespace);
    const key = this.labelKey(pod.meta.labels);
    let selection = group.selections.get(key);
    if (!selection) {
      selection = select(group, pod.meta.labels);
      group.selections.set(key, selection);
    }
    return selection;
  }

  selected(pod: Pod, direction: Direction): Selected {
    return this.selecting(pod)[direction];
  }

  /** Do the labels of namespace `ns` match `selector`? */
  readonly namespaceMatches = (selector: LabelSelector, ns: string): boolean => {
    let byNs = this.nsMatches.get(selector);
    if (!byNs) this.nsMatches.set(selector, (byNs = new Map()));
    let hit = byNs.get(ns);
    if (hit === undefined) {
      // A namespace missing from the store still carries its name label (§2.6: offline tools add it).
      const labels = this.namespaceLabels(ns) ?? { [NAMESPACE_NAME_LABEL]: ns };
      hit = matchesSelector(selector, labels);
      byNs.set(ns, hit);
    }
    return hit;
  };

  /**
   * A policy was added, changed or removed: drop its namespace's group, and the cached results of
   * its own selectors and ipBlocks in case the object was edited in place.
   */
  forgetPolicy(policy: NetworkPolicy): void {
    this.groups.delete(policy.meta.namespace);
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers ?? []) {
        if (peer.namespaceSelector) this.nsMatches.delete(peer.namespaceSelector);
        if (peer.ipBlock) forgetIpBlock(peer.ipBlock);
      }
    }
  }

  /** Some Namespace changed its labels, or appeared or went away. */
  invalidateNamespaces(): void {
    this.nsMatches = new WeakMap();
  }

  /** A pod changed; its label map may have been edited in place. */
  forgetLabels(labels: Record<string, string>): void {
    this.labelKeys.delete(labels);
  }

  private group(namespace: string): NamespaceGroup {
    let group = this.groups.get(namespace);
    if (!group) {
      group = buildGroup(this.listPolicies(namespace));
      this.groups.set(namespace, group);
    }
    return group;
  }

  private labelKey(labels: Record<string, string>): string {
    let key = this.labelKeys.get(labels);
    if (key === undefined) {
      key = Object.keys(labels)
        .sort()
        .map((k) => `${k}\0${labels[k]}`)
        .join('\x01');
      this.labelKeys.set(labels, key);
    }
    return key;
  }
}

function buildGroup(policies: NetworkPolicy[]): NamespaceGroup {
  const group: NamespaceGroup = { byLabel: new Map(), scan: [], selections: new Map() };
  for (const policy of policies) {
    const first = Object.entries(policy.podSelector.matchLabels)[0];
    if (!first) {
      group.scan.push(policy);
      continue;
    }
    const key = `${first[0]}\0${first[1]}`;
    const bucket = group.byLabel.get(key);
    if (bucket) bucket.push(policy);
    else group.byLabel.set(key, [policy]);
  }
  return group;
}

function select(group: NamespaceGroup, labels: Record<string, string>): Selection {
  const hits = group.scan.filter((p) => matchesSelector(p.podSelector, labels));
  for (const [k, v] of Object.entries(labels)) {
    for (const policy of group.byLabel.get(`${k}\0${v}`) ?? []) {
      if (matchesSelector(policy.podSelector, labels)) hits.push(policy);
    }
  }
  hits.sort((a, b) => (a.meta.name < b.meta.name ? -1 : a.meta.name > b.meta.name ? 1 : 0));
  // Isolation for a direction comes from a selecting policy with that type (§2.3, §2.4);
  // policyTypes are already defaulted by the converter.
  return { ingress: selected(hits.filter((p) => p.policyTypes.includes('Ingress'))), egress: selected(hits.filter((p) => p.policyTypes.includes('Egress'))) };
}

function selected(policies: NetworkPolicy[]): Selected {
  return { policies, keys: policies.map((p) => keyOf(p.meta)) };
}

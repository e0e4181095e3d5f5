/**
 * What a NetworkPolicy's selectors pick out of the cluster, for rules that ask "does this select
 * anything?" and "which pods does this rule send to?" rather than "is this one connection allowed?"
 * (that is the PolicyEngine's question). Semantics per netpol.md §2.2 and §2.6: `spec.podSelector`
 * and a peer's lone podSelector see the policy's own namespace; a namespaceSelector chooses
 * namespaces by their labels (`{}`: all), and a podSelector beside it narrows to pods there.
 * hostNetwork pods are node traffic to peers (§2.9) and never match a selector.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { LabelSelector, Namespace, NetworkPolicy, Pod, PolicyPeer, PolicyRule } from '../model/index.js';
import { emptySelector, formatSelector, matchesSelector } from '../model/labels.js';
import { podSelection } from './pod-selection.js';
import type { FieldPath } from './types.js';

export type Direction = 'ingress' | 'egress';

/** One rule of a policy, with its direction and where it sits in the document. */
export interface RuleRef {
  direction: Direction;
  index: number;
  rule: PolicyRule;
  /** `['spec', 'ingress', 0]`. */
  path: FieldPath;
  /** `from` for ingress rules, `to` for egress rules. */
  peersField: 'from' | 'to';
}

/** The rules in effect: those of each direction listed in the (defaulted) policyTypes. */
export function effectiveRules(policy: NetworkPolicy): RuleRef[] {
  const out: RuleRef[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    if (!policy.policyTypes.includes(direction === 'ingress' ? 'Ingress' : 'Egress')) continue;
    policy[direction].forEach((rule, index) => {
      out.push({ direction, index, rule, path: ['spec', direction, index], peersField: direction === 'ingress' ? 'from' : 'to' });
    });
  }
  return out;
}

/** Running pods of the policy's namespace that its podSelector selects, by name. Shared: do not change. */
export function policyPods(cluster: Cluster, policy: NetworkPolicy): readonly Pod[] {
  return podSelection(cluster).matching(policy.meta.namespace, policy.podSelector);
}

/** The namespaces a peer covers; undefined for an ipBlock peer. */
export function peerNamespaces(cluster: Cluster, policyNs: string, peer: PolicyPeer): Namespace[] | undefined {
  if (peer.ipBlock) return undefined;
  if (peer.namespaceSelector) {
    const selector = peer.namespaceSelector;
    return cluster.namespaces().filter((ns) => matchesSelector(selector, ns.meta.labels));
  }
  const own = cluster.store.namespaces.get('', policyNs);
  return own ? [own] : [];
}

/** Running, non-hostNetwork pods a selector peer matches; undefined for an ipBlock peer. */
export function peerPods(cluster: Cluster, policyNs: string, peer: PolicyPeer): Pod[] | undefined {
  const namespaces = peerNamespaces(cluster, policyNs, peer);
  if (!namespaces) return undefined;
  const selection = podSelection(cluster);
  const selector = peer.podSelector ?? EVERYTHING;
  return namespaces.flatMap((ns) => selection.matching(ns.meta.name, selector).filter((p) => !p.hostNetwork));
}

const EVERYTHING = emptySelector();

/**
 * The pods an egress rule sends to, when its peers are all selectors; undefined when the rule
 * covers every destination (no peers) or addresses (ipBlock), where no pod set describes it.
 */
export function egressDestinations(cluster: Cluster, policy: NetworkPolicy, rule: PolicyRule): Pod[] | undefined {
  if (!rule.peers || rule.peers.length === 0) return undefined;
  const out = new Set<Pod>();
  for (const peer of rule.peers) {
    const pods = peerPods(cluster, policy.meta.namespace, peer);
    if (!pods) return undefined;
    for (const pod of pods) out.add(pod);
  }
  return [...out];
}

/** `app=web,tier in (a,b)`, or `{}` for the empty selector. */
export function selectorText(selector: LabelSelector): string {
  return formatSelector(selector) || '{}';
}

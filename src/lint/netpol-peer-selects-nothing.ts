/**
 * netpol-peer-selects-nothing: a `from`/`to` peer whose selectors match nothing, so that part of
 * the rule admits nothing. A namespaceSelector is judged against the namespaces of the input
 * (declared or referenced; each carries `kubernetes.io/metadata.name`, which Kubernetes sets); the
 * common slip of selecting `name: kube-system`, a label no namespace has by default, gets a hint.
 * Where the chosen namespaces hold no pod of the input at all, the input simply does not cover
 * them: that is an info, not a warning.
 */
import type { Cluster } from '../cluster/cluster.js';
import { keyOf, type NetworkPolicy, type PolicyPeer } from '../model/index.js';
import { matchesSelector } from '../model/labels.js';
import { NETPOL_PEER as M } from './netpol-messages.js';
import { effectiveRules, peerNamespaces, selectorText, type RuleRef } from './netpol-peers.js';
import { customResources, idleWorkloads, isSimulatedInfrastructure } from './pod-groups.js';
import { podSelection } from './pod-selection.js';
import type { LintRule, RuleFinding } from './types.js';

const NAME_LABEL = 'kubernetes.io/metadata.name';

export const netpolPeerSelectsNothing: LintRule = {
  id: 'netpol-peer-selects-nothing',
  severity: 'warning',
  summary: 'a NetworkPolicy peer whose namespaceSelector or podSelector matches nothing: that peer admits nothing',
  check({ cluster }) {
    const out: RuleFinding[] = [];
    for (const policy of cluster.networkPolicies()) {
      if (isSimulatedInfrastructure(policy.meta.source?.file)) continue;
      for (const ref of effectiveRules(policy)) {
        ref.rule.peers?.forEach((peer, j) => {
          const finding = checkPeer(cluster, policy, ref, peer, j);
          if (finding) out.push({ subject: { kind: 'NetworkPolicy', meta: policy.meta }, path: [...ref.path, ref.peersField, j], ...finding });
        });
      }
    }
    return out;
  },
};

type PeerFinding = Pick<RuleFinding, 'message' | 'fix' | 'severity'>;

function checkPeer(cluster: Cluster, policy: NetworkPolicy, ref: RuleRef, peer: PolicyPeer, j: number): PeerFinding | undefined {
  const namespaces = peerNamespaces(cluster, policy.meta.namespace, peer);
  if (!namespaces) return undefined;
  const name = keyOf(policy.meta);
  const where = M.where(ref.direction, ref.index, ref.peersField, j);
  if (peer.namespaceSelector && namespaces.length === 0) {
    const selector = peer.namespaceSelector;
    const named = selector.matchLabels[NAME_LABEL];
    if (named !== undefined && Object.keys(selector.matchLabels).length === 1 && selector.matchExpressions.length === 0) {
      return { message: M.notInInput(name, where, named), fix: M.notInInputFix(named), severity: 'info' };
    }
    const known = cluster.namespaces().map((ns) => ns.meta.name);
    const hint = nameHint(selector.matchLabels, known);
    // Custom namespace labels may well be set outside the manifests; a label spelling a known
    // namespace's name is the classic slip (`name: kube-system`) and worth a warning.
    if (!hint) {
      return { message: M.noNamespace(name, where, selectorText(selector), known.join(', '), M.outsideInput), fix: M.outsideInputFix, severity: 'info' };
    }
    return { message: M.noNamespace(name, where, selectorText(selector), known.join(', '), hint), fix: M.fix };
  }
  const podSelector = peer.podSelector;
  if (!podSelector) return undefined;
  const nsText = namespaces.length === 1 ? `namespace ${namespaces[0]?.meta.name}` : `namespaces ${namespaces.map((n) => n.meta.name).join(', ')}`;
  const selection = podSelection(cluster);
  if (!namespaces.some((ns) => selection.covers(ns.meta.name))) {
    return { message: M.noPodsThere(name, where, nsText), fix: M.noPodsThereFix, severity: 'info' };
  }
  if (namespaces.some((ns) => selection.matching(ns.meta.name, podSelector).some((p) => !p.hostNetwork))) return undefined;
  const matches = (labels: Record<string, string>) => matchesSelector(podSelector, labels);
  if (namespaces.some((ns) => idleWorkloads(cluster, ns.meta.name, matches).length > 0)) return undefined;
  const resources = namespaces.flatMap((ns) => customResources(cluster, ns.meta.name));
  if (resources.length > 0) {
    return { message: M.customResources(name, where, selectorText(podSelector), resources.join(', ')), fix: M.noPodsThereFix, severity: 'info' };
  }
  return { message: M.noPod(name, where, selectorText(podSelector), nsText, ''), fix: M.fix };
}

/** `name: kube-system` where namespace kube-system exists: the label is not set by default. */
function nameHint(matchLabels: Record<string, string>, known: readonly string[]): string {
  for (const [key, value] of Object.entries(matchLabels)) {
    if (key !== NAME_LABEL && known.includes(value)) return M.nameLabelHint(value, key);
  }
  return '';
}

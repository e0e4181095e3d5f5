/**
 * netpol-selects-nothing: a NetworkPolicy whose `spec.podSelector` matches no pod of its namespace,
 * so it has no effect at all (netpol.md §2.2). The empty selector `{}` is a namespace-wide default
 * (deny-all and friends) that is meant to hold for future pods too, and is never reported; nor is a
 * selector matching a workload scaled to zero. Where the input runs no pod in the namespace, or
 * holds custom resources an operator turns into pods, the finding is an info: the input does not
 * show the pods the policy is meant for.
 */
import type { Cluster } from '../cluster/cluster.js';
import { keyOf } from '../model/index.js';
import { isEmptySelector, matchesSelector } from '../model/labels.js';
import { NETPOL_SELECTS_NOTHING as M } from './netpol-messages.js';
import { policyPods, selectorText } from './netpol-peers.js';
import { closestGroup, customResources, idleWorkloads, isSimulatedInfrastructure } from './pod-groups.js';
import { podSelection } from './pod-selection.js';
import type { LintRule, RuleFinding } from './types.js';

export const netpolSelectsNothing: LintRule = {
  id: 'netpol-selects-nothing',
  severity: 'warning',
  summary: 'a NetworkPolicy whose podSelector matches no pod in its namespace: it has no effect',
  check({ cluster }) {
    const out: RuleFinding[] = [];
    for (const policy of cluster.networkPolicies()) {
      if (isEmptySelector(policy.podSelector) || isSimulatedInfrastructure(policy.meta.source?.file)) continue;
      if (policyPods(cluster, policy).length > 0) continue;
      const ns = policy.meta.namespace;
      const matches = (labels: Record<string, string>) => matchesSelector(policy.podSelector, labels);
      if (idleWorkloads(cluster, ns, matches).length > 0) continue;
      const subject = { kind: 'NetworkPolicy', meta: policy.meta };
      const path = ['spec', 'podSelector'];
      const name = keyOf(policy.meta);
      const selector = selectorText(policy.podSelector);
      const resources = customResources(cluster, ns);
      if (resources.length > 0) {
        out.push({ subject, path, message: M.customResources(name, selector, resources.join(', ')), fix: M.uncertainFix, severity: 'info' });
      } else if (!podSelection(cluster).covers(ns)) {
        out.push({ subject, path, message: M.notCovered(name, selector, ns), fix: M.uncertainFix, severity: 'info' });
      } else {
        out.push({ subject, path, message: M.message(name, selector, ns, closestHint(cluster, ns, policy.podSelector.matchLabels)), fix: M.fix });
      }
    }
    return out;
  },
};

/** The workload of the namespace sharing the most matchLabels pairs with the selector. */
function closestHint(cluster: Cluster, ns: string, wanted: Record<string, string>): string {
  const closest = closestGroup(cluster, ns, wanted);
  return closest ? M.closest(closest.group, closest.differing) : '';
}

/**
 * netpol-uses-service-port: a policy port that is a Service's `port` while the pods behind that
 * Service receive its traffic on another `targetPort`. Policies are evaluated on the destination
 * pod's port after kube-proxy's DNAT (netpol.md §1 takeaway 2), so `ports: [{port: 80}]` in front of
 * a Service mapping 80 → 8080 admits nothing that comes through the Service (lint.md §3 item 7;
 * kubernetes/kubernetes#102286 for DNS 53 → 5353). Destinations are the policy's own pods for
 * ingress rules and the selector peers for egress rules; a rule whose destination pods declare the
 * port themselves, or that also allows the targetPort, is fine. Headless Services translate
 * nothing and are left out.
 */
import type { Cluster } from '../cluster/cluster.js';
import { findPort } from '../cluster/find-port.js';
import { isHeadless, keyOf, type NetworkPolicy, type Pod, type PolicyPort, type PolicyRule, type Service } from '../model/index.js';
import { matchesMap } from '../model/labels.js';
import { NETPOL_SERVICE_PORT as M } from './netpol-messages.js';
import { effectiveRules, egressDestinations, policyPods } from './netpol-peers.js';
import { groupPods, isSimulatedInfrastructure, podsOf, servingContainers } from './pod-groups.js';
import type { LintRule, RuleFinding } from './types.js';

export const netpolUsesServicePort: LintRule = {
  id: 'netpol-uses-service-port',
  severity: 'error',
  summary: "a NetworkPolicy port that is a Service's port, not the targetPort its pods receive: traffic through the Service is dropped",
  check({ cluster }) {
    const out: RuleFinding[] = [];
    const services = servicesByNamespace(cluster.services().filter((s) => s.type !== 'ExternalName' && !isHeadless(s) && s.selector && Object.keys(s.selector).length > 0));
    for (const policy of cluster.networkPolicies()) {
      if (isSimulatedInfrastructure(policy.meta.source?.file)) continue;
      for (const ref of effectiveRules(policy)) {
        const dst = ref.direction === 'ingress' ? policyPods(cluster, policy) : egressDestinations(cluster, policy, ref.rule);
        if (!dst || dst.length === 0) continue;
        ref.rule.ports?.forEach((entry, j) => {
          for (const finding of checkEntry(cluster, policy, ref.rule, entry, dst, services)) {
            out.push({
              subject: { kind: 'NetworkPolicy', meta: policy.meta },
              path: [...ref.path, 'ports', j],
              message: finding.message(M.where(ref.direction, ref.index, j)),
              fix: finding.fix,
            });
          }
        });
      }
    }
    return out;
  },
};

interface EntryFinding {
  message: (where: string) => string;
  fix: string;
}

/** The Services of each namespace, each with its place in the sorted list the check reports in. */
type ServicesByNamespace = Map<string, Array<{ svc: Service; order: number }>>;

function servicesByNamespace(services: readonly Service[]): ServicesByNamespace {
  const out: ServicesByNamespace = new Map();
  services.forEach((svc, order) => {
    const list = out.get(svc.meta.namespace);
    if (list) list.push({ svc, order });
    else out.set(svc.meta.namespace, [{ svc, order }]);
  });
  return out;
}

/**
 * Services that may front `dst` on `port`: those of the destinations' namespaces (a selector only
 * picks pods of its own namespace) that declare the port, in the order of the sorted Service list.
 */
function candidates(services: ServicesByNamespace, dst: readonly Pod[], port: number, protocol: PolicyPort['protocol']): Service[] {
  const found: Array<{ svc: Service; order: number }> = [];
  for (const ns of new Set(dst.map((pod) => pod.meta.namespace))) {
    for (const entry of services.get(ns) ?? []) {
      if (entry.svc.ports.some((sp) => sp.port === port && sp.protocol === protocol)) found.push(entry);
    }
  }
  return found.sort((a, b) => a.order - b.order).map((entry) => entry.svc);
}

function checkEntry(cluster: Cluster, policy: NetworkPolicy, rule: PolicyRule, entry: PolicyPort, dst: readonly Pod[], services: ServicesByNamespace): EntryFinding[] {
  const port = entry.port;
  if (typeof port !== 'number' || entry.endPort !== undefined) return [];
  // A pod declaring the port itself is a legitimate destination for it.
  if (dst.some((pod) => servingContainers(pod).some((c) => c.ports.some((p) => p.containerPort === port && p.protocol === entry.protocol)))) return [];
  const out: EntryFinding[] = [];
  for (const svc of candidates(services, dst, port, entry.protocol)) {
    const selector = svc.selector ?? {};
    const front = dst.filter((pod) => pod.meta.namespace === svc.meta.namespace && matchesMap(selector, pod.meta.labels));
    if (front.length === 0) continue;
    for (const sp of svc.ports) {
      if (sp.port !== port || sp.protocol !== entry.protocol) continue;
      const targets = new Set<number>();
      for (const pod of front) {
        const t = findPort(pod, sp.targetPort, sp.protocol);
        if (t !== undefined && t !== port && !allows(rule, pod, t, entry)) targets.add(t);
      }
      if (targets.size === 0) continue;
      const sorted = [...targets].sort((a, b) => a - b);
      const pods = groupPods(cluster, front).map(podsOf).join(', ');
      out.push({
        message: (where) => M.message(keyOf(policy.meta), where, entry.protocol, port, keyOf(svc.meta), pods, sorted),
        fix: M.fix(sorted, port, sp.targetPort),
      });
    }
  }
  return out;
}

/** Does any port entry of the rule admit `port` at `pod` (number, range or name)? */
function allows(rule: PolicyRule, pod: Pod, port: number, like: PolicyPort): boolean {
  return (rule.ports ?? []).some((e) => {
    if (e.protocol !== like.protocol) return false;
    if (e.port === undefined) return true;
    if (typeof e.port === 'number') return port >= e.port && port <= (e.endPort ?? e.port);
    return findPort(pod, e.port, e.protocol) === port;
  });
}

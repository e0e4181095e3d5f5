/**
 * netpol-blocks-dns: pods whose egress NetworkPolicies, taken together, do not let them reach the
 * cluster DNS. A pod selected by any policy with Egress in its policyTypes may only send what some
 * rule of those policies allows (netpol.md §2.4), and name lookups go to the kube-dns Service,
 * which kube-proxy translates to the CoreDNS pods (`kube-system`, `k8s-app=kube-dns`; simulated
 * when the input has none) on their targetPort. Policies see that translated destination
 * (netpol.md §1 takeaway 2), so the check is pod to DNS pod on the DNS pods' port, for UDP and TCP,
 * evaluated by the PolicyEngine (src/policy) with only the pod's egress side counting here.
 * Pods that do not use cluster DNS (`dnsPolicy: Default` or `None`) and hostNetwork pods (whose
 * policies are undefined, netpol.md §2.9) are skipped; pods whose policies allow no egress at all
 * (deny-all) get an info, since sending nothing is then the point.
 */
import type { Cluster } from '../cluster/cluster.js';
import { DNS_NAMESPACE, DNS_POD_LABELS, DNS_SERVICE_NAME } from '../cluster/cluster-dns.js';
import { findPort } from '../cluster/find-port.js';
import { isTerminal, keyOf, type NetworkPolicy, type Pod, type Protocol } from '../model/index.js';
import { matchesSelector } from '../model/labels.js';
import { PolicyEngine, podPeer } from '../policy/index.js';
import { NETPOL_DNS as M } from './netpol-messages.js';
import { selectorText } from './netpol-peers.js';
import { podOrigins, podsOf } from './pod-groups.js';
import type { LintRule, RuleFinding } from './types.js';

const PROTOCOLS: readonly Protocol[] = ['UDP', 'TCP'];
const DNS_PORT = 53;

export const netpolBlocksDns: LintRule = {
  id: 'netpol-blocks-dns',
  severity: 'error',
  summary: 'egress NetworkPolicies leave pods no way to the cluster DNS (UDP and TCP to the kube-dns pods): every lookup times out',
  check({ cluster }) {
    const dnsPods = cluster.store.podsMatching(DNS_NAMESPACE, DNS_POD_LABELS).filter((p) => !isTerminal(p) && !p.hostNetwork);
    if (dnsPods.length === 0) return [];
    const engine = new PolicyEngine(cluster);
    try {
      const out: RuleFinding[] = [];
      for (const group of podOrigins(cluster)) {
        const pod = group.pods.find((p) => !isTerminal(p));
        if (!pod || pod.hostNetwork || pod.dnsPolicy === 'Default' || pod.dnsPolicy === 'None') continue;
        const policies = engine.policiesSelecting(pod, 'egress');
        if (policies.length === 0) continue;
        const blocked: Protocol[] = [];
        const partial: Array<{ protocol: Protocol; reached: number }> = [];
        for (const protocol of PROTOCOLS) {
          const reached = dnsPods.filter((dns) => engine.evaluate(podPeer(pod), podPeer(dns), dnsPort(cluster, dns, protocol), protocol).egress.allowed === true);
          if (reached.length === 0) blocked.push(protocol);
          else if (reached.length < dnsPods.length) partial.push({ protocol, reached: reached.length });
        }
        const names = policies.map((p) => keyOf(p.meta));
        const port = portText(cluster, dnsPods[0] as Pod);
        if (blocked.length > 0 && policies.every((p) => p.egress.length === 0)) {
          // Deny-all egress: the pods are meant to send nothing, so DNS being blocked is by design.
          out.push({ subject: group.subject, message: M.denyAll(podsOf(group), names), fix: M.fix(port), severity: 'info' });
        } else if (blocked.length > 0) {
          const protocols = blocked.join(' and ');
          const dns = M.target(`${DNS_NAMESPACE}/${DNS_SERVICE_NAME}`, 'k8s-app=kube-dns');
          out.push({
            subject: group.subject,
            message: M.message(podsOf(group), protocols, names, dns, port, namespaceHint(cluster, policies)),
            fix: M.fix(port),
            severity: blocked.includes('UDP') ? 'error' : 'warning',
          });
        } else if (partial.length > 0) {
          const protocols = partial.map((p) => p.protocol).join(' and ');
          out.push({
            subject: group.subject,
            message: M.partial(podsOf(group), protocols, names, Math.min(...partial.map((p) => p.reached)), dnsPods.length),
            fix: M.fix(port),
            severity: 'warning',
          });
        }
      }
      return out;
    } finally {
      engine.close();
    }
  },
};

/** The port a DNS pod receives lookups on: the kube-dns Service's port 53 translated, else 53. */
function dnsPort(cluster: Cluster, dnsPod: Pod, protocol: Protocol): number {
  const svc = cluster.service(DNS_NAMESPACE, DNS_SERVICE_NAME);
  const port = svc?.ports.find((p) => p.port === DNS_PORT && p.protocol === protocol);
  return (port && findPort(dnsPod, port.targetPort, protocol)) ?? DNS_PORT;
}

/** `53`, or `53 (after the Service translates it: 5353)` where the DNS pods listen elsewhere. */
function portText(cluster: Cluster, dnsPod: Pod): string {
  const udp = dnsPort(cluster, dnsPod, 'UDP');
  return udp === DNS_PORT ? `${DNS_PORT}` : `${udp} (the kube-dns Service's port ${DNS_PORT} after translation)`;
}

/** A rule peer that looks meant for DNS but whose namespaceSelector misses kube-system. */
function namespaceHint(cluster: Cluster, policies: readonly NetworkPolicy[]): string {
  const labels = cluster.store.namespaces.get('', DNS_NAMESPACE)?.meta.labels ?? {};
  for (const policy of policies) {
    for (const rule of policy.egress) {
      const forDns = rule.ports?.some((p) => p.port === DNS_PORT || p.port === 'dns' || p.port === 'dns-tcp');
      for (const peer of rule.peers ?? []) {
        const dnsPeer = forDns || peer.podSelector?.matchLabels['k8s-app'] === DNS_POD_LABELS['k8s-app'];
        if (dnsPeer && peer.namespaceSelector && !matchesSelector(peer.namespaceSelector, labels)) return M.nsHint(selectorText(peer.namespaceSelector));
      }
    }
  }
  return '';
}

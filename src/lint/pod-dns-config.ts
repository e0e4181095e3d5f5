/**
 * pod-dns-config: pod DNS settings that keep a pod from resolving Service names (dns.md, kubelet's
 * resolv.conf; lint.md §3 item 13). A `hostNetwork` pod with the default `dnsPolicy: ClusterFirst`
 * gets the node's resolv.conf, not the cluster DNS: `ClusterFirstWithHostNet` is needed for it to
 * resolve `web.shop.svc.cluster.local` (an info, as many host-network agents need no Service names).
 * A pod with `dnsPolicy: None` that names the cluster DNS as its nameserver but whose `searches` lack
 * `<namespace>.svc.<zone>` can resolve full names only: the short name `web` no longer expands.
 */
import { DNS_NAMESPACE, DNS_SERVICE_NAME } from '../cluster/cluster-dns.js';
import { DNS_CONFIG } from './messages.js';
import { describeGroup, isSimulatedInfrastructure, podOrigins } from './pod-groups.js';
import type { LintRule, RuleFinding } from './types.js';

const ZONE = 'cluster.local';

export const podDnsConfig: LintRule = {
  id: 'pod-dns-config',
  severity: 'warning',
  summary: "a pod's DNS settings keep it from resolving Service names (hostNetwork without ClusterFirstWithHostNet, a search list without <ns>.svc)",
  check({ cluster }) {
    const out: RuleFinding[] = [];
    const dnsIPs = cluster.service(DNS_NAMESPACE, DNS_SERVICE_NAME)?.clusterIPs ?? [];
    for (const group of podOrigins(cluster)) {
      if (isSimulatedInfrastructure(group.subject.meta.source?.file)) continue;
      const pod = group.template;
      const ns = group.subject.meta.namespace;
      // kube-system's host-network components (kube-proxy, static control-plane pods) need no Service names.
      if (pod.hostNetwork && pod.dnsPolicy === 'ClusterFirst' && ns !== DNS_NAMESPACE) {
        out.push({
          subject: group.subject,
          path: [...group.specPath, 'hostNetwork'],
          message: DNS_CONFIG.hostNetwork(describeGroup(group)),
          fix: DNS_CONFIG.hostNetworkFix,
          severity: 'info',
        });
      }
      const config = pod.dnsConfig;
      if (pod.dnsPolicy !== 'None' || !config?.nameservers?.some((ip) => dnsIPs.includes(ip))) continue;
      const wanted = `${ns}.svc.${ZONE}`;
      if ((config.searches ?? []).some((s) => s.replace(/\.$/, '') === wanted)) continue;
      out.push({
        subject: group.subject,
        path: [...group.specPath, 'dnsConfig', 'searches'],
        message: DNS_CONFIG.searches(describeGroup(group), wanted),
        fix: DNS_CONFIG.searchesFix(wanted, ZONE),
      });
    }
    return out;
  },
};

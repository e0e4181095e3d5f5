/**
 * The options of CoreDNS's `kubernetes` plugin that change answers (dns.md §0, §11), with the
 * kubeadm profile as the default: what most clusters run.
 */

export type PodsMode = 'disabled' | 'insecure' | 'verified';

export interface DnsConfig {
  /** Zones the plugin is authoritative for, lower case, no trailing dot, longest matched first. */
  zones: string[];
  /** TTL of every answer (0..3600). */
  ttl: number;
  /** `pods` option: records under `<a-b-c-d>.<ns>.pod.<zone>`. */
  pods: PodsMode;
  /** `endpoint_pod_names`: endpoints without a hostname are named after their pod. */
  endpointPodNames: boolean;
  /** `namespaces`: only these are exposed; empty means all. */
  namespaces: string[];
  /** `ignore empty_service`: NXDOMAIN for ClusterIP Services without ready endpoints. */
  ignoreEmptyService: boolean;
  /** `noendpoints`: no endpoint records at all (headless Services and endpoint names). */
  noEndpoints: boolean;
  /** `fallthrough [zones]`: NXDOMAIN in these zones goes to the next plugin; `[]` with the option bare means all. */
  fallthrough?: string[];
}

/** The kubeadm Corefile: `kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure; fallthrough in-addr.arpa ip6.arpa; ttl 30 }`. */
export function kubeadmProfile(clusterDomain = 'cluster.local'): DnsConfig {
  return {
    zones: [clusterDomain, 'in-addr.arpa', 'ip6.arpa'],
    ttl: 30,
    pods: 'insecure',
    endpointPodNames: false,
    namespaces: [],
    ignoreEmptyService: false,
    noEndpoints: false,
    fallthrough: ['in-addr.arpa', 'ip6.arpa'],
  };
}

/**
 * What every step of a trace reads (the cluster and its planes, the client, the target, the
 * resolver and proxy flavour) and the problems steps record as they find them. A problem is a fact
 * with the objects that caused it, not a sentence; fixes.ts turns each into concrete fixes, so the
 * steps that detect and the module that advises stay apart (STYLE.md "formatting is separate from
 * detection").
 */
import type { Cluster } from '../cluster/cluster.js';
import { DNS_NAMESPACE, DNS_SERVICE_NAME } from '../cluster/cluster-dns.js';
import type { Libc } from '../dns/resolver.js';
import type { DnsEngine } from '../dns/types.js';
import { keyOf, type Protocol, type Service } from '../model/index.js';
import type { PolicyEngine } from '../policy/index.js';
import type { ProxyMode } from '../proxy/result.js';
import type { ServiceInfo, Target, TraceClient } from './types.js';

/** Why a Service has no endpoint to offer (services.md §7.2, §7.4, §7.5). */
export type EndpointCause = 'no-selector' | 'selects-nothing' | 'other-namespace' | 'not-ready' | 'named-port' | 'unknown';

export type Problem =
  /** Policies keep the client from the DNS pods: UDP (every lookup times out) or TCP only (large answers fail). */
  | { code: 'dns-blocked'; protocols: Array<'UDP' | 'TCP'>; partial: boolean; policies: string[]; dnsPorts: number[]; namespace: string }
  /** No Service behind the name where the resolver looked; `elsewhere` are namespaces with a Service of that name. */
  | { code: 'name-not-found'; service: string; namespace: string; elsewhere: string[]; similar: string[] }
  /** The Service exists but offers no endpoint (headless: no A records; ClusterIP: REJECT). */
  | { code: 'no-endpoints'; service: string; cause: EndpointCause; detail: string }
  /** Headless Service: the client dials `port`, the pods serve it on `servesOn` (services.md §7.1). */
  | { code: 'headless-port'; service: string; portIndex: number; portName: string; port: number; servesOn: number; host: string }
  /** A ClusterIP dialled on a port the Service does not declare (services.md §5.4). */
  | { code: 'unknown-port'; service: string; ports: string[] }
  /** internalTrafficPolicy Local and no endpoint on the client's node (services.md §5.4, §7.8). */
  | { code: 'no-local-endpoints'; service: string; node?: string; nodes: string[] }
  /** A NetworkPolicy side denies one endpoint (netpol.md §2.4). */
  | { code: 'policy-denied'; direction: 'ingress' | 'egress'; subject: string; policies: readonly string[]; peer: PeerFacts; port: number; protocol: Protocol; namedPort?: string }
  /** A rule allows the Service port, but after DNAT the pod sees the targetPort (netpol.md §2.8). */
  | { code: 'policy-service-port'; policy: string; direction: 'ingress' | 'egress'; rule: number; servicePort: number; targetPort: number; protocol: Protocol }
  /** No container declares the port the packet arrives on. */
  | { code: 'listener'; pod: string; port: number; protocol: Protocol; declared: string[]; servesOn?: number }
  /** An outside client dials a cluster IP or a pod IP, which are usually only routed inside the cluster. */
  | { code: 'outside-client'; ip: string; what: 'cluster IP' | 'pod IP' };

/** The other end of a denied connection, as a policy rule would name it. */
export interface PeerFacts {
  kind: 'pod' | 'external';
  ip: string;
  namespace?: string;
  labels?: Record<string, string>;
}

export interface TraceContext {
  cluster: Cluster;
  dns: DnsEngine;
  policy: PolicyEngine;
  client: TraceClient;
  target: Target;
  libc: Libc;
  mode: ProxyMode;
  /** The cluster domain (kubelet `--cluster-domain`). */
  zone: string;
  /** The namespace short names resolve in: the client pod's, else `default`. */
  namespace: string;
  /** The kube-dns Service the client's resolv.conf points at (kubelet `--cluster-dns`). */
  dnsService?: Service;
  problems: Problem[];
}

/** The kube-dns Service (simulated when the input has none, cluster-dns.ts). */
export function clusterDnsService(cluster: Cluster): Service | undefined {
  return cluster.service(DNS_NAMESPACE, DNS_SERVICE_NAME);
}

/** A Service as the trace reports it. */
export function serviceInfo(svc: Service): ServiceInfo {
  return {
    key: keyOf(svc.meta),
    type: svc.type,
    headless: svc.clusterIPs[0] === 'None',
    clusterIPs: [...svc.clusterIPs],
    ports: svc.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol, targetPort: p.targetPort })),
    ...(svc.externalName ? { externalName: svc.externalName } : {}),
  };
}

/** `80/TCP → 8000`, `http 80/TCP → http` for messages. */
export function describeServicePorts(svc: Service): string {
  if (svc.ports.length === 0) return 'no ports';
  return svc.ports.map((p) => `${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol} → ${p.targetPort}`).join(', ');
}

/**
 * The neutral items between a parsed name and its records: what CoreDNS's backend returns for a
 * name (`msg.Service`: a host, a port, the key that names SRV targets), or a name error with its
 * reason, and the context every lookup runs in (coredns plugin/etcd/msg/service.go,
 * plugin/kubernetes/kubernetes.go). NXDOMAIN and NODATA are distinct values here, never exceptions.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { DnsConfig } from './config.js';
import type { DnsIndex } from './dns-index.js';

/** One item a name resolves to. */
export interface Candidate {
  /** An IP address, or the CNAME target of an ExternalName Service (no trailing dot). */
  host: string;
  /** What `host` is: an IPv4, an IPv6 address or a name (msg.Service HostType). */
  hostType: 'A' | 'AAAA' | 'CNAME';
  /** Port for SRV; -1 for a portless headless endpoint (never an SRV record), 0 for pods. */
  port: number;
  /** The name SRV and NS targets use, without the zone: `web.shop.svc`, `web-0.db.shop.svc`. */
  target: string;
}

/** Why a name does not exist (CoreDNS errInvalidRequest, errNsNotExposed, errNoItems). */
export type NameErrorReason = 'invalid-name' | 'too-long' | 'namespace-not-exposed' | 'no-items' | 'reverse-name' | 'pods-disabled';

/** A lookup result: the name exists with these items (maybe none: NODATA), or it does not. */
export type Lookup = { exists: true; items: readonly Candidate[] } | { exists: false; reason: NameErrorReason };

/** What one answer is computed against. */
export interface LookupContext {
  readonly cluster: Cluster;
  readonly index: DnsIndex;
  readonly config: DnsConfig;
  /** The zone the question matched, as configured (lower case). */
  readonly zone: string;
  /** The zone as spelled in the question (dns.md §10). */
  readonly zoneSpelled: string;
}

export const NODATA: Lookup = { exists: true, items: [] };

export function nameError(reason: NameErrorReason): Lookup {
  return { exists: false, reason };
}

/**
 * The namespace exists and the `namespaces` option lists it (or lists none): CoreDNS
 * `namespaceExposed` = configuredNamespace && filteredNamespaceExists (dns.md §1 step 5).
 */
export function namespaceExposed(ctx: LookupContext, namespace: string): boolean {
  const listed = ctx.config.namespaces;
  if (listed.length > 0 && !listed.includes(namespace)) return false;
  return ctx.cluster.store.namespaces.get('', namespace) !== undefined;
}

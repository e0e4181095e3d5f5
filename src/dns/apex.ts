/**
 * The records at and around a zone's apex (dns.md §8, §9): the SOA (also the authority of every
 * negative answer), the NS set — one name per Service whose EndpointSlices hold a CoreDNS pod IP,
 * with its addresses as glue (coredns plugin/kubernetes/ns.go nsAddrs) — the `ns.dns.<zone>`
 * address name, and the `dns-version` TXT record.
 */
import { clusterDnsIp, DNS_NAMESPACE, DNS_POD_LABELS } from '../cluster/cluster-dns.js';
import { isHeadless } from '../model/index.js';
import type { Candidate, LookupContext } from './candidate.js';
import type { ResourceRecord } from './types.js';

/** The schema version of the Kubernetes DNS specification CoreDNS implements. */
export const DNS_SCHEMA_VERSION = '1.1.0';
/** TTL of the `dns-version` TXT record, fixed by CoreDNS. */
export const DNS_VERSION_TTL = 28800;
/** The SOA TTL never exceeds this (backend_lookup.go SOA). */
export const MAX_SOA_TTL = 300;
/** SOA refresh, retry, expire (backend_lookup.go SOA). */
const SOA_TIMERS = { refresh: 7200, retry: 1800, expire: 86400 };
const DEFAULT_NS = 'ns.dns';

/**
 * `<zone> SOA ns.dns.<zone> hostmaster.<zone> <serial> 7200 1800 86400 <ttl>` with TTL
 * min(ttl, 300): negative answers are cached for `ttl` seconds (dns.md §8).
 */
export function soaRecord(ctx: LookupContext, serial: number): ResourceRecord {
  const zone = ctx.zoneSpelled;
  const ttl = ctx.config.ttl;
  return {
    name: zone,
    type: 'SOA',
    ttl: Math.min(ttl, MAX_SOA_TTL),
    data: { mname: join(DEFAULT_NS, zone), rname: join('hostmaster', zone), serial, ...SOA_TIMERS, minimum: ttl },
  };
}

/** `TXT dns-version.<zone>` → `"1.1.0"`, TTL 28800 (kubernetes.go Services). */
export function dnsVersionRecord(owner: string): ResourceRecord {
  return { name: owner, type: 'TXT', ttl: DNS_VERSION_TTL, data: [DNS_SCHEMA_VERSION] };
}

/**
 * `ns.dns.<zone>`, compared as CoreDNS's isDefaultNS does: the lower-cased name against the zone
 * as spelled in the query (so an upper-case zone never matches).
 */
export function isDefaultNs(name: string, zoneSpelled: string): boolean {
  return name === `${DEFAULT_NS}.${zoneSpelled}`;
}

/**
 * The name servers' names (without the zone) and addresses. CoreDNS looks up the EndpointSlices
 * holding its own pod IPs — here the IPs of the `k8s-app=kube-dns` pods in kube-system — and names
 * each Service found: the Service name with its ClusterIPs, or for a headless Service every
 * endpoint of those slices. If no slice holds them it answers `ns.dns` with its own address; kreach
 * uses the cluster DNS address (10.96.0.10 by default).
 */
export function nsAddresses(ctx: LookupContext): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (target: string, ip: string) => {
    const key = `${target} ${ip}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ host: ip, hostType: ip.includes(':') ? 'AAAA' : 'A', port: 0, target });
  };
  let found = false;
  const pods = ctx.cluster.store.podsMatching(DNS_NAMESPACE, DNS_POD_LABELS);
  for (const ip of pods.flatMap((p) => p.podIPs)) {
    for (const entry of ctx.index.entriesWithEndpointIp(ip)) {
      found = true;
      const svc = entry.service;
      if (!svc || svc.type === 'ExternalName') continue;
      const name = `${svc.meta.name}.${svc.meta.namespace}.svc`;
      if (!isHeadless(svc)) {
        for (const clusterIp of svc.clusterIPs) add(name, clusterIp);
        continue;
      }
      for (const subset of entry.subsets) {
        if (!subset.addresses.some((a) => a.ip === ip)) continue;
        for (const a of subset.addresses) add(`${a.name}.${name}`, a.ip);
      }
    }
  }
  if (!found) {
    const cidr = ctx.cluster.options.serviceCIDRs[0];
    if (cidr) add(DEFAULT_NS, clusterDnsIp(cidr));
  }
  return out;
}

/** `NS <zone>`: one NS per name server name, their addresses as additional records (plugin.NS). */
export function nsRecords(ctx: LookupContext, owner: string): { answer: ResourceRecord[]; additional: ResourceRecord[] } {
  const answer: ResourceRecord[] = [];
  const additional: ResourceRecord[] = [];
  const names = new Set<string>();
  const ttl = ctx.config.ttl;
  for (const ns of nsAddresses(ctx)) {
    const name = join(ns.target, ctx.zoneSpelled);
    additional.push({ name, type: ns.hostType === 'AAAA' ? 'AAAA' : 'A', ttl, data: ns.host });
    if (names.has(name)) continue;
    names.add(name);
    answer.push({ name: owner, type: 'NS', ttl, data: name });
  }
  return { answer, additional };
}

function join(label: string, zone: string): string {
  return zone === '' ? label : `${label}.${zone}`;
}

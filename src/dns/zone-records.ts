/**
 * Every record the zones hold, for zone export: the engine is asked about every name it can
 * answer, so exported data and live answers cannot disagree. Per forward zone: SOA, NS,
 * `dns-version` TXT, `ns.dns` addresses; per exposed Service: its A/AAAA (ClusterIPs or ready
 * endpoints), SRV at the bare name and at `_port._proto` for named ports, endpoint-name A/AAAA, or
 * the ExternalName CNAME; per reverse zone: SOA, NS and the PTR of every ClusterIP and ready
 * endpoint address inside it. Like CoreDNS's zone transfer (plugin/kubernetes/xfr.go) it leaves out
 * pod records (unbounded with `pods insecure`) and the query-shape quirks (A at `_port._proto`).
 */
import type { Cluster } from '../cluster/cluster.js';
import { isHeadless } from '../model/index.js';
import type { DnsIndex, ServiceEntry } from './dns-index.js';
import { isReverseZone } from './dns-names.js';
import { splitQueryName } from './parse.js';
import { reverseName } from './reverse.js';
import type { DnsAnswer, Question, ResourceRecord } from './types.js';

export function* zoneRecords(
  cluster: Cluster,
  index: DnsIndex,
  zones: readonly string[],
  answer: (question: Question) => DnsAnswer,
): Generator<ResourceRecord> {
  // Every (name, type) below is asked once, so no record can come out twice.
  function* ask(name: string, types: Iterable<string>): Generator<ResourceRecord> {
    for (const type of types) {
      const reply = answer({ name, type });
      if (reply.rcode === 'NOERROR') yield* reply.answer;
    }
  }

  for (const zone of zones) {
    yield* ask(zone, ['SOA', 'NS']);
    if (isReverseZone(zone)) {
      for (const ip of index.addresses()) {
        const name = reverseName(ip);
        if (splitQueryName(name, zones)?.zone === zone) yield* ask(name, ['PTR']);
      }
      continue;
    }
    yield* ask(`dns-version.${zone}`, ['TXT']);
    yield* ask(`ns.dns.${zone}`, ['A', 'AAAA']);
    for (const entry of index.all()) {
      if (!entry.service || !cluster.store.namespaces.get('', entry.namespace)) continue;
      for (const [name, types] of serviceNames(entry, zone)) yield* ask(name, types);
    }
  }
}

/** The names one Service holds in `zone`, each with the types worth asking. */
function serviceNames(entry: ServiceEntry, zone: string): Array<[string, Iterable<string>]> {
  const svc = entry.service;
  if (!svc) return [];
  const base = `${svc.meta.name}.${svc.meta.namespace}.svc.${zone}`;
  if (svc.type === 'ExternalName') return [[base, ['CNAME']]];
  const headless = isHeadless(svc);
  const endpoints = new Map<string, Set<string>>();
  for (const subset of entry.subsets) {
    for (const a of subset.addresses) {
      const name = a.name.toLowerCase();
      const types = endpoints.get(name) ?? new Set<string>();
      types.add(addressType(a.ip));
      endpoints.set(name, types);
    }
  }
  const ips = headless ? entry.subsets.flatMap((s) => s.addresses.map((a) => a.ip)) : svc.clusterIPs;
  const names: Array<[string, Iterable<string>]> = [[base, [...new Set(ips.map(addressType)), 'SRV']]];
  // `_port._proto` names: Service ports for ClusterIP Services, slice ports for headless ones.
  const ports = headless ? entry.subsets.flatMap((s) => s.ports) : svc.ports;
  const named = new Set(ports.filter((p) => p.name !== '').map((p) => `_${p.name}._${p.protocol}`.toLowerCase()));
  for (const prefix of named) names.push([`${prefix}.${base}`, ['SRV']]);
  for (const [endpoint, types] of endpoints) names.push([`${endpoint}.${base}`, types]);
  return names;
}

function addressType(ip: string): 'A' | 'AAAA' {
  return ip.includes(':') ? 'AAAA' : 'A';
}

/**
 * Candidates for `…svc.<zone>` names, as CoreDNS's `findServices` builds them (coredns
 * plugin/kubernetes/kubernetes.go; dns.md §2, §3, §6): ExternalName → one CNAME item; headless
 * Services and endpoint names → one item per ready address × matching EndpointSlice port; ClusterIP
 * Services → one item per matching Service port × ClusterIP. No item at all is a name error.
 * Results are memoised on the Service's index entry until the Service or its slices change.
 */
import { isHeadless } from '../model/index.js';
import type { EndpointAddress, ServiceEntry, Subset } from './dns-index.js';
import { externalNameCandidate } from './external-name.js';
import { nameError, type Candidate, type Lookup, type LookupContext } from './candidate.js';
import type { DnsRequest } from './parse.js';

type SvcRequest = Extract<DnsRequest, { kind: 'svc' | 'pod' }>;

export function findServices(ctx: LookupContext, r: SvcRequest): Lookup {
  // `<ns>.svc.<zone>`: the namespace exists (checked by the caller), so NODATA.
  if (r.service === '') return { exists: true, items: [] };
  const entry = ctx.index.service(r.namespace, r.service);
  const svc = entry?.service;
  if (!entry || !svc) return nameError('no-items');

  // `ignore empty_service`: a ClusterIP Service without ready addresses does not exist (dns.md §2).
  if (ctx.config.ignoreEmptyService && svc.type !== 'ExternalName' && !isHeadless(svc) && entry.readyCount === 0) {
    return nameError('no-items');
  }
  const key = `svc\0${r.endpoint}\0${r.port}\0${r.protocol}`;
  const items = entry.memo(key, () => candidates(entry, r), (found) => found.length > 0);
  return items.length > 0 ? { exists: true, items } : nameError('no-items');
}

function candidates(entry: ServiceEntry, r: SvcRequest): Candidate[] {
  const svc = entry.service;
  if (!svc) return [];
  const base = `${svc.meta.name}.${svc.meta.namespace}.svc`;
  if (svc.type === 'ExternalName') {
    // No sub-names under an ExternalName Service (coredns#6162, dns.md §6).
    if (r.endpoint !== '' || r.port !== '' || r.protocol !== '') return [];
    const item = externalNameCandidate(svc, base);
    return item ? [item] : [];
  }
  if (isHeadless(svc) || r.endpoint !== '') return endpointCandidates(entry, base, r);
  // ClusterIP (also NodePort, LoadBalancer): the Service port, every ClusterIP (dns.md §2).
  const items: Candidate[] = [];
  for (const port of svc.ports) {
    if (!matchPortAndProtocol(r, port.name, port.protocol)) continue;
    for (const ip of svc.clusterIPs) {
      items.push({ host: ip, hostType: ip.includes(':') ? 'AAAA' : 'A', port: port.port, target: base });
    }
  }
  return items;
}

/**
 * Ready addresses × EndpointSlice ports: the SRV port is the slice port, i.e. the resolved
 * targetPort (dns.md §3). With an endpoint label only the addresses of that name are kept, for
 * headless and ClusterIP Services alike; several endpoints may share a name (CoreDNS `dup-name`).
 */
function endpointCandidates(entry: ServiceEntry, base: string, r: SvcRequest): Candidate[] {
  const items: Candidate[] = [];
  const add = (subset: Subset, address: EndpointAddress) => {
    const hostType = address.ip.includes(':') ? 'AAAA' : 'A';
    for (const port of subset.ports) {
      if (matchPortAndProtocol(r, port.name, port.protocol)) {
        items.push({ host: address.ip, hostType, port: port.port, target: `${address.name}.${base}` });
      }
    }
  };
  if (r.endpoint !== '') {
    for (const { subset, address } of endpointsNamed(entry).get(r.endpoint) ?? []) add(subset, address);
    return items;
  }
  for (const subset of entry.subsets) for (const address of subset.addresses) add(subset, address);
  return items;
}

/** Endpoint name (lower case) → its addresses with their subsets, built once per change. */
function endpointsNamed(entry: ServiceEntry): Map<string, Array<{ subset: Subset; address: EndpointAddress }>> {
  return entry.memo('names', () => {
    const byName = new Map<string, Array<{ subset: Subset; address: EndpointAddress }>>();
    for (const subset of entry.subsets) {
      for (const address of subset.addresses) {
        const name = address.name.toLowerCase();
        const list = byName.get(name);
        if (list) list.push({ subset, address });
        else byName.set(name, [{ subset, address }]);
      }
    }
    return byName;
  });
}

/**
 * Port and protocol labels match case-insensitively; an absent label matches anything
 * (kubernetes.go matchPortAndProtocol). Unnamed ports never match a `_name` label.
 */
function matchPortAndProtocol(r: SvcRequest, name: string, protocol: string): boolean {
  return (r.port === '' || r.port === name.toLowerCase()) && (r.protocol === '' || r.protocol === protocol.toLowerCase());
}

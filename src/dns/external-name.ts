/**
 * ExternalName Services (dns.md §6): the Service name is a CNAME to `spec.externalName`. CoreDNS
 * ignores an IP-valued externalName (HostType is A, not CNAME), so such a Service answers NXDOMAIN
 * for every type (coredns#2324). For A/AAAA questions the CNAME is followed: inside the zone from
 * our own data, outside it by asking upstream (plugin/backend_lookup.go A/AAAA). The engine has no
 * upstream, so an out-of-zone target yields the CNAME alone and the server (or the client) chases it.
 */
import type { Service } from '../model/index.js';
import type { ResourceRecord } from './types.js';
import { isSubdomain, parseIp } from './dns-names.js';
import type { Candidate } from './candidate.js';

/** CoreDNS stops following a CNAME chain after this many records (backend_lookup.go). */
export const MAX_CNAME_CHAIN = 7;

/** The CNAME item of an ExternalName Service, or undefined when its externalName is an IP or empty. */
export function externalNameCandidate(svc: Service, target: string): Candidate | undefined {
  const host = (svc.externalName ?? '').replace(/\.$/, '');
  if (host === '' || parseIp(host)) return undefined;
  return { host, hostType: 'CNAME', port: 0, target };
}

/**
 * How the address builders treat a CNAME from `owner` (lower case) to `target`:
 * - `skip`: a loop (the target is the owner or below it), a chain longer than seven, or a target
 *   already in the chain — CoreDNS adds nothing for it;
 * - `in-zone`: follow it in our own data (`zone` is the zone the question matched);
 * - `external`: the target is outside the zone: the CNAME is answered alone.
 */
export function cnameStep(owner: string, target: string, zone: string, chain: readonly ResourceRecord[]): 'skip' | 'in-zone' | 'external' {
  const lowerTarget = target.toLowerCase();
  if (isSubdomain(owner, lowerTarget)) return 'skip';
  if (chain.length > MAX_CNAME_CHAIN) return 'skip';
  if (chain.some((rr) => rr.type === 'CNAME' && rr.data.toLowerCase() === lowerTarget)) return 'skip';
  return isSubdomain(zone, lowerTarget) ? 'in-zone' : 'external';
}

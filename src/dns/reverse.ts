/**
 * PTR records (dns.md §5; coredns plugin/kubernetes/reverse.go): an IP that is a Service's
 * ClusterIP names that Service (first match only); otherwise every ready endpoint holding it names
 * `<endpoint>.<service>.<ns>.svc.<zone>` — for ClusterIP Services' endpoints too, dashed names
 * included. The zone in PTR targets is the first non-reverse zone as configured. Reverse names are
 * IPv4 `d.c.b.a.in-addr.arpa` and IPv6 in the full 32-nibble `ip6.arpa` form.
 */
import { bigIntToIp, ipToBigInt } from '../cluster/ip.js';
import { isReverseZone, parseIp } from './dns-names.js';
import { namespaceExposed, type LookupContext } from './candidate.js';
import type { ResourceRecord } from './types.js';

/** `10.96.0.10` → `10.0.96.10.in-addr.arpa`; IPv6 → 32 reversed nibbles under `ip6.arpa`. */
export function reverseName(ip: string): string {
  const parsed = parseIp(ip);
  if (!parsed) throw Object.assign(new Error(`not an IP address: ${ip}`), { code: 'invalid-ip' });
  if (parsed.type === 'A') return `${parsed.ip.split('.').reverse().join('.')}.in-addr.arpa`;
  const hex = ipToBigInt(parsed.ip).toString(16).padStart(32, '0');
  return `${[...hex].reverse().join('.')}.ip6.arpa`;
}

/**
 * The address a reverse name spells (dnsutil.ExtractAddressFromReverse), canonical text, or `''`
 * when the name is not a complete reverse name (`10.in-addr.arpa`, a partial nibble path).
 */
export function addressFromReverse(name: string): string {
  if (name.endsWith('.in-addr.arpa')) {
    const labels = name.slice(0, -'.in-addr.arpa'.length).split('.');
    if (labels.length !== 4 || !labels.every((l) => /^(0|[1-9]\d{0,2})$/.test(l) && Number(l) <= 255)) return '';
    return labels.reverse().join('.');
  }
  if (name.endsWith('.ip6.arpa')) {
    const nibbles = name.slice(0, -'.ip6.arpa'.length).split('.');
    if (nibbles.length !== 32 || !nibbles.every((n) => /^[0-9a-f]$/.test(n))) return '';
    return bigIntToIp(BigInt(`0x${nibbles.reverse().join('')}`), 'IPv6');
  }
  return '';
}

/** The zone PTR targets use: the first configured zone that is not a reverse zone (primaryZone). */
export function primaryZone(zones: readonly string[]): string {
  return zones.find((z) => !isReverseZone(z)) ?? zones[0] ?? '';
}

/** PTR records for `ip` with owner `owner`; undefined when nothing holds the IP (a name error). */
export function ptrRecords(ctx: LookupContext, owner: string, ip: string): ResourceRecord[] | undefined {
  const zone = primaryZone(ctx.config.zones);
  const ttl = ctx.config.ttl;
  // With a `namespaces` list, Services of unlisted namespaces are skipped (reverse.go).
  const exposed = (ns: string) => ctx.config.namespaces.length === 0 || namespaceExposed(ctx, ns);
  for (const entry of ctx.index.servicesWithClusterIp(ip)) {
    if (!exposed(entry.namespace)) continue;
    return [{ name: owner, type: 'PTR', ttl, data: join(`${entry.name}.${entry.namespace}.svc`, zone) }];
  }
  const out: ResourceRecord[] = [];
  const seen = new Set<string>();
  for (const entry of ctx.index.entriesWithEndpointIp(ip)) {
    if (!exposed(entry.namespace)) continue;
    for (const subset of entry.subsets) {
      for (const address of subset.addresses) {
        if (address.ip !== ip) continue;
        const target = join(`${address.name}.${entry.name}.${entry.namespace}.svc`, zone);
        if (seen.has(target)) continue;
        seen.add(target);
        out.push({ name: owner, type: 'PTR', ttl, data: target });
      }
    }
  }
  return out.length > 0 ? out : undefined;
}

function join(name: string, zone: string): string {
  return zone === '' ? name : `${name}.${zone}`;
}

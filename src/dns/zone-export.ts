/**
 * The cluster's DNS zones as RFC 1035 master files (§5) that a standard authoritative server such as
 * NSD loads: one file per zone (`cluster.local`, `in-addr.arpa`, `ip6.arpa`), SOA first, then every
 * record the engine holds under that zone, sorted so exports diff cleanly.
 */
import type { ResourceRecord } from './types.js';
import { formatRecord } from './zone-lines.js';

export interface ZoneFile {
  zone: string;
  text: string;
  records: number;
}

/** Split `records` by their zone (the longest zone that is a suffix of the owner) and print each zone. */
export function exportZones(records: Iterable<ResourceRecord>, zones: readonly string[]): ZoneFile[] {
  const byZone = new Map<string, ResourceRecord[]>(zones.map((z) => [z, []]));
  const longestFirst = [...zones].sort((a, b) => b.length - a.length);
  for (const rr of records) {
    const owner = rr.name.toLowerCase();
    const zone = longestFirst.find((z) => owner === z || owner.endsWith(`.${z}`));
    if (zone) byZone.get(zone)?.push(rr);
  }
  return zones.map((zone) => {
    const rrs = byZone.get(zone) ?? [];
    const soa = rrs.filter((rr) => rr.type === 'SOA' && rr.name.toLowerCase() === zone);
    const rest = rrs.filter((rr) => !(rr.type === 'SOA' && rr.name.toLowerCase() === zone)).map(formatRecord);
    const unique = [...new Set(rest)].sort(compareLines);
    const lines = [`; zone ${zone}, exported by kreach`, `$ORIGIN ${zone}.`, ...soa.map(formatRecord), ...unique];
    return { zone, text: `${lines.join('\n')}\n`, records: soa.length + unique.length };
  });
}

/** Owner names in reverse label order keep a name's records and its children together. */
function compareLines(a: string, b: string): number {
  const key = (line: string) => (line.split(' ', 1)[0] ?? '').split('.').reverse().join('.');
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

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
  const longestFirst = [...zones].sort((a, b) => b.length - a.length).map((zone) => ({ zone, suffix: `.${zone}` }));
  for (const rr of records) {
    const owner = rr.name.toLowerCase();
    const found = longestFirst.find((z) => owner === z.zone || owner.endsWith(z.suffix));
    if (found) byZone.get(found.zone)?.push(rr);
  }
  return zones.map((zone) => {
    const soa: string[] = [];
    const rest = new Set<string>();
    for (const rr of byZone.get(zone) ?? []) {
      if (rr.type === 'SOA' && rr.name.toLowerCase() === zone) soa.push(formatRecord(rr));
      else rest.add(formatRecord(rr));
    }
    const unique = sortLines(rest);
    const lines = [`; zone ${zone}, exported by kreach`, `$ORIGIN ${zone}.`, ...soa, ...unique];
    return { zone, text: `${lines.join('\n')}\n`, records: soa.length + unique.length };
  });
}

/**
 * Owner names in reverse label order keep a name's records and its children together; lines with
 * the same owner follow in text order. Each line's key is built once, not once per comparison.
 */
function sortLines(lines: Iterable<string>): string[] {
  const keyed: Array<{ line: string; key: string }> = [];
  for (const line of lines) keyed.push({ line, key: ownerKey(line) });
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.line < b.line ? -1 : a.line > b.line ? 1 : 0));
  return keyed.map((entry) => entry.line);
}

/** `web.default.svc.cluster.local. 30 IN A …` → `.local.cluster.svc.default.web`. */
function ownerKey(line: string): string {
  const space = line.indexOf(' ');
  return (space < 0 ? line : line.slice(0, space)).split('.').reverse().join('.');
}

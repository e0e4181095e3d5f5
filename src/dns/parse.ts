/**
 * Reads a query name the way CoreDNS's `kubernetes` plugin does (dns.md §1; coredns
 * plugin/kubernetes/parse.go): find the longest configured zone, then read the labels below it
 * right to left — `svc`|`pod`, namespace, service, and then nothing (the Service), one label (an
 * endpoint) or two (port and protocol, a leading `_` optional). Everything else is an invalid
 * request, which the engine answers NXDOMAIN. Parsing never looks at cluster data.
 */
import { baseOf, isSubdomain } from './dns-names.js';

/** A query name split against the zones. */
export interface QueryName {
  /** The name as asked, without the trailing dot; answers echo it as their owner (dns.md §10). */
  owner: string;
  /** `owner` in lower case: every lookup uses this. */
  lower: string;
  /** The matched zone as configured (lower case). */
  zone: string;
  /** The matched zone as spelled in the query: SRV and NS targets and the SOA owner use it. */
  zoneSpelled: string;
}

/**
 * What the labels below the zone ask for.
 * - `invalid`: not a name the plugin knows (errInvalidRequest) → NXDOMAIN;
 * - `apex`: nothing, `svc` or `pod` left → the name exists without data (NODATA);
 * - `svc` / `pod`: the parsed parts, lower case; `service` is `''` for `<ns>.svc.<zone>`, and for
 *   `pod` it holds the dashed pod IP.
 */
export type DnsRequest =
  | { kind: 'invalid'; reason: 'not-svc-or-pod' | 'too-long' }
  | { kind: 'apex' }
  | { kind: 'svc' | 'pod'; namespace: string; service: string; endpoint: string; port: string; protocol: string };

/** Strip one trailing dot: `Web.Default.svc.cluster.local.` → `Web.Default.svc.cluster.local`. */
export function trimDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/**
 * Match `name` against `zones` (lower case, no trailing dot), longest first as plugin.Zones.Matches
 * does. Undefined when the name is in none of them.
 */
export function splitQueryName(name: string, zones: readonly string[]): QueryName | undefined {
  const owner = trimDot(name);
  const lower = owner.toLowerCase();
  let zone: string | undefined;
  for (const z of zones) {
    if (isSubdomain(z, lower) && (zone === undefined || z.length > zone.length)) zone = z;
  }
  if (zone === undefined) return undefined;
  return { owner, lower, zone, zoneSpelled: owner.slice(owner.length - zone.length) };
}

/** Parse the labels of `lower` below `zone` (parse.go parseRequest). */
export function parseRequest(lower: string, zone: string): DnsRequest {
  const base = baseOf(lower, zone);
  // Nothing, or only `svc`/`pod`, below the zone: the name exists and has no data.
  if (base === '' || base === 'svc' || base === 'pod') return { kind: 'apex' };
  const segs = base.split('.');
  let last = segs.length - 1;
  const podOrSvc = segs[last];
  if (podOrSvc !== 'svc' && podOrSvc !== 'pod') return { kind: 'invalid', reason: 'not-svc-or-pod' };
  const request: DnsRequest & { kind: 'svc' | 'pod' } = { kind: podOrSvc, namespace: '', service: '', endpoint: '', port: '', protocol: '' };
  if (--last < 0) return request;
  request.namespace = segs[last] ?? '';
  if (--last < 0) return request;
  request.service = segs[last] ?? '';
  if (--last < 0) return request;
  if (last === 0) {
    // One label left: an endpoint name.
    request.endpoint = segs[0] ?? '';
  } else if (last === 1) {
    // Two labels left: port and protocol; the underscores are optional (`http.tcp.web…` works too).
    request.port = stripUnderscore(segs[0] ?? '');
    request.protocol = stripUnderscore(segs[1] ?? '');
  } else {
    // Three or more: "too long", e.g. `_http._tcp.web-0.db…` (kubernetes/dns#184).
    return { kind: 'invalid', reason: 'too-long' };
  }
  return request;
}

function stripUnderscore(label: string): string {
  return label.startsWith('_') ? label.slice(1) : label;
}

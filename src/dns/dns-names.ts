/**
 * Small name helpers the answer engine shares: how CoreDNS names an endpoint (hostname, pod name or
 * dashed IP), how it reads a dashed pod IP back, and the subdomain and reverse-name tests it applies.
 * Everything here works on lower-case names without the trailing dot.
 */
import { isIP } from 'node:net';
import type { Endpoint } from '../model/index.js';
import { normalizeIp } from '../cluster/ip.js';

/** Longest pod name `endpoint_pod_names` uses; longer ones are not valid labels (object/endpoint.go). */
export const MAX_POD_NAME_LABEL = 63;

/**
 * The name of one address of an endpoint, as CoreDNS's `endpointHostname` picks it (dns.md §3):
 * `hostname`; else, with `endpoint_pod_names`, the pod name if shorter than 64 characters; else the
 * IP with `.` or `:` replaced by `-`, and a trailing `0` when an IPv6 address ends in `::`.
 */
export function endpointHostname(endpoint: Endpoint, ip: string, endpointPodNames: boolean): string {
  if (endpoint.hostname) return endpoint.hostname;
  const podName = endpoint.targetRef?.name;
  if (endpointPodNames && podName && podName.length <= MAX_POD_NAME_LABEL) return podName;
  return dashedIp(ip);
}

/** `10.244.1.20` → `10-244-1-20`; `2001:db8::` → `2001-db8--0` (kubernetes.go endpointHostname). */
export function dashedIp(ip: string): string {
  if (ip.includes('.')) return ip.replaceAll('.', '-');
  const dashed = ip.replaceAll(':', '-');
  return dashed.endsWith('-') ? `${dashed}0` : dashed;
}

/**
 * The address a pod label spells (kubernetes.go findPods): exactly three `-` and no `--` → IPv4,
 * otherwise every `-` becomes `:`. Returned as written, not canonicalised: `verified` compares it
 * with the pod IP as a string.
 */
export function ipFromDashed(label: string): string {
  const dashes = label.split('-').length - 1;
  if (dashes === 3 && !label.includes('--')) return label.replaceAll('-', '.');
  return label.replaceAll('-', ':');
}

/** Canonical text of `ip` when it parses (Go's net.ParseIP), else undefined. */
export function parseIp(ip: string): { ip: string; type: 'A' | 'AAAA' } | undefined {
  const version = isIP(ip);
  if (version === 0) return undefined;
  const canonical = normalizeIp(ip) ?? ip;
  // An IPv4-mapped IPv6 address is an IPv4 address to Go (To4() != nil).
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(canonical);
  if (mapped?.[1]) return { ip: mapped[1], type: 'A' };
  return { ip: canonical, type: version === 4 ? 'A' : 'AAAA' };
}

/** `child` equals `parent` or lies below it (dns.IsSubDomain on lower-case names). */
export function isSubdomain(parent: string, child: string): boolean {
  if (parent === '') return true;
  return child === parent || child.endsWith(`.${parent}`);
}

/** The name sits below `in-addr.arpa.` or `ip6.arpa.` (dnsutil.IsReverse). */
export function isReverseName(name: string): boolean {
  return name.endsWith('.in-addr.arpa') || name.endsWith('.ip6.arpa');
}

/** A zone listed for PTR data (`in-addr.arpa`, `0.96.10.in-addr.arpa`, `ip6.arpa`). */
export function isReverseZone(zone: string): boolean {
  return zone === 'in-addr.arpa' || zone === 'ip6.arpa' || isReverseName(zone);
}

/** The labels of `name` below `zone`, or `''` at the apex. `name` must lie in `zone`. */
export function baseOf(name: string, zone: string): string {
  if (name.length === zone.length) return '';
  return zone === '' ? name : name.slice(0, name.length - zone.length - 1);
}

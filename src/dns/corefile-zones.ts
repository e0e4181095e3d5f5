/**
 * Zone names as CoreDNS reads them from server block keys and plugin arguments: transport prefix and
 * port stripped, lower case, and a CIDR turned into the reverse zones that cover it, split at octet
 * (IPv4) or nibble (IPv6) boundaries, so `10.96.0.0/12` becomes `96.10.in-addr.arpa` …
 * `111.10.in-addr.arpa`. Zones are returned without the trailing dot; the root zone is `.`.
 *
 * @see coredns/coredns `plugin/normalize.go` (`Host.NormalizeExact`, `SplitHostPort`,
 *   `OriginsFromArgsOrServerBlock`) and `plugin/pkg/cidr/cidr.go` (`Split`, `Reverse`).
 */
import { bigIntToIp, parseCidr } from '../cluster/ip.js';

/** The normalised zones, or why the text is not a zone. */
export type ZoneResult = { zones: string[] } | { error: string };

const TRANSPORT = /^(dns|tls|grpc|https|https3|quic):\/\//i;

/** Read one key or argument (`dns://cluster.local:53`, `10.0.0.0/17`, `.`). */
export function normalizeZone(text: string): ZoneResult {
  let host = text.replace(TRANSPORT, '');
  // A numeric suffix after the last colon is a port; CIDRs always put their mask before it.
  const colon = host.lastIndexOf(':');
  if (colon === host.length - 1 && colon >= 0) return { error: 'nothing after the last colon' };
  if (colon >= 0 && /^\d+$/.test(host.slice(colon + 1))) host = host.slice(0, colon);
  if (host.length > 255) return { error: 'longer than 255 characters' };
  if (host.includes('/')) return reverseZones(host);
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === '') return { zones: ['.'] };
  if (name.split('.').some((label) => label === '' || label.length > 63)) {
    return { error: 'not a domain name: empty or over-long label' };
  }
  return { zones: [name] };
}

/** Reverse zones covering a CIDR, one per octet (IPv4) or nibble (IPv6) boundary subnet. */
export function reverseZones(text: string): ZoneResult {
  const cidr = parseCidr(text);
  if (!cidr) return { error: 'not a valid CIDR' };
  const v4 = cidr.family === 'IPv4';
  const unit = v4 ? 8 : 4;
  const bits = v4 ? 32 : 128;
  const rounded = Math.ceil(cidr.prefix / unit) * unit;
  const count = 1n << BigInt(rounded - cidr.prefix);
  const step = 1n << BigInt(bits - rounded);
  const zones: string[] = [];
  for (let k = 0n; k < count; k++) {
    zones.push(reverseName(cidr.base + k * step, v4, rounded / unit));
  }
  return { zones };
}

/** The first `labels` octets or nibbles of an address, reversed, under the reverse tree. */
function reverseName(value: bigint, v4: boolean, labels: number): string {
  if (v4) {
    const octets = bigIntToIp(value, 'IPv4').split('.').slice(0, labels).reverse();
    return [...octets, 'in-addr', 'arpa'].join('.');
  }
  const nibbles = value.toString(16).padStart(32, '0').slice(0, labels).split('').reverse();
  return [...nibbles, 'ip6', 'arpa'].join('.');
}

/** The zone is under `in-addr.arpa` or `ip6.arpa` (coredns `dnsutil.IsReverse`). */
export function isReverseZone(zone: string): boolean {
  return /(^|\.)(in-addr|ip6)\.arpa$/.test(zone);
}

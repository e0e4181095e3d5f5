/**
 * What the user dials, read the way a client library reads it: `http://svc-chroma:80`,
 * `svc-chroma:80`, `svc-chroma.other-ns:80`, an FQDN, `10.1.2.3:8000`, `[fd00::1]:80`, or the
 * `tcp://`, `udp://`, `sctp://` forms. The scheme gives the protocol (udp → UDP, sctp → SCTP, else
 * TCP) and, for http and https, the default port (80, 443); every other form needs a port. A path,
 * query or user part after the authority is ignored, as it does not change where packets go.
 * Bad input is a returned message, not an exception (STYLE.md "Bad input is a finding").
 */
import { isIP } from 'node:net';
import { normalizeIp } from '../cluster/ip.js';
import type { Protocol } from '../model/index.js';

export type Scheme = 'http' | 'https' | 'tcp' | 'udp' | 'sctp';

export interface Target {
  /** As the user wrote it. */
  text: string;
  scheme?: Scheme;
  /** The name or address, without brackets; an address is normalised. */
  host: string;
  hostKind: 'name' | 'ip';
  port: number;
  protocol: Protocol;
  /** The port was written, or came from the scheme's default. */
  portFrom: 'explicit' | 'scheme';
}

export type ParsedTarget = { ok: true; target: Target } | { ok: false; message: string };

/** The protocol and default port of each scheme kreach understands. */
const SCHEMES: Record<Scheme, { protocol: Protocol; port?: number }> = {
  http: { protocol: 'TCP', port: 80 },
  https: { protocol: 'TCP', port: 443 },
  tcp: { protocol: 'TCP' },
  udp: { protocol: 'UDP' },
  sctp: { protocol: 'SCTP' },
};

const EXAMPLES = 'e.g. http://svc-chroma:80, svc-chroma:80, svc-chroma.other-ns:80, 10.1.2.3:8000 or udp://dns:53';

/** Read a target; the message of a failure says what to write instead. */
export function parseTarget(text: string): ParsedTarget {
  const bad = (why: string): ParsedTarget => ({ ok: false, message: `cannot read target "${text}": ${why} (${EXAMPLES})` });
  let rest = text.trim();
  let scheme: Scheme | undefined;
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(rest);
  if (schemeMatch) {
    const name = (schemeMatch[1] ?? '').toLowerCase();
    if (!(name in SCHEMES)) return bad(`unknown scheme "${name}://"; use ${Object.keys(SCHEMES).join(', ')}`);
    scheme = name as Scheme;
    rest = rest.slice(schemeMatch[0].length);
  }
  // The authority ends at the path, query or fragment; a user part is dropped.
  rest = rest.split(/[/?#]/, 1)[0] ?? '';
  rest = rest.slice(rest.lastIndexOf('@') + 1);
  const split = splitHostPort(rest);
  if (typeof split === 'string') return bad(split);
  const { host, portText } = split;
  if (host === '') return bad('no host');
  let port: number;
  let portFrom: Target['portFrom'] = 'explicit';
  if (portText === undefined) {
    const fallback = scheme ? SCHEMES[scheme].port : undefined;
    if (fallback === undefined) return bad('no port: add one after a colon');
    port = fallback;
    portFrom = 'scheme';
  } else {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) return bad(`port "${portText}" is not 1-65535`);
    port = Number(portText);
  }
  const protocol = scheme ? SCHEMES[scheme].protocol : 'TCP';
  const make = (hostText: string, hostKind: Target['hostKind']): ParsedTarget => ({
    ok: true,
    target: { text, ...(scheme ? { scheme } : {}), host: hostText, hostKind, port, protocol, portFrom },
  });
  if (isIP(host)) return make(normalizeIp(host) ?? host, 'ip');
  const nameProblem = checkName(host);
  return nameProblem ? bad(nameProblem) : make(host, 'name');
}

/** `host:port`, `[v6]:port`, `host`, `[v6]`; a bare IPv6 address is ambiguous with a port and refused. */
function splitHostPort(authority: string): { host: string; portText?: string } | string {
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) return 'unclosed [ in an IPv6 address';
    const host = authority.slice(1, close);
    const after = authority.slice(close + 1);
    if (!isIP(host)) return `"${host}" is not an IPv6 address`;
    if (after === '') return { host };
    if (!after.startsWith(':')) return `unexpected "${after}" after the address`;
    return { host, portText: after.slice(1) };
  }
  const colons = authority.split(':').length - 1;
  if (colons > 1) return 'write IPv6 addresses in brackets, e.g. [fd00::1]:80';
  if (colons === 0) return { host: authority };
  const at = authority.lastIndexOf(':');
  return { host: authority.slice(0, at), portText: authority.slice(at + 1) };
}

/** A DNS name as resolvers take it: labels of letters, digits, `-` and `_`, ≤ 63 each, ≤ 253 in all. */
function checkName(host: string): string | undefined {
  const bare = host.endsWith('.') ? host.slice(0, -1) : host;
  if (bare.length > 253) return 'the name is longer than 253 characters';
  for (const label of bare.split('.')) {
    if (label === '') return `"${host}" has an empty label`;
    if (label.length > 63) return `label "${label.slice(0, 20)}…" is longer than 63 characters`;
    if (!/^[A-Za-z0-9_-]+$/.test(label)) return `"${label}" is not a valid DNS label`;
  }
  return undefined;
}

/** How the target is written back in messages: `http://svc-chroma:8000`, `svc-chroma:8000`, `[fd00::1]:53`. */
export function formatTarget(target: Target, port = target.port): string {
  const host = target.hostKind === 'ip' && target.host.includes(':') ? `[${target.host}]` : target.host;
  return `${target.scheme ? `${target.scheme}://` : ''}${host}:${port}`;
}

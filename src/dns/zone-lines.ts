/**
 * Resource records as master-file lines (RFC 1035 §5.1), one record per line, absolute names with
 * the trailing dot: `web.default.svc.cluster.local. 30 IN A 10.96.0.10`, SRV as
 * `0 50 80 target.`, the SOA on one line, TXT strings quoted. Tests write expected answers this way
 * (as coredns plugin/kubernetes/handler_test.go does) and zone export prints them; `parseRecordLine`
 * reads the same format back.
 */
import type { ResourceRecord } from './types.js';

/** One record as a zone-file line. */
export function formatRecord(rr: ResourceRecord): string {
  return `${fqdn(rr.name)} ${rr.ttl} IN ${rr.type} ${formatData(rr)}`;
}

function formatData(rr: ResourceRecord): string {
  switch (rr.type) {
    case 'A':
    case 'AAAA':
      return rr.data;
    case 'PTR':
    case 'CNAME':
    case 'NS':
      return fqdn(rr.data);
    case 'SRV':
      return `${rr.data.priority} ${rr.data.weight} ${rr.data.port} ${fqdn(rr.data.target)}`;
    case 'SOA': {
      const d = rr.data;
      return `${fqdn(d.mname)} ${fqdn(d.rname)} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`;
    }
    case 'TXT':
      return rr.data.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(' ');
  }
}

/** `a.b` → `a.b.`; the root stays `.`. */
function fqdn(name: string): string {
  return name === '' ? '.' : `${name}.`;
}

/** Thrown for a line `parseRecordLine` cannot read; `code` is `bad-record-line`. */
export class RecordLineError extends Error {
  readonly code = 'bad-record-line';
}

/** Read a line written by `formatRecord` (whitespace of any width; the class `IN` optional). */
export function parseRecordLine(line: string): ResourceRecord {
  const fields = tokens(line.trim());
  const [owner, ttlText, ...rest] = fields;
  if (rest[0] === 'IN') rest.shift();
  const [type, ...data] = rest;
  const ttl = Number(ttlText);
  if (owner === undefined || !Number.isInteger(ttl) || type === undefined) throw new RecordLineError(`not a record line: ${line}`);
  const name = dropDot(owner);
  const need = (n: number): string[] => {
    if (data.length !== n) throw new RecordLineError(`${type} needs ${n} data fields: ${line}`);
    return data;
  };
  switch (type.toUpperCase()) {
    case 'A':
    case 'AAAA':
    case 'PTR':
    case 'CNAME':
    case 'NS': {
      const [value = ''] = need(1);
      const t = type.toUpperCase() as 'A' | 'AAAA' | 'PTR' | 'CNAME' | 'NS';
      return { name, type: t, ttl, data: t === 'A' || t === 'AAAA' ? value : dropDot(value) };
    }
    case 'SRV': {
      const [priority, weight, port, target = ''] = need(4);
      return { name, type: 'SRV', ttl, data: { priority: Number(priority), weight: Number(weight), port: Number(port), target: dropDot(target) } };
    }
    case 'SOA': {
      const [mname = '', rname = '', serial, refresh, retry, expire, minimum] = need(7);
      const n = (s: string | undefined) => Number(s);
      const timers = { serial: n(serial), refresh: n(refresh), retry: n(retry), expire: n(expire), minimum: n(minimum) };
      return { name, type: 'SOA', ttl, data: { mname: dropDot(mname), rname: dropDot(rname), ...timers } };
    }
    case 'TXT':
      return { name, type: 'TXT', ttl, data: data.map(unquote) };
    default:
      throw new RecordLineError(`record type ${type} not supported: ${line}`);
  }
}

/** Split on whitespace, keeping `"quoted strings"` (with `\"` escapes) whole. */
function tokens(text: string): string[] {
  return text.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
}

function unquote(token: string): string {
  if (!token.startsWith('"')) return token;
  return token.slice(1, -1).replace(/\\(.)/g, '$1');
}

function dropDot(name: string): string {
  return name === '.' ? '' : name.replace(/\.$/, '');
}

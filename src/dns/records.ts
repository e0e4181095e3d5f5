/**
 * Records from candidates, with the rules of coredns plugin/backend_lookup.go (dns.md §2, §3, §6):
 * A/AAAA answer every address of the asked family once, following ExternalName CNAMEs; SRV gives
 * every candidate priority 0 and weight floor(100 / N) (N = candidates before de-duplication),
 * then drops repeated (target, port) pairs and repeated (target, address) glue; CNAME answers an
 * ExternalName's target. Owners echo the question; targets carry the zone as the question spelled it.
 */
import { cnameStep } from './external-name.js';
import type { LookupContext } from './candidate.js';
import { services } from './lookup.js';
import type { ResourceRecord } from './types.js';

/** `undefined` is a name error; an empty list is NODATA. */
export type Answer = { answer: ResourceRecord[]; additional: ResourceRecord[] } | undefined;

/**
 * A or AAAA for `name` (lower case) with owner `owner` (plugin.A / plugin.AAAA). In-zone CNAME
 * targets are answered from our data — CNAME plus the target's addresses, or nothing when the
 * target has none; out-of-zone targets yield the CNAME alone (no upstream here).
 */
export function addressRecords(
  ctx: LookupContext,
  type: 'A' | 'AAAA',
  owner: string,
  name: string,
  chain: readonly ResourceRecord[] = [],
): ResourceRecord[] | undefined {
  const found = services(ctx, name, type);
  if (!found.exists) return undefined;
  const ttl = ctx.config.ttl;
  const out: ResourceRecord[] = [];
  const seen = new Set<string>();
  for (const item of found.items) {
    if (item.hostType === 'CNAME') {
      const cname: ResourceRecord = { name: owner, type: 'CNAME', ttl, data: item.host };
      const step = cnameStep(name, item.host, ctx.zone, chain);
      if (step === 'skip') continue;
      if (step === 'external') {
        out.push(cname);
        continue;
      }
      const next = addressRecords(ctx, type, item.host, item.host.toLowerCase(), [...chain, cname]);
      if (next && next.length > 0) out.push(cname, ...next);
      continue;
    }
    if (item.hostType !== type || seen.has(item.host)) continue;
    seen.add(item.host);
    out.push({ name: owner, type, ttl, data: item.host });
  }
  return out;
}

/** SRV for `name` with glue (plugin.SRV). */
export function srvRecords(ctx: LookupContext, owner: string, name: string): Answer {
  const found = services(ctx, name, 'SRV');
  if (!found.exists) return undefined;
  const ttl = ctx.config.ttl;
  // Every candidate weighs 100 at priority 0; CoreDNS scales to 100 / total * 100, floored, min 1.
  const total = 100 * found.items.length;
  const weight = Math.max(1, Math.floor((100 / total) * 100));
  const answer: ResourceRecord[] = [];
  const additional: ResourceRecord[] = [];
  const seen = new Set<string>();
  for (const item of found.items) {
    // Port -1: a headless Service without ports has A records but no SRV (dns.md §3).
    if (item.port === -1 || item.hostType === 'CNAME') continue;
    const target = `${item.target}.${ctx.zoneSpelled}`;
    const srvKey = `${target}\0${item.port}`;
    if (!seen.has(srvKey)) {
      seen.add(srvKey);
      answer.push({ name: owner, type: 'SRV', ttl, data: { priority: 0, weight, port: item.port, target } });
    }
    const glueKey = `${target}\0\0${item.host}`;
    if (!seen.has(glueKey)) {
      seen.add(glueKey);
      additional.push({ name: target, type: item.hostType, ttl, data: item.host });
    }
  }
  return { answer, additional };
}

/** CNAME for `name`: the first candidate if it is a name (plugin.CNAME); addresses give NODATA. */
export function cnameRecords(ctx: LookupContext, owner: string, name: string): ResourceRecord[] | undefined {
  const found = services(ctx, name, 'CNAME');
  if (!found.exists) return undefined;
  const first = found.items[0];
  if (!first || first.hostType !== 'CNAME') return [];
  return [{ name: owner, type: 'CNAME', ttl: ctx.config.ttl, data: first.host }];
}

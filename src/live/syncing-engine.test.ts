/**
 * The syncing wrapper, row by row: before the first sync a name error becomes SERVFAIL (with the
 * SOA kept), everything else passes through unchanged; after it nothing is changed.
 */
import { describe, expect, it } from 'vitest';
import type { DnsAnswer, DnsEngine } from '../dns/types.js';
import { SyncingDnsEngine } from './syncing-engine.js';

const SOA = { name: 'cluster.local', type: 'SOA' as const, ttl: 30, data: { mname: 'ns.dns.cluster.local', rname: 'hostmaster.cluster.local', serial: 1, refresh: 7200, retry: 1800, expire: 86400, minimum: 30 } };
const ANSWERS: Record<string, DnsAnswer> = {
  'web.default.svc.cluster.local': { rcode: 'NOERROR', authoritative: true, answer: [{ name: 'web.default.svc.cluster.local', type: 'A', ttl: 30, data: '10.96.0.1' }], authority: [], additional: [] },
  'nope.default.svc.cluster.local': { rcode: 'NXDOMAIN', authoritative: true, answer: [], authority: [SOA], additional: [] },
  'empty.default.svc.cluster.local': { rcode: 'NOERROR', authoritative: true, answer: [], authority: [SOA], additional: [] },
  'fall.example.org': { rcode: 'NXDOMAIN', authoritative: true, notAuthoritative: true, answer: [], authority: [SOA], additional: [] },
  'outside.example.com': { rcode: 'REFUSED', authoritative: false, notAuthoritative: true, answer: [], authority: [], additional: [] },
};
const inner: DnsEngine = { zones: ['cluster.local'], answer: (q) => ANSWERS[q.name] as DnsAnswer };

describe('SyncingDnsEngine', () => {
  it.each([
    ['a name error before the sync is SERVFAIL, SOA kept', 'nope.default.svc.cluster.local', false, 'SERVFAIL'],
    ['a name error after the sync is NXDOMAIN', 'nope.default.svc.cluster.local', true, 'NXDOMAIN'],
    ['a found name is answered before the sync', 'web.default.svc.cluster.local', false, 'NOERROR'],
    ['NODATA stays NODATA', 'empty.default.svc.cluster.local', false, 'NOERROR'],
    ['a fallthrough NXDOMAIN is handed on untouched (handler.go checks it first)', 'fall.example.org', false, 'NXDOMAIN'],
    ['names outside the zones stay refused', 'outside.example.com', false, 'REFUSED'],
  ])('%s', (_row, name, synced, rcode) => {
    const engine = new SyncingDnsEngine(() => inner, () => synced);
    const answer = engine.answer({ name, type: 'A' });
    expect(answer.rcode).toBe(rcode);
    expect(answer.authority).toEqual((ANSWERS[name] as DnsAnswer).authority);
    expect(engine.zones).toEqual(['cluster.local']);
  });
});

describe('SyncingDnsEngine.version', () => {
  it('moves when the engine is replaced, its version moves or the sync completes, and only then', () => {
    let version = 1;
    let synced = false;
    const first: DnsEngine = { ...inner, version: () => version };
    const second: DnsEngine = { ...inner, version: () => 1 };
    let current = first;
    const engine = new SyncingDnsEngine(() => current, () => synced);
    const seen = [engine.version()];
    seen.push(engine.version()); // nothing changed
    synced = true;
    seen.push(engine.version());
    version = 2;
    seen.push(engine.version());
    current = second;
    seen.push(engine.version());
    expect(seen).toEqual([1, 1, 2, 3, 4]);
  });

  it('is undefined when the current engine has no version (nothing may be cached)', () => {
    expect(new SyncingDnsEngine(() => inner, () => true).version()).toBeUndefined();
  });
});

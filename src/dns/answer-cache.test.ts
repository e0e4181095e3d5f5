/**
 * The answer cache on its own: keys leave out only the ID, replies get the asking query's ID, entries
 * live exactly as long as the engine and its version, engines without a version are never cached,
 * and the limits evict the oldest entries first.
 */
import { describe, expect, it } from 'vitest';
import { fakeEngine, query } from '../../test/dns-helpers.js';
import { AnswerCache, cacheKey, replyFor, type CachedAnswer } from './answer-cache.js';
import type { DnsEngine } from './types.js';

const stored = (bytes: Buffer = Buffer.from([0, 0, 0x81, 0x80])): CachedAnswer => ({ bytes, name: 'web.default.svc.cluster.local', type: 'A', rcode: 'NOERROR', answers: 1, truncated: false });

function versioned(start = 1): DnsEngine & { version: () => number; bump: () => void } {
  let version = start;
  return Object.assign(fakeEngine(), { version: () => version, bump: () => void version++ });
}

describe('cacheKey', () => {
  it.each([
    ['the same query with another ID: same key', query('web.default.svc.cluster.local', 'A', { id: 1 }), query('web.default.svc.cluster.local', 'A', { id: 2 }), 'udp', 'udp', true],
    ['another case (DNS 0x20): another key', query('web.default.svc.cluster.local'), query('WEB.default.svc.cluster.local'), 'udp', 'udp', false],
    ['RD clear: another key', query('web.default.svc.cluster.local'), query('web.default.svc.cluster.local', 'A', { flags: 0 }), 'udp', 'udp', false],
    ['EDNS: another key', query('web.default.svc.cluster.local'), query('web.default.svc.cluster.local', 'A', { edns: 1232 }), 'udp', 'udp', false],
    ['another EDNS size: another key', query('web.default.svc.cluster.local', 'A', { edns: 512 }), query('web.default.svc.cluster.local', 'A', { edns: 4096 }), 'udp', 'udp', false],
    ['TCP and UDP: different keys (different size limits)', query('web.default.svc.cluster.local'), query('web.default.svc.cluster.local'), 'udp', 'tcp', false],
  ] as const)('%s', (_row, a, b, ta, tb, same) => {
    expect(cacheKey(a, ta) === cacheKey(b, tb)).toBe(same);
  });

  it('leaves out messages shorter than a header or longer than any real question', () => {
    expect(cacheKey(Buffer.alloc(11), 'udp')).toBeUndefined();
    expect(cacheKey(Buffer.alloc(400), 'udp')).toBeUndefined();
  });
});

describe('replyFor', () => {
  it('copies the stored reply with the query ID, leaving the stored bytes alone', () => {
    const entry = stored(Buffer.from([0xaa, 0xbb, 0x81, 0x80, 9]));
    const reply = replyFor(entry, query('x', 'A', { id: 0x1234 }));
    expect([...reply]).toEqual([0x12, 0x34, 0x81, 0x80, 9]);
    expect([...entry.bytes]).toEqual([0xaa, 0xbb, 0x81, 0x80, 9]);
  });
});

describe('AnswerCache', () => {
  it('keeps an entry while the engine and its version stay, and forgets all when either changes', () => {
    const cache = new AnswerCache();
    const engine = versioned();
    cache.set(engine, 'k', stored());
    expect(cache.get(engine, 'k')).toBeDefined();
    engine.bump();
    expect(cache.get(engine, 'k')).toBeUndefined();
    cache.set(engine, 'k', stored());
    expect(cache.get(versioned(engine.version()), 'k')).toBeUndefined(); // a replacement engine, same number
    expect(cache.size).toBe(0);
  });

  it('never stores answers of an engine without a version', () => {
    const cache = new AnswerCache();
    const engine = fakeEngine();
    cache.set(engine, 'k', stored());
    expect(cache.get(engine, 'k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the oldest entries at the entry limit and at the byte limit', () => {
    const engine = versioned();
    const byCount = new AnswerCache({ maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) byCount.set(engine, key, stored());
    expect(['a', 'b', 'c'].map((k) => byCount.get(engine, k) !== undefined)).toEqual([false, true, true]);

    const byBytes = new AnswerCache({ maxBytes: 1000 });
    for (const key of ['a', 'b', 'c']) byBytes.set(engine, key, stored(Buffer.alloc(300)));
    expect(['a', 'b', 'c'].map((k) => byBytes.get(engine, k) !== undefined)).toEqual([false, true, true]);
    byBytes.set(engine, 'huge', stored(Buffer.alloc(5000))); // larger than the whole cache: not stored
    expect(byBytes.get(engine, 'huge')).toBeUndefined();
    expect(byBytes.size).toBe(2);
  });

  it('replacing an entry does not count its bytes twice', () => {
    const engine = versioned();
    const cache = new AnswerCache({ maxBytes: 1000 });
    for (let i = 0; i < 10; i++) cache.set(engine, 'a', stored(Buffer.alloc(300)));
    cache.set(engine, 'b', stored(Buffer.alloc(300)));
    expect(cache.size).toBe(2);
  });
});

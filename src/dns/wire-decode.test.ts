/**
 * Query classification: what is dropped, what gets NOTIMP/FORMERR/BADVERS, what reaches the engine;
 * and a seeded fuzz run showing the decoder never throws.
 */
import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { fuzzCase, prng, query } from '../../test/dns-helpers.js';
import { decodeQuery, readQuestion, typeName } from './wire-decode.js';

/** A query with its bytes changed by `edit`. */
function edited(edit: (b: Buffer) => unknown, base = query('web.default.svc.cluster.local')): Buffer {
  const b = Buffer.from(base);
  const out = edit(b);
  return Buffer.isBuffer(out) ? out : b;
}

const opt = (version: number) => ({ type: 'OPT' as const, name: '.', udpPayloadSize: 4096, extendedRcode: 0, ednsVersion: version, flags: 0x8000, flag_do: true, options: [] });

describe('decodeQuery', () => {
  const rows: Array<{ name: string; bytes: Buffer; expected: Record<string, unknown> }> = [
    { name: 'empty datagram', bytes: Buffer.alloc(0), expected: { kind: 'drop' } },
    { name: '11 bytes', bytes: Buffer.alloc(11), expected: { kind: 'drop' } },
    { name: 'a response (QR set)', bytes: edited((b) => void (b[2] = (b[2] as number) | 0x80)), expected: { kind: 'drop' } },
    { name: 'NOTIFY opcode', bytes: edited((b) => void (b[2] = (4 << 3) | 1)), expected: { kind: 'error', rcode: 'NOTIMP', question: { name: 'web.default.svc.cluster.local' } } },
    {
      name: 'NOTIFY with OPT keeps the EDNS for the answer (RFC 6891 §7)',
      bytes: edited((b) => void (b[2] = 4 << 3), query('cluster.local', 'SOA', { edns: 1232 })),
      expected: { kind: 'error', rcode: 'NOTIMP', edns: { udpPayloadSize: 1232 } },
    },
    { name: 'STATUS opcode, no question', bytes: edited((b) => void (b[2] = 2 << 3), Buffer.alloc(12)), expected: { kind: 'error', rcode: 'NOTIMP', question: undefined } },
    { name: 'no question', bytes: Buffer.from([0, 7, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]), expected: { kind: 'error', rcode: 'FORMERR', header: { id: 7, recursionDesired: true } } },
    { name: 'two questions', bytes: edited((b) => b.writeUInt16BE(2, 4)), expected: { kind: 'error', rcode: 'FORMERR', reason: 'QDCOUNT 2' } },
    { name: 'question cut short', bytes: edited((b) => b.subarray(0, 20)), expected: { kind: 'error', rcode: 'FORMERR', reason: 'question unreadable' } },
    { name: 'pointer in the question', bytes: Buffer.concat([Buffer.from([0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 0x0c, 0, 1, 0, 1])]), expected: { kind: 'error', rcode: 'FORMERR' } },
    { name: 'ARCOUNT past the end', bytes: edited((b) => b.writeUInt16BE(1, 10)), expected: { kind: 'error', rcode: 'FORMERR', question: { name: 'web.default.svc.cluster.local' } } },
    {
      name: 'two OPT records (RFC 6891 §6.1.1)',
      bytes: dnsPacket.encode({ type: 'query', id: 1, questions: [{ name: 'a.cluster.local', type: 'A' }], additionals: [opt(0), opt(0)] }),
      expected: { kind: 'error', rcode: 'FORMERR', reason: 'bad OPT record' },
    },
    {
      name: 'EDNS version 1 (RFC 6891 §6.1.3)',
      bytes: dnsPacket.encode({ type: 'query', id: 1, questions: [{ name: 'a.cluster.local', type: 'A' }], additionals: [opt(1)] }),
      expected: { kind: 'error', rcode: 'BADVERS', edns: { version: 1 } },
    },
    {
      name: 'EDNS with DO',
      bytes: dnsPacket.encode({ type: 'query', id: 1, questions: [{ name: 'a.cluster.local', type: 'A' }], additionals: [opt(0)] }),
      expected: { kind: 'query', edns: { udpPayloadSize: 4096, version: 0, dnssecOk: true } },
    },
    {
      name: 'mixed case kept, RD and CD read',
      bytes: query('WeB.default.SVC.cluster.local', 'SRV', { id: 9, flags: dnsPacket.RECURSION_DESIRED | dnsPacket.CHECKING_DISABLED }),
      expected: { kind: 'query', header: { id: 9, opcode: 0, recursionDesired: true, checkingDisabled: true }, question: { name: 'WeB.default.SVC.cluster.local', type: 33, class: 1 }, edns: undefined },
    },
    { name: 'root name', bytes: query('.', 'NS'), expected: { kind: 'query', question: { name: '', type: 2 } } },
  ];
  for (const row of rows) {
    it(row.name, () => {
      expect(decodeQuery(row.bytes)).toMatchObject(row.expected);
    });
  }

  it('reads odd label bytes in \\DDD form', () => {
    const b = Buffer.from([0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 0x61, 0x2e, 0x00, 0, 0, 16, 0, 1]);
    expect(readQuestion(b)).toEqual({ question: { name: 'a\\.\\000', type: 16, class: 1 }, end: b.length });
  });

  it('names types by mnemonic and unknown ones as TYPEn (RFC 3597 §5)', () => {
    expect([1, 28, 33, 65, 252, 65534].map(typeName)).toEqual(['A', 'AAAA', 'SRV', 'HTTPS', 'AXFR', 'TYPE65534']);
  });

  it('never throws on random bytes or mutated queries (seeded fuzz, 5000 cases)', () => {
    const random = prng(20240601);
    const seeds = [query('web.default.svc.cluster.local'), query('_http._tcp.web.default.svc.cluster.local', 'SRV', { edns: 1232 }), query('x', 'TXT')];
    const kinds = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const bytes = fuzzCase(random, seeds);
      const out = decodeQuery(bytes);
      kinds.set(out.kind, (kinds.get(out.kind) ?? 0) + 1);
    }
    expect([...kinds.keys()].sort()).toEqual(['drop', 'error', 'query']);
  });
});

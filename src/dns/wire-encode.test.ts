/**
 * The compressing encoder against dns-packet's decoder (the oracle): every record type round-trips,
 * compression shrinks answers and only points backwards, and oversize answers truncate cleanly.
 */
import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import type { ResourceRecord } from './types.js';
import { encodeResponse, WireEncodeError, type DnsResponse } from './wire-encode.js';

const QNAME = 'Web.Default.svc.cluster.local';

function response(tweak: (r: DnsResponse) => void = () => {}): DnsResponse {
  const r: DnsResponse = {
    id: 0xbeef,
    opcode: 0,
    rcode: 'NOERROR',
    authoritative: true,
    recursionDesired: true,
    recursionAvailable: false,
    checkingDisabled: false,
    question: { name: QNAME, type: 1, class: 1 },
    answer: [],
    authority: [],
    additional: [],
  };
  tweak(r);
  return r;
}

const SOA: ResourceRecord = {
  name: 'cluster.local',
  type: 'SOA',
  ttl: 5,
  data: { mname: 'ns.dns.cluster.local', rname: 'hostmaster.cluster.local', serial: 1700000000, refresh: 7200, retry: 1800, expire: 86400, minimum: 5 },
};

describe('encodeResponse round-trips through dns-packet', () => {
  const rows: Array<{ name: string; rr: ResourceRecord; expected: unknown }> = [
    { name: 'A', rr: { name: QNAME, type: 'A', ttl: 30, data: '10.96.0.10' }, expected: '10.96.0.10' },
    { name: 'AAAA', rr: { name: QNAME, type: 'AAAA', ttl: 30, data: 'fd00::a:10' }, expected: 'fd00::a:10' },
    { name: 'AAAA with IPv4 tail', rr: { name: QNAME, type: 'AAAA', ttl: 30, data: '::ffff:10.1.2.3' }, expected: '::ffff:a01:203' },
    { name: 'SRV', rr: { name: `_http._tcp.${QNAME}`, type: 'SRV', ttl: 30, data: { priority: 0, weight: 50, port: 8080, target: '10-244-1-2.web.default.svc.cluster.local' } }, expected: { priority: 0, weight: 50, port: 8080, target: '10-244-1-2.web.default.svc.cluster.local' } },
    { name: 'PTR', rr: { name: '10.0.96.10.in-addr.arpa', type: 'PTR', ttl: 30, data: 'web.default.svc.cluster.local' }, expected: 'web.default.svc.cluster.local' },
    { name: 'CNAME', rr: { name: QNAME, type: 'CNAME', ttl: 30, data: 'example.com' }, expected: 'example.com' },
    { name: 'NS', rr: { name: 'cluster.local', type: 'NS', ttl: 30, data: 'kube-dns.kube-system.svc.cluster.local' }, expected: 'kube-dns.kube-system.svc.cluster.local' },
    { name: 'SOA', rr: SOA, expected: SOA.data },
    { name: 'TXT', rr: { name: 'dns-version.cluster.local', type: 'TXT', ttl: 28800, data: ['1.1.0', 'second'] }, expected: [Buffer.from('1.1.0'), Buffer.from('second')] },
    { name: 'TXT empty', rr: { name: 'dns-version.cluster.local', type: 'TXT', ttl: 1, data: [] }, expected: [Buffer.alloc(0)] },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const { bytes } = encodeResponse(response((r) => (r.answer = [row.rr, row.rr])));
      const decoded = dnsPacket.decode(bytes);
      expect(decoded.answers).toHaveLength(2);
      for (const rr of decoded.answers ?? []) {
        expect(rr).toMatchObject({ name: row.rr.name, type: row.rr.type, ttl: row.rr.ttl, class: 'IN', data: row.expected });
      }
    });
  }

  it('header, question, sections and OPT', () => {
    const { bytes } = encodeResponse(response((r) => {
      r.rcode = 'NXDOMAIN';
      r.checkingDisabled = true;
      r.authority = [SOA];
      r.additional = [{ name: 'x.cluster.local', type: 'A', ttl: 1, data: '1.2.3.4' }];
      r.edns = { udpPayloadSize: 1232, dnssecOk: true };
    }));
    const d = dnsPacket.decode(bytes);
    expect(d).toMatchObject({ id: 0xbeef, type: 'response', rcode: 'NXDOMAIN', flag_aa: true, flag_rd: true, flag_ra: false, flag_tc: false, flag_cd: true });
    expect(d.questions).toEqual([{ name: QNAME, type: 'A', class: 'IN' }]);
    expect(d.authorities).toMatchObject([{ type: 'SOA', data: SOA.data }]);
    expect(d.additionals).toMatchObject([{ type: 'A', data: '1.2.3.4' }, { type: 'OPT', name: '.', udpPayloadSize: 1232, ednsVersion: 0, flag_do: true, extendedRcode: 0 }]);
  });

  it('BADVERS splits into header rcode 0 and OPT extended rcode 1 (RFC 6891 §6.1.3)', () => {
    const { bytes } = encodeResponse(response((r) => {
      r.rcode = 'BADVERS';
      r.edns = { udpPayloadSize: 1232, dnssecOk: false };
    }));
    expect((bytes[3] as number) & 0xf).toBe(0);
    expect(dnsPacket.decode(bytes).additionals).toMatchObject([{ type: 'OPT', extendedRcode: 1 }]);
  });

  it('keeps the case of every owner and echoes escaped question bytes exactly', () => {
    const { bytes } = encodeResponse(response((r) => {
      r.question = { name: 'a\\.b\\255.Cluster.LOCAL', type: 65534, class: 1 };
      r.answer = [{ name: 'web.cluster.local', type: 'A', ttl: 1, data: '1.1.1.1' }];
    }));
    expect(bytes.subarray(12, 12 + 24)).toEqual(Buffer.from([4, 0x61, 0x2e, 0x62, 0xff, 7, ...Buffer.from('Cluster'), 5, ...Buffer.from('LOCAL'), 0, 0xff, 0xfe, 0, 1]));
    expect(dnsPacket.decode(bytes).answers?.[0]?.name).toBe('web.cluster.local'); // no pointer to the differently-cased zone
  });
});

/** Offsets of the owner names of the answer records, walking a message whose answers are all A. */
function ownerPointers(bytes: Buffer): Array<{ at: number; target: number }> {
  let at = 12;
  while (bytes[at] !== 0) at += (bytes[at] as number) + 1;
  at += 5;
  const pointers: Array<{ at: number; target: number }> = [];
  for (let i = 0; i < bytes.readUInt16BE(6); i++) {
    expect((bytes[at] as number) & 0xc0).toBe(0xc0);
    pointers.push({ at, target: bytes.readUInt16BE(at) & 0x3fff });
    at += 2 + 10 + 4;
  }
  return pointers;
}

describe('name compression (RFC 1035 §4.1.4)', () => {
  const fiveA = response((r) => {
    r.answer = [1, 2, 3, 4, 5].map((n) => ({ name: QNAME, type: 'A', ttl: 30, data: `10.244.0.${n}` }));
  });

  it('makes a 5-A answer much smaller than dns-packet uncompressed, pointing only backwards', () => {
    const ours = encodeResponse(fiveA).bytes;
    const theirs = dnsPacket.encode({
      id: 1, type: 'response', flags: 0, questions: [{ name: QNAME, type: 'A', class: 'IN' }],
      answers: fiveA.answer.map((rr) => ({ name: rr.name, type: 'A' as const, ttl: 30, data: rr.data as string })),
    });
    expect(ours.length).toBe(12 + 35 + 5 * 16);
    expect(ours.length).toBeLessThan(theirs.length * 0.6);
    for (const p of ownerPointers(ours)) expect(p).toEqual({ at: p.at, target: 12 });
  });

  it('compresses suffixes: SOA names point into the question, SRV targets stay whole (RFC 2782)', () => {
    const target = 'web.default.svc.cluster.local';
    const { bytes } = encodeResponse(response((r) => {
      r.question = { name: 'x.default.svc.cluster.local', type: 33, class: 1 };
      r.answer = [{ name: 'x.default.svc.cluster.local', type: 'SRV', ttl: 1, data: { priority: 0, weight: 1, port: 1, target } }];
      r.authority = [SOA];
    }));
    expect(bytes.includes(Buffer.from([3, ...Buffer.from('web'), 7, ...Buffer.from('default'), 3, ...Buffer.from('svc'), 7, ...Buffer.from('cluster'), 5, ...Buffer.from('local'), 0]))).toBe(true);
    expect(bytes.toString('latin1').split('cluster').length - 1).toBe(2); // question + SRV target; SOA points back
    expect(dnsPacket.decode(bytes).authorities).toMatchObject([{ name: 'cluster.local', data: SOA.data }]);
  });
});

describe('truncation', () => {
  const many = (count: number, tweak: (r: DnsResponse) => void = () => {}) =>
    response((r) => {
      r.answer = Array.from({ length: count }, (_, i) => ({ name: QNAME, type: 'A', ttl: 30, data: `10.0.0.${i + 1}` }));
      tweak(r);
    });

  it('sends header + question with TC when the answer does not fit in 512 bytes', () => {
    const out = encodeResponse(many(100), 512);
    expect(out).toMatchObject({ truncated: true, answerCount: 0 });
    expect(out.bytes.length).toBe(12 + 35);
    expect(dnsPacket.decode(out.bytes)).toMatchObject({ flag_tc: true, questions: [{ name: QNAME }], answers: [] });
  });

  it('keeps OPT in a truncated answer; 73 compressed A records fit in 1232 bytes, 74 do not', () => {
    const edns = (r: DnsResponse) => (r.edns = { udpPayloadSize: 1232, dnssecOk: false });
    const tc = encodeResponse(many(100, edns), 1232);
    expect(dnsPacket.decode(tc.bytes)).toMatchObject({ flag_tc: true, answers: [], additionals: [{ type: 'OPT' }] });
    const full = encodeResponse(many(73, edns), 1232);
    expect(full).toMatchObject({ truncated: false, answerCount: 73 });
    expect(full.bytes.length).toBe(12 + 35 + 73 * 16 + 11);
    expect(encodeResponse(many(74, edns), 1232).truncated).toBe(true);
  });

  it('drops whole additional RRsets that do not fit, without TC (RFC 2181 §9)', () => {
    const out = encodeResponse(response((r) => {
      r.answer = [{ name: QNAME, type: 'A', ttl: 1, data: '10.0.0.1' }];
      r.additional = [
        { name: 'a.cluster.local', type: 'A', ttl: 1, data: '10.0.0.2' },
        ...Array.from({ length: 40 }, (_, i): ResourceRecord => ({ name: 'b.cluster.local', type: 'AAAA', ttl: 1, data: `fd00::${i + 1}` })),
      ];
    }), 512);
    const d = dnsPacket.decode(out.bytes);
    expect(d.flag_tc).toBe(false);
    expect(d.additionals).toMatchObject([{ name: 'a.cluster.local', data: '10.0.0.2' }]);
  });

  it('truncates even over TCP when 65535 bytes are not enough', () => {
    const out = encodeResponse(response((r) => {
      r.answer = Array.from({ length: 300 }, (): ResourceRecord => ({ name: QNAME, type: 'TXT', ttl: 1, data: ['x'.repeat(255)] }));
    }));
    expect(out.truncated).toBe(true);
  });
});

describe('data the wire cannot carry', () => {
  const rows: Array<{ name: string; rr: ResourceRecord; code: string }> = [
    { name: 'A with an IPv6 address', rr: { name: QNAME, type: 'A', ttl: 1, data: 'fd00::1' }, code: 'rdata-invalid' },
    { name: 'AAAA with garbage', rr: { name: QNAME, type: 'AAAA', ttl: 1, data: 'nope' }, code: 'rdata-invalid' },
    { name: 'negative TTL', rr: { name: QNAME, type: 'A', ttl: -1, data: '1.2.3.4' }, code: 'rdata-invalid' },
    { name: 'SRV port over 65535', rr: { name: QNAME, type: 'SRV', ttl: 1, data: { priority: 0, weight: 0, port: 70000, target: 'a' } }, code: 'rdata-invalid' },
    { name: 'TXT string over 255 bytes', rr: { name: QNAME, type: 'TXT', ttl: 1, data: ['y'.repeat(256)] }, code: 'rdata-invalid' },
    { name: 'empty label', rr: { name: 'a..b', type: 'A', ttl: 1, data: '1.2.3.4' }, code: 'name-invalid' },
    { name: 'label over 63 bytes', rr: { name: 'a'.repeat(64), type: 'A', ttl: 1, data: '1.2.3.4' }, code: 'name-invalid' },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const run = () => encodeResponse(response((r) => (r.answer = [row.rr])));
      expect(run).toThrow(WireEncodeError);
      expect(run).toThrow(expect.objectContaining({ code: row.code }));
    });
  }
});

/**
 * Zone-file lines: every record type formats to the expected line and reads back to the same
 * record (a codec round trip, as mafintosh/dns-packet test.js does).
 */
import { describe, expect, it } from 'vitest';
import type { ResourceRecord } from './types.js';
import { formatRecord, parseRecordLine } from './zone-lines.js';

const rows: Array<[ResourceRecord, string]> = [
  [{ name: 'web.default.svc.cluster.local', type: 'A', ttl: 30, data: '10.96.0.10' }, 'web.default.svc.cluster.local. 30 IN A 10.96.0.10'],
  [{ name: 'web.default.svc.cluster.local', type: 'AAAA', ttl: 30, data: 'fd00:10:96::a' }, 'web.default.svc.cluster.local. 30 IN AAAA fd00:10:96::a'],
  [
    { name: '_http._tcp.web.default.svc.cluster.local', type: 'SRV', ttl: 5, data: { priority: 0, weight: 50, port: 80, target: 'web.default.svc.cluster.local' } },
    '_http._tcp.web.default.svc.cluster.local. 5 IN SRV 0 50 80 web.default.svc.cluster.local.',
  ],
  [{ name: '10.0.96.10.in-addr.arpa', type: 'PTR', ttl: 30, data: 'kube-dns.kube-system.svc.cluster.local' }, '10.0.96.10.in-addr.arpa. 30 IN PTR kube-dns.kube-system.svc.cluster.local.'],
  [{ name: 'ext.default.svc.cluster.local', type: 'CNAME', ttl: 30, data: 'db.example.com' }, 'ext.default.svc.cluster.local. 30 IN CNAME db.example.com.'],
  [{ name: 'cluster.local', type: 'NS', ttl: 30, data: 'kube-dns.kube-system.svc.cluster.local' }, 'cluster.local. 30 IN NS kube-dns.kube-system.svc.cluster.local.'],
  [
    { name: 'cluster.local', type: 'SOA', ttl: 30, data: { mname: 'ns.dns.cluster.local', rname: 'hostmaster.cluster.local', serial: 1700000000, refresh: 7200, retry: 1800, expire: 86400, minimum: 30 } },
    'cluster.local. 30 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 30',
  ],
  [{ name: 'dns-version.cluster.local', type: 'TXT', ttl: 28800, data: ['1.1.0'] }, 'dns-version.cluster.local. 28800 IN TXT "1.1.0"'],
  [{ name: 't.example', type: 'TXT', ttl: 1, data: ['a "quoted" word', 'back\\slash'] }, 't.example. 1 IN TXT "a \\"quoted\\" word" "back\\\\slash"'],
  [{ name: '', type: 'NS', ttl: 1, data: 'a.root-servers.net' }, '. 1 IN NS a.root-servers.net.'],
];

describe('formatRecord / parseRecordLine', () => {
  for (const [rr, line] of rows) {
    it(`${rr.type}: ${line}`, () => {
      expect(formatRecord(rr)).toBe(line);
      expect(parseRecordLine(line)).toEqual(rr);
    });
  }

  it('reads CoreDNS-test spacing and a missing class', () => {
    expect(parseRecordLine('svc1.testns.svc.cluster.local.\t5\tIN\tA\t10.0.0.1')).toEqual({ name: 'svc1.testns.svc.cluster.local', type: 'A', ttl: 5, data: '10.0.0.1' });
    expect(parseRecordLine('a.b. 5 A 10.0.0.1')).toEqual({ name: 'a.b', type: 'A', ttl: 5, data: '10.0.0.1' });
  });

  it('rejects what it cannot read, with a code', () => {
    for (const bad of ['', 'a.b. x IN A 1.2.3.4', 'a.b. 5 IN MX 10 mail.b.', 'a.b. 5 IN SRV 0 1 2']) {
      expect(() => parseRecordLine(bad)).toThrow(expect.objectContaining({ code: 'bad-record-line' }));
    }
  });
});

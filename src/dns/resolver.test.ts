/**
 * The libc resolver walk (dns.md §16; glibc resolv/res_query.c `__res_context_search`, musl
 * src/network/lookup_name.c `name_from_dns_search`) over resolv.conf files kubelet would write
 * (dns.md §15), against a fake engine built from zone-file lines so these tests do not depend on
 * the real answer engine. Each row lists the candidates sent with how each ended, then the result.
 */
import { describe, expect, it } from 'vitest';
import { makePod } from '../../test/fixtures.js';
import type { Pod } from '../model/index.js';
import { buildResolvConf, parseResolvConf, type ResolvConf } from './resolv-conf.js';
import { resolveName, type Libc, type ResolutionTrace } from './resolver.js';
import type { DnsAnswer, DnsEngine, ResourceRecord } from './types.js';

/** A fake cluster DNS: records from zone-file lines, names that exist without data, names that SERVFAIL. */
function fakeEngine(lines: string[], exists: string[], servfail: string[] = []): DnsEngine & { asked: string[] } {
  const zones = ['cluster.local', 'in-addr.arpa', 'ip6.arpa'];
  const records = new Map<string, ResourceRecord[]>();
  for (const line of lines) {
    const [owner = '', ttl = '', , type = '', data = ''] = line.split(/\s+/);
    const name = owner.replace(/\.$/, '');
    const rr = { name, type, ttl: Number(ttl), data: data.replace(/\.$/, '') } as ResourceRecord;
    records.set(name, [...(records.get(name) ?? []), rr]);
  }
  const reply = (rcode: DnsAnswer['rcode'], answer: ResourceRecord[] = []): DnsAnswer => ({ rcode, authoritative: true, answer, authority: [], additional: [] });
  const asked: string[] = [];
  return {
    zones,
    asked,
    answer({ name, type }) {
      asked.push(`${name} ${type}`);
      const n = name.toLowerCase().replace(/\.$/, '');
      if (!zones.some((z) => n === z || n.endsWith(`.${z}`))) return { ...reply('REFUSED'), authoritative: false, notAuthoritative: true };
      if (servfail.includes(n)) return reply('SERVFAIL');
      const rrs = records.get(n);
      if (!rrs && !exists.includes(n)) return reply('NXDOMAIN');
      return reply('NOERROR', (rrs ?? []).filter((r) => r.type === type || r.type === 'CNAME'));
    },
  };
}

const engine = () =>
  fakeEngine(
    [
      'svc-chroma.app.svc.cluster.local. 30 IN A 10.244.1.5',
      'svc-chroma.app.svc.cluster.local. 30 IN A 10.244.2.7',
      'svc-chroma.other-ns.svc.cluster.local. 30 IN A 10.96.0.50',
      'web.app.svc.cluster.local. 30 IN A 10.96.0.20',
      'v6.app.svc.cluster.local. 30 IN AAAA fd00:10:96::20',
      'ext.app.svc.cluster.local. 30 IN CNAME example.org.',
    ],
    ['cluster.local', 'svc.cluster.local', 'app.svc.cluster.local', 'other-ns.svc.cluster.local'],
    ['flaky.app.svc.cluster.local'],
  );

const NODE = parseResolvConf('nameserver 10.0.0.2\nsearch us-east-1.compute.internal\n');
const CLUSTER = { clusterDomain: 'cluster.local', nameserver: '10.96.0.10', nodeResolvConf: NODE };
const confOf = (tweak: (p: Pod) => void = () => {}): ResolvConf => buildResolvConf(makePod('client', tweak, 'app'), CLUSTER).conf;
/** dns.md §15 example: search app.svc.cluster.local svc.cluster.local cluster.local us-east-1.compute.internal, ndots:5. */
const POD = confOf();

const walk = (t: ResolutionTrace) => t.attempts.map((a) => `${a.name} ${a.outcome}`);
const result = (t: ResolutionTrace) =>
  t.final.status === 'resolved' ? `resolved ${t.final.addresses.join(' ')}` : t.final.status === 'forwarded' ? `forwarded ${t.final.name}` : `failed ${t.final.error}`;

const NX_CLUSTER = (n: string) => [`${n}.app.svc.cluster.local. nxdomain`, `${n}.svc.cluster.local. nxdomain`, `${n}.cluster.local. nxdomain`];
const NODE_DOMAIN = (n: string) => `${n}.us-east-1.compute.internal. forwarded`;

interface Row {
  name: string;
  query: string;
  libc: Libc;
  type?: 'A' | 'AAAA';
  conf?: ResolvConf;
  clusterDns?: string;
  walk: string[];
  result: string;
}

const rows: Row[] = [
  // dns.md §16 worked examples.
  { name: 'short name: the namespace domain first (ndots:5)', query: 'svc-chroma', libc: 'glibc', walk: ['svc-chroma.app.svc.cluster.local. answer'], result: 'resolved 10.244.1.5 10.244.2.7' },
  { name: 'short name, musl: the same', query: 'svc-chroma', libc: 'musl', walk: ['svc-chroma.app.svc.cluster.local. answer'], result: 'resolved 10.244.1.5 10.244.2.7' },
  {
    name: 'svc.ns: read first as endpoint svc of service ns in app → NXDOMAIN, then svc.cluster.local',
    query: 'svc-chroma.other-ns',
    libc: 'glibc',
    walk: ['svc-chroma.other-ns.app.svc.cluster.local. nxdomain', 'svc-chroma.other-ns.svc.cluster.local. answer'],
    result: 'resolved 10.96.0.50',
  },
  { name: 'svc.ns, musl', query: 'svc-chroma.other-ns', libc: 'musl', walk: ['svc-chroma.other-ns.app.svc.cluster.local. nxdomain', 'svc-chroma.other-ns.svc.cluster.local. answer'], result: 'resolved 10.96.0.50' },
  {
    name: 'svc.ns.svc: two NXDOMAIN, the third candidate answers',
    query: 'svc-chroma.other-ns.svc',
    libc: 'glibc',
    walk: ['svc-chroma.other-ns.svc.app.svc.cluster.local. nxdomain', 'svc-chroma.other-ns.svc.svc.cluster.local. nxdomain', 'svc-chroma.other-ns.svc.cluster.local. answer'],
    result: 'resolved 10.96.0.50',
  },
  {
    name: 'FQDN without trailing dot (4 dots < 5): the whole search list first, 5 candidates',
    query: 'svc-chroma.other-ns.svc.cluster.local',
    libc: 'glibc',
    walk: [...NX_CLUSTER('svc-chroma.other-ns.svc.cluster.local'), NODE_DOMAIN('svc-chroma.other-ns.svc.cluster.local'), 'svc-chroma.other-ns.svc.cluster.local. answer'],
    result: 'resolved 10.96.0.50',
  },
  { name: 'FQDN with trailing dot: one candidate', query: 'svc-chroma.other-ns.svc.cluster.local.', libc: 'glibc', walk: ['svc-chroma.other-ns.svc.cluster.local. answer'], result: 'resolved 10.96.0.50' },
  { name: 'FQDN with trailing dot, musl', query: 'svc-chroma.other-ns.svc.cluster.local.', libc: 'musl', walk: ['svc-chroma.other-ns.svc.cluster.local. answer'], result: 'resolved 10.96.0.50' },
  {
    name: 'external name: 4 candidates before the real one, which goes upstream',
    query: 'example.com',
    libc: 'glibc',
    walk: [...NX_CLUSTER('example.com'), NODE_DOMAIN('example.com'), 'example.com. forwarded'],
    result: 'forwarded example.com.',
  },
  { name: 'external name, musl: the same walk', query: 'example.com', libc: 'musl', walk: [...NX_CLUSTER('example.com'), NODE_DOMAIN('example.com'), 'example.com. forwarded'], result: 'forwarded example.com.' },
  {
    name: 'a namespace name: glibc goes past NODATA and fails with NO_DATA',
    query: 'other-ns',
    libc: 'glibc',
    walk: ['other-ns.app.svc.cluster.local. nxdomain', 'other-ns.svc.cluster.local. nodata', 'other-ns.cluster.local. nxdomain', NODE_DOMAIN('other-ns'), 'other-ns. forwarded'],
    result: 'failed EAI_NODATA',
  },
  { name: 'a namespace name: musl stops at NODATA', query: 'other-ns', libc: 'musl', walk: ['other-ns.app.svc.cluster.local. nxdomain', 'other-ns.svc.cluster.local. nodata'], result: 'failed EAI_NODATA' },
  {
    name: 'A asked of an AAAA-only service: glibc keeps trying after NODATA',
    query: 'v6',
    libc: 'glibc',
    type: 'A',
    walk: ['v6.app.svc.cluster.local. nodata', 'v6.svc.cluster.local. nxdomain', 'v6.cluster.local. nxdomain', NODE_DOMAIN('v6'), 'v6. forwarded'],
    result: 'failed EAI_NODATA',
  },
  { name: 'A asked of an AAAA-only service: musl stops', query: 'v6', libc: 'musl', type: 'A', walk: ['v6.app.svc.cluster.local. nodata'], result: 'failed EAI_NODATA' },
  { name: 'A and AAAA together (AF_UNSPEC): either reply with data answers', query: 'v6', libc: 'musl', walk: ['v6.app.svc.cluster.local. answer'], result: 'resolved fd00:10:96::20' },
  {
    name: 'SERVFAIL: glibc tries the next domain and ends with TRY_AGAIN',
    query: 'flaky',
    libc: 'glibc',
    walk: ['flaky.app.svc.cluster.local. servfail', 'flaky.svc.cluster.local. nxdomain', 'flaky.cluster.local. nxdomain', NODE_DOMAIN('flaky'), 'flaky. forwarded'],
    result: 'failed EAI_AGAIN',
  },
  { name: 'SERVFAIL: musl stops', query: 'flaky', libc: 'musl', walk: ['flaky.app.svc.cluster.local. servfail'], result: 'failed EAI_AGAIN' },
  { name: 'ExternalName: the CNAME target is resolved upstream', query: 'ext', libc: 'glibc', walk: ['ext.app.svc.cluster.local. answer'], result: 'forwarded example.org' },
  {
    name: 'unknown short name: every candidate NXDOMAIN',
    query: 'nosuch',
    libc: 'musl',
    walk: [...NX_CLUSTER('nosuch'), NODE_DOMAIN('nosuch'), 'nosuch. forwarded'],
    result: 'failed EAI_NONAME',
  },
  {
    name: 'ndots:2 from dnsConfig: a name with 4 dots is tried as is first',
    query: 'svc-chroma.other-ns.svc.cluster.local',
    libc: 'glibc',
    conf: confOf((p) => (p.dnsConfig = { options: [{ name: 'ndots', value: '2' }] })),
    walk: ['svc-chroma.other-ns.svc.cluster.local. answer'],
    result: 'resolved 10.96.0.50',
  },
  {
    name: 'ndots:1: svc.ns goes upstream first, then the search list finds it',
    query: 'svc-chroma.other-ns',
    libc: 'glibc',
    conf: confOf((p) => (p.dnsConfig = { options: [{ name: 'ndots', value: '1' }] })),
    walk: ['svc-chroma.other-ns. forwarded', 'svc-chroma.other-ns.app.svc.cluster.local. nxdomain', 'svc-chroma.other-ns.svc.cluster.local. answer'],
    result: 'resolved 10.96.0.50',
  },
  {
    name: 'hostNetwork + ClusterFirst falls back to the node resolver: cluster names do not resolve',
    query: 'web.app.svc.cluster.local',
    libc: 'glibc',
    conf: confOf((p) => (p.hostNetwork = true)),
    clusterDns: '10.96.0.10',
    walk: ['web.app.svc.cluster.local. forwarded', 'web.app.svc.cluster.local.us-east-1.compute.internal. forwarded'],
    result: 'failed EAI_NONAME',
  },
  {
    name: 'hostNetwork + ClusterFirstWithHostNet reaches the cluster DNS',
    query: 'web',
    libc: 'glibc',
    conf: confOf((p) => ((p.hostNetwork = true), (p.dnsPolicy = 'ClusterFirstWithHostNet'))),
    clusterDns: '10.96.0.10',
    walk: ['web.app.svc.cluster.local. answer'],
    result: 'resolved 10.96.0.20',
  },
  {
    name: 'dnsPolicy None with dnsConfig: only its search domain, ndots:1',
    query: 'svc-chroma',
    libc: 'musl',
    conf: confOf((p) => ((p.dnsPolicy = 'None'), (p.dnsConfig = { nameservers: ['10.96.0.10'], searches: ['other-ns.svc.cluster.local'], options: [{ name: 'ndots', value: '1' }] }))),
    clusterDns: '10.96.0.10',
    walk: ['svc-chroma.other-ns.svc.cluster.local. answer'],
    result: 'resolved 10.96.0.50',
  },
  {
    name: 'search list over 255 bytes: musl uses no search domains (dns.md §15)',
    query: 'web',
    libc: 'musl',
    conf: confOf((p) => (p.dnsConfig = { searches: Array.from({ length: 6 }, (_, i) => `team-${i}.${'x'.repeat(30)}.example.com`) })),
    walk: ['web. forwarded'],
    result: 'failed EAI_NONAME',
  },
  { name: 'a numeric address needs no DNS', query: '10.96.0.20', libc: 'glibc', walk: [], result: 'resolved 10.96.0.20' },
];

describe('resolveName', () => {
  for (const row of rows) {
    it(`${row.libc}: ${row.query} — ${row.name}`, () => {
      const trace = resolveName(row.query, row.conf ?? POD, engine(), { libc: row.libc, type: row.type, clusterDns: row.clusterDns });
      expect(walk(trace)).toEqual(row.walk);
      expect(result(trace)).toBe(row.result);
      // Every candidate but the last says the resolver went on.
      expect(trace.attempts.map((a) => a.continued)).toEqual(trace.attempts.map((_, i) => i < trace.attempts.length - 1));
    });
  }

  it('sends A and AAAA for each candidate: 5 candidates are 10 queries (dns.md §16)', () => {
    const fake = engine();
    const trace = resolveName('svc-chroma.other-ns.svc.cluster.local', POD, fake, { libc: 'glibc' });
    expect(trace.attempts.flatMap((a) => a.queries)).toHaveLength(10);
    expect(fake.asked.slice(0, 2)).toEqual(['svc-chroma.other-ns.svc.cluster.local.app.svc.cluster.local. A', 'svc-chroma.other-ns.svc.cluster.local.app.svc.cluster.local. AAAA']);
  });

  it('explains each step', () => {
    const trace = resolveName('other-ns', POD, engine(), { libc: 'musl' });
    expect(trace.attempts[0]?.why).toBe('0 dots < ndots 5: search domain 1/4: NXDOMAIN; next candidate');
    expect(trace.attempts[1]?.why).toMatch(/NODATA .*musl stops at NODATA/);
    expect(trace.final).toMatchObject({ status: 'failed', error: 'EAI_NODATA', nodeCode: 'ENOTFOUND' });
  });

  it('notes when an upstream answer could have won before the cluster one', () => {
    const conf = confOf((p) => (p.dnsConfig = { options: [{ name: 'ndots', value: '1' }] }));
    const trace = resolveName('svc-chroma.other-ns', conf, engine(), { libc: 'glibc' });
    expect(trace.notes).toContainEqual(expect.stringMatching(/^svc-chroma.other-ns. was asked upstream first/));
  });

  it('caps ndots at 15', () => {
    const conf = confOf((p) => (p.dnsConfig = { options: [{ name: 'ndots', value: '20' }] }));
    const trace = resolveName('web', conf, engine(), { libc: 'glibc' });
    expect(trace.ndots).toBe(15);
    expect(trace.notes).toContainEqual('ndots:20 is capped at 15 by the resolver');
  });
});

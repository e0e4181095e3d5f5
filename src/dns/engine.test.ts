/**
 * The answer engine against one literal cluster, row by row, as coredns
 * plugin/kubernetes/handler_test.go does: each row names the rule and its source (dns.md section or
 * CoreDNS test) and gives the expected sections as zone-file lines, compared as multisets because
 * answer order is not meaningful (`loadbalance`, dns.md §0). SOA serials read `SERIAL`.
 */
import { describe, expect, it } from 'vitest';
import { container, makePod, makeService } from '../../test/fixtures.js';
import { Cluster } from '../cluster/cluster.js';
import { emptyManifests, type Endpoint, type EndpointSlice, type Namespace, type Pod, type Service } from '../model/index.js';
import { kubeadmProfile, type DnsConfig } from './config.js';
import { ClusterDnsEngine } from './engine.js';
import type { DnsAnswer, Rcode } from './types.js';
import { formatRecord } from './zone-lines.js';

// ---------------------------------------------------------------------------------------------
// The cluster: CoreDNS's test Services (svc1, svcempty, svc6, hdls1, hdlsprtls, external…) plus
// the DESIGN.md headless case (svc-chroma) and a dual-stack StatefulSet-like headless Service.

const pod = (name: string, ip: string | string[], labels: Record<string, string>, tweak: (p: Pod) => void = () => {}, ns = 'testns') =>
  makePod(
    name,
    (p) => {
      p.podIPs = Array.isArray(ip) ? ip : [ip];
      p.meta.labels = labels;
      tweak(p);
    },
    ns,
  );

const svc = (name: string, tweak: (s: Service) => void, ns = 'testns') => makeService(name, tweak, ns);
const clusterIp = (ips: string[], ports: Service['ports'] = [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }]) => (s: Service) => {
  s.clusterIPs = ips;
  s.ipFamilies = ips.map((ip) => (ip.includes(':') ? 'IPv6' : 'IPv4'));
  s.ipFamilyPolicy = ips.length > 1 ? 'RequireDualStack' : 'SingleStack';
  s.selector = { app: s.meta.name };
  s.ports = ports;
};
const headless = (selector: Record<string, string> | null, ports: Service['ports'], families: Array<'IPv4' | 'IPv6'> = ['IPv4']) => (s: Service) => {
  s.clusterIPs = ['None'];
  s.ipFamilies = families;
  s.ipFamilyPolicy = families.length > 1 ? 'RequireDualStack' : 'SingleStack';
  s.selector = selector;
  s.ports = ports;
};
const externalName = (target: string) => (s: Service) => {
  s.type = 'ExternalName';
  s.clusterIPs = [];
  s.ipFamilies = [];
  delete s.ipFamilyPolicy;
  s.selector = null;
  s.externalName = target;
};

const ep = (ip: string, tweak: Partial<Endpoint> = {}): Endpoint => ({ addresses: [ip], ready: true, serving: true, terminating: false, ...tweak });
const slice = (service: string, name: string, addressType: 'IPv4' | 'IPv6', ports: EndpointSlice['ports'], endpoints: Endpoint[], ns = 'testns'): EndpointSlice => ({
  meta: { name, namespace: ns, labels: { 'kubernetes.io/service-name': service }, annotations: {} },
  serviceName: service,
  addressType,
  ports,
  endpoints,
  origin: 'observed',
});
const http80 = [{ name: 'http', protocol: 'TCP' as const, port: 80 }];

function fixtureCluster(): Cluster {
  const manifests = emptyManifests();
  const quiet: Namespace = { meta: { name: 'quiet', namespace: '', labels: { 'kubernetes.io/metadata.name': 'quiet' }, annotations: {} }, simulated: false };
  manifests.namespaces.push(quiet);
  manifests.services.push(
    svc('svc1', clusterIp(['10.96.1.1'])),
    svc('svcempty', clusterIp(['10.96.1.2'])),
    svc('svc6', clusterIp(['fd00:10:96::6'])),
    svc('dual', clusterIp(['10.96.1.3', 'fd00:10:96::3'])),
    svc(
      'multi',
      clusterIp(['10.96.1.4'], [
        { name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 },
        { name: 'https', protocol: 'TCP', port: 443, targetPort: 8443 },
        { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53 },
      ]),
    ),
    svc('plain', clusterIp(['10.96.1.5'], [{ name: '', protocol: 'TCP', port: 8080, targetPort: 8080 }])),
    svc('hdls1', headless(null, [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 80 }])),
    svc('hdlsprtls', headless(null, [])),
    svc('trail', headless(null, [], ['IPv6'])),
    svc('db', headless({ app: 'db' }, [{ name: 'pg', protocol: 'TCP', port: 5432, targetPort: 5432 }], ['IPv4', 'IPv6'])),
    svc('dualweb', headless({ app: 'dualweb' }, [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }], ['IPv4', 'IPv6'])),
    svc('cold', headless({ app: 'cold' }, [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }])),
    svc('external', externalName('ext.interwebs.test')),
    svc('external-to-service', externalName('svc1.testns.svc.cluster.local')),
    svc('ext-chain', externalName('external-to-service.testns.svc.cluster.local')),
    svc('ext-ip', externalName('192.0.2.10')),
    svc('ext-missing', externalName('nothere.testns.svc.cluster.local')),
    // DESIGN.md: headless, port 80 → targetPort 8000; nothing translates the port.
    svc('svc-chroma', headless({ app: 'chroma', component: 'vector-db' }, [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8000 }]), 'default'),
    svc('chroma-api', clusterIp(['10.96.2.1'], [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8000 }]), 'default'),
  );
  // chroma-api selects the chroma pods too (a pod behind two Services has two PTRs, dns.md §5).
  const chromaApi = manifests.services.at(-1) as Service;
  chromaApi.selector = { app: 'chroma' };

  const chroma = { app: 'chroma', component: 'vector-db' };
  const port8000 = (p: Pod) => (p.containers = [container('chroma', [{ name: 'http', containerPort: 8000 }])]);
  manifests.pods.push(
    pod('svc1-a', '10.244.1.11', { app: 'svc1' }),
    pod('svc1-b', '10.244.1.12', { app: 'svc1' }),
    pod('chroma-0', '10.1.207.210', chroma, port8000, 'default'),
    pod('chroma-1', '10.1.207.211', chroma, port8000, 'default'),
    pod('chroma-2', '10.1.207.212', chroma, (p) => (port8000(p), (p.ready = false)), 'default'),
    pod('db-0', ['10.244.2.10', 'fd00:10:244:2::10'], { app: 'db' }, (p) => ((p.hostname = 'db-0'), (p.subdomain = 'db'), (p.containers = [container('pg', [{ containerPort: 5432 }])]))),
    pod('db-1', ['10.244.2.11', 'fd00:10:244:2::11'], { app: 'db' }, (p) => ((p.hostname = 'db-1'), (p.subdomain = 'db'), (p.containers = [container('pg', [{ containerPort: 5432 }])]))),
    pod('dualweb-0', ['10.244.3.5', 'fd00:10:244:3::5'], { app: 'dualweb' }),
    pod('cold-0', '10.244.4.1', { app: 'cold' }, (p) => (p.ready = false)),
  );
  manifests.endpointSlices.push(
    // handler_test.go hdls1: four IPv4 endpoints (two named dup-name), two IPv6, plus an unready one.
    slice('hdls1', 'hdls1-v4', 'IPv4', http80, [
      ep('172.0.0.2'),
      ep('172.0.0.3'),
      ep('172.0.0.4', { hostname: 'dup-name' }),
      ep('172.0.0.5', { hostname: 'dup-name' }),
      ep('172.0.0.9', { ready: false, serving: false }),
    ]),
    slice('hdls1', 'hdls1-v6', 'IPv6', http80, [ep('5678:abcd::1'), ep('5678:abcd::2')]),
    slice('hdlsprtls', 'hdlsprtls-v4', 'IPv4', [], [ep('172.0.0.20')]),
    slice('trail', 'trail-v6', 'IPv6', [], [ep('2001:db8:3333:4444:5555:6666::')]),
  );
  return Cluster.fromManifests(manifests, { nodes: 3 });
}

// ---------------------------------------------------------------------------------------------
// Rows and their check.

interface Row {
  rule: string;
  q: string;
  type: string;
  rcode: Rcode;
  answer: string[];
  authority: string[];
  additional: string[];
  /** `notAuthoritative` expected (fallthrough, outside the zones). */
  handOff?: boolean;
}

const soa = (zone = 'cluster.local', ttl = 30) => `${zone}. ${Math.min(ttl, 300)} IN SOA ns.dns.${zone}. hostmaster.${zone}. SERIAL 7200 1800 86400 ${ttl}`;
const ok = (rule: string, q: string, type: string, answer: string[], additional: string[] = []): Row => ({ rule, q, type, rcode: 'NOERROR', answer, authority: [], additional });
const nodata = (rule: string, q: string, type: string, zone = 'cluster.local', ttl = 30): Row => ({ rule, q, type, rcode: 'NOERROR', answer: [], authority: [soa(zone, ttl)], additional: [] });
const nx = (rule: string, q: string, type: string, zone = 'cluster.local', ttl = 30, handOff = false): Row => ({
  rule,
  q,
  type,
  rcode: 'NXDOMAIN',
  answer: [],
  authority: [soa(zone, ttl)],
  additional: [],
  ...(handOff ? { handOff } : {}),
});

const lines = (records: DnsAnswer['answer']) => records.map((rr) => formatRecord(rr).replace(/^(\S+ \d+ IN SOA \S+ \S+) \d+/, '$1 SERIAL')).sort();

function check(engine: ClusterDnsEngine, row: Row): void {
  const got = engine.answer({ name: row.q, type: row.type });
  expect({
    rcode: got.rcode,
    aa: got.authoritative,
    answer: lines(got.answer),
    authority: lines(got.authority),
    additional: lines(got.additional),
    handOff: got.notAuthoritative ?? false,
  }).toEqual({
    rcode: row.rcode,
    aa: true,
    answer: [...row.answer].sort(),
    authority: [...row.authority].sort(),
    additional: [...row.additional].sort(),
    handOff: row.handOff ?? false,
  });
}

/** One `it` per row, named by its rule and question, so a failing row says which row. */
function table(engine: ClusterDnsEngine, rows: Row[]): void {
  for (const row of rows) it(`${row.rule}: ${row.q} ${row.type}`, () => check(engine, row));
}

const cluster = fixtureCluster();
const engineWith = (config: Partial<DnsConfig> = {}) => new ClusterDnsEngine(cluster, { ...kubeadmProfile(), ...config });
/** The kubeadm Corefile: ttl 30, pods insecure, PTR zones with fallthrough (dns.md §0). */
const kubeadm = engineWith();
const T = 'testns.svc.cluster.local';

// ---------------------------------------------------------------------------------------------

describe('ClusterIP Services (dns.md §2)', () => {
  table(kubeadm, [
    ok('A = the ClusterIP (handler_test.go svc1)', `svc1.${T}.`, 'A', [`svc1.${T}. 30 IN A 10.96.1.1`]),
    ok('A exists without endpoints (handler_test.go svcempty)', `svcempty.${T}.`, 'A', [`svcempty.${T}. 30 IN A 10.96.1.2`]),
    nodata('AAAA of an IPv4-only Service is NODATA (handler_test.go)', `svc1.${T}.`, 'AAAA'),
    ok('AAAA = the IPv6 ClusterIP (handler_test.go svc6)', `svc6.${T}.`, 'AAAA', [`svc6.${T}. 30 IN AAAA fd00:10:96::6`]),
    nodata('A of an IPv6-only Service is NODATA', `svc6.${T}.`, 'A'),
    ok('dual-stack: A from clusterIPs (§12)', `dual.${T}.`, 'A', [`dual.${T}. 30 IN A 10.96.1.3`]),
    ok('dual-stack: AAAA from clusterIPs (§12)', `dual.${T}.`, 'AAAA', [`dual.${T}. 30 IN AAAA fd00:10:96::3`]),
    ok('SRV _port._proto: Service port, target the Service, glue A (handler_test.go)', `_http._tcp.svc1.${T}.`, 'SRV', [`_http._tcp.svc1.${T}. 30 IN SRV 0 100 80 svc1.${T}.`], [`svc1.${T}. 30 IN A 10.96.1.1`]),
    ok('SRV without endpoints still answers (handler_test.go svcempty)', `_http._tcp.svcempty.${T}.`, 'SRV', [`_http._tcp.svcempty.${T}. 30 IN SRV 0 100 80 svcempty.${T}.`], [`svcempty.${T}. 30 IN A 10.96.1.2`]),
    ok('SRV for an IPv6 Service carries AAAA glue (handler_test.go svc6)', `svc6.${T}.`, 'SRV', [`svc6.${T}. 30 IN SRV 0 100 80 svc6.${T}.`], [`svc6.${T}. 30 IN AAAA fd00:10:96::6`]),
    ok('dual-stack, one port: one SRV of weight 50, A and AAAA glue (§3 weights)', `dual.${T}.`, 'SRV', [`dual.${T}. 30 IN SRV 0 50 80 dual.${T}.`], [`dual.${T}. 30 IN A 10.96.1.3`, `dual.${T}. 30 IN AAAA fd00:10:96::3`]),
    ok(
      'bare-name SRV: one per Service port, weight floor(100/3) (§2, §3)',
      `multi.${T}.`,
      'SRV',
      [`multi.${T}. 30 IN SRV 0 33 80 multi.${T}.`, `multi.${T}. 30 IN SRV 0 33 443 multi.${T}.`, `multi.${T}. 30 IN SRV 0 33 53 multi.${T}.`],
      [`multi.${T}. 30 IN A 10.96.1.4`],
    ),
    ok('_https._tcp picks one port of several', `_https._tcp.multi.${T}.`, 'SRV', [`_https._tcp.multi.${T}. 30 IN SRV 0 100 443 multi.${T}.`], [`multi.${T}. 30 IN A 10.96.1.4`]),
    ok('_dns._udp matches the UDP port', `_dns._udp.multi.${T}.`, 'SRV', [`_dns._udp.multi.${T}. 30 IN SRV 0 100 53 multi.${T}.`], [`multi.${T}. 30 IN A 10.96.1.4`]),
    nx('wrong protocol is NXDOMAIN (§2)', `_dns._tcp.multi.${T}.`, 'SRV'),
    nx('unknown port name is NXDOMAIN, not NODATA (§2)', `_nope._tcp.svc1.${T}.`, 'SRV'),
    nx('not TCP/UDP/SCTP is NXDOMAIN (handler_test.go "SRV Service Not udp/tcp")', `_http._not-udp-or-tcp.svc1.${T}.`, 'SRV'),
    ok('underscores are optional: http.tcp.svc1 (§1 step 4)', `http.tcp.svc1.${T}.`, 'SRV', [`http.tcp.svc1.${T}. 30 IN SRV 0 100 80 svc1.${T}.`], [`svc1.${T}. 30 IN A 10.96.1.1`]),
    ok('bare-name SRV includes an unnamed port (§2, §17)', `plain.${T}.`, 'SRV', [`plain.${T}. 30 IN SRV 0 100 8080 plain.${T}.`], [`plain.${T}. 30 IN A 10.96.1.5`]),
    nx('an unnamed port never matches _name (§2, kubernetes#80175)', `_http._tcp.plain.${T}.`, 'SRV'),
    ok('A at _port._proto answers the Service A with that owner (§1 quirk)', `_http._tcp.svc1.${T}.`, 'A', [`_http._tcp.svc1.${T}. 30 IN A 10.96.1.1`]),
    nx('A at _port._proto of a port the Service lacks is NXDOMAIN (§1 quirk)', `_nope._tcp.svc1.${T}.`, 'A'),
    ok('endpoint name under a ClusterIP Service resolves to the pod IP (§2)', `10-244-1-11.svc1.${T}.`, 'A', [`10-244-1-11.svc1.${T}. 30 IN A 10.244.1.11`]),
    ok(
      'SRV at an endpoint name under a ClusterIP Service: the slice port',
      `10-244-1-11.svc1.${T}.`,
      'SRV',
      [`10-244-1-11.svc1.${T}. 30 IN SRV 0 100 8080 10-244-1-11.svc1.${T}.`],
      [`10-244-1-11.svc1.${T}. 30 IN A 10.244.1.11`],
    ),
    nodata('TXT at an existing Service is NODATA (§9)', `svc1.${T}.`, 'TXT'),
    nodata('MX at an existing Service is NODATA (§8)', `svc1.${T}.`, 'MX'),
    nodata('HTTPS at an existing Service is NODATA (hidden A lookup, §8)', `svc1.${T}.`, 'HTTPS'),
    nodata('CNAME at a ClusterIP Service is NODATA (plugin.CNAME)', `svc1.${T}.`, 'CNAME'),
  ]);
});

describe('headless Services (dns.md §3)', () => {
  table(kubeadm, [
    ok('A = ready IPv4 endpoints, unready left out (handler_test.go hdls1)', `hdls1.${T}.`, 'A', ['2', '3', '4', '5'].map((n) => `hdls1.${T}. 30 IN A 172.0.0.${n}`)),
    ok('AAAA = ready IPv6 endpoints (handler_test.go)', `hdls1.${T}.`, 'AAAA', [`hdls1.${T}. 30 IN AAAA 5678:abcd::1`, `hdls1.${T}. 30 IN AAAA 5678:abcd::2`]),
    ok('a shared hostname answers one A per IP (handler_test.go dup-name)', `dup-name.hdls1.${T}.`, 'A', [`dup-name.hdls1.${T}. 30 IN A 172.0.0.4`, `dup-name.hdls1.${T}. 30 IN A 172.0.0.5`]),
    ok('dashed IPv4 endpoint name (handler_test.go "An Endpoint ip")', `172-0-0-2.hdls1.${T}.`, 'A', [`172-0-0-2.hdls1.${T}. 30 IN A 172.0.0.2`]),
    ok('dashed IPv6 endpoint name (handler_test.go "AAAA Endpoint")', `5678-abcd--1.hdls1.${T}`, 'AAAA', [`5678-abcd--1.hdls1.${T}. 30 IN AAAA 5678:abcd::1`]),
    ok(
      '6 addresses, two sharing a name: 5 SRV of weight 16, 6 glue records (handler_test.go)',
      `_http._tcp.hdls1.${T}.`,
      'SRV',
      ['172-0-0-2', '172-0-0-3', '5678-abcd--1', '5678-abcd--2', 'dup-name'].map((n) => `_http._tcp.hdls1.${T}. 30 IN SRV 0 16 80 ${n}.hdls1.${T}.`),
      [
        `172-0-0-2.hdls1.${T}. 30 IN A 172.0.0.2`,
        `172-0-0-3.hdls1.${T}. 30 IN A 172.0.0.3`,
        `5678-abcd--1.hdls1.${T}. 30 IN AAAA 5678:abcd::1`,
        `5678-abcd--2.hdls1.${T}. 30 IN AAAA 5678:abcd::2`,
        `dup-name.hdls1.${T}. 30 IN A 172.0.0.4`,
        `dup-name.hdls1.${T}. 30 IN A 172.0.0.5`,
      ],
    ),
    nx('an unready endpoint has no name (§3, §13)', `172-0-0-9.hdls1.${T}.`, 'A'),
    nx('unknown endpoint is NXDOMAIN (handler_test.go bogusendpoint)', `bogusendpoint.hdls1.${T}.`, 'A'),
    ok('portless headless: A works (handler_test.go hdlsprtls)', `hdlsprtls.${T}.`, 'A', [`hdlsprtls.${T}. 30 IN A 172.0.0.20`]),
    ok('portless headless: endpoint A works (handler_test.go)', `172-0-0-20.hdlsprtls.${T}.`, 'A', [`172-0-0-20.hdlsprtls.${T}. 30 IN A 172.0.0.20`]),
    nodata('portless headless: bare SRV is NODATA (port -1, handler_test.go)', `hdlsprtls.${T}.`, 'SRV'),
    nx('portless headless: _x._tcp SRV is NXDOMAIN (§3)', `_http._tcp.hdlsprtls.${T}.`, 'SRV'),
    ok('IPv6 ending in :: names with a trailing 0 (§3, TestEndpointHostname)', `2001-db8-3333-4444-5555-6666--0.trail.${T}.`, 'AAAA', [
      `2001-db8-3333-4444-5555-6666--0.trail.${T}. 30 IN AAAA 2001:db8:3333:4444:5555:6666::`,
    ]),
    ok('DESIGN.md svc-chroma: A = ready pod IPs', 'svc-chroma.default.svc.cluster.local.', 'A', [
      'svc-chroma.default.svc.cluster.local. 30 IN A 10.1.207.210',
      'svc-chroma.default.svc.cluster.local. 30 IN A 10.1.207.211',
    ]),
    ok(
      'DESIGN.md svc-chroma: _http._tcp SRV carries targetPort 8000, not 80 (§3, §17)',
      '_http._tcp.svc-chroma.default.svc.cluster.local.',
      'SRV',
      [
        '_http._tcp.svc-chroma.default.svc.cluster.local. 30 IN SRV 0 50 8000 10-1-207-210.svc-chroma.default.svc.cluster.local.',
        '_http._tcp.svc-chroma.default.svc.cluster.local. 30 IN SRV 0 50 8000 10-1-207-211.svc-chroma.default.svc.cluster.local.',
      ],
      [
        '10-1-207-210.svc-chroma.default.svc.cluster.local. 30 IN A 10.1.207.210',
        '10-1-207-211.svc-chroma.default.svc.cluster.local. 30 IN A 10.1.207.211',
      ],
    ),
    ok('pod hostname + subdomain name the endpoint (§4 ShouldSetHostname)', `db-0.db.${T}.`, 'A', [`db-0.db.${T}. 30 IN A 10.244.2.10`]),
    ok('dual-stack: the same hostname answers AAAA from the IPv6 slice (§12)', `db-0.db.${T}.`, 'AAAA', [`db-0.db.${T}. 30 IN AAAA fd00:10:244:2::10`]),
    ok(
      'dual-stack named endpoints: one SRV per name, A and AAAA glue (§12)',
      `_pg._tcp.db.${T}.`,
      'SRV',
      [`_pg._tcp.db.${T}. 30 IN SRV 0 25 5432 db-0.db.${T}.`, `_pg._tcp.db.${T}. 30 IN SRV 0 25 5432 db-1.db.${T}.`],
      [`db-0.db.${T}. 30 IN A 10.244.2.10`, `db-0.db.${T}. 30 IN AAAA fd00:10:244:2::10`, `db-1.db.${T}. 30 IN A 10.244.2.11`, `db-1.db.${T}. 30 IN AAAA fd00:10:244:2::11`],
    ),
    ok(
      'SRV at an endpoint name answers its ports (§3 CoreDNS extension)',
      `db-0.db.${T}.`,
      'SRV',
      [`db-0.db.${T}. 30 IN SRV 0 50 5432 db-0.db.${T}.`],
      [`db-0.db.${T}. 30 IN A 10.244.2.10`, `db-0.db.${T}. 30 IN AAAA fd00:10:244:2::10`],
    ),
    nx('_port._proto under an endpoint is too long (kubernetes/dns#184)', `_pg._tcp.db-0.db.${T}.`, 'SRV'),
    ok(
      'dual-stack unnamed endpoints: two SRV targets, dashed v4 and v6 (§12)',
      `_http._tcp.dualweb.${T}.`,
      'SRV',
      [`_http._tcp.dualweb.${T}. 30 IN SRV 0 50 8080 10-244-3-5.dualweb.${T}.`, `_http._tcp.dualweb.${T}. 30 IN SRV 0 50 8080 fd00-10-244-3--5.dualweb.${T}.`],
      [`10-244-3-5.dualweb.${T}. 30 IN A 10.244.3.5`, `fd00-10-244-3--5.dualweb.${T}. 30 IN AAAA fd00:10:244:3::5`],
    ),
    nx('no ready endpoint: A is NXDOMAIN (§3, spec 2.4.1)', `cold.${T}.`, 'A'),
    nx('no ready endpoint: SRV is NXDOMAIN', `cold.${T}.`, 'SRV'),
    nx('no ready endpoint: AAAA is NXDOMAIN', `cold.${T}.`, 'AAAA'),
    nx('no ready endpoint: TXT is NXDOMAIN', `cold.${T}.`, 'TXT'),
    nodata('IPv4-only endpoints + AAAA is NODATA (§3)', 'svc-chroma.default.svc.cluster.local.', 'AAAA'),
  ]);
});

describe('ExternalName Services (dns.md §6)', () => {
  table(kubeadm, [
    ok('CNAME query returns the CNAME (handler_test.go "CNAME External")', `external.${T}.`, 'CNAME', [`external.${T}. 30 IN CNAME ext.interwebs.test.`]),
    ok('A: out-of-zone target → the CNAME alone (no upstream in the engine)', `external.${T}.`, 'A', [`external.${T}. 30 IN CNAME ext.interwebs.test.`]),
    ok('A: in-zone target is chased: CNAME + A (handler_test.go "CNAME External To Internal Service")', `external-to-service.${T}`, 'A', [
      `external-to-service.${T}. 30 IN CNAME svc1.${T}.`,
      `svc1.${T}. 30 IN A 10.96.1.1`,
    ]),
    nodata('AAAA: in-zone target without AAAA adds nothing → NODATA (backend_lookup.go A)', `external-to-service.${T}`, 'AAAA'),
    ok('a chain of two in-zone CNAMEs is followed', `ext-chain.${T}.`, 'A', [
      `ext-chain.${T}. 30 IN CNAME external-to-service.${T}.`,
      `external-to-service.${T}. 30 IN CNAME svc1.${T}.`,
      `svc1.${T}. 30 IN A 10.96.1.1`,
    ]),
    nodata('in-zone target that does not exist → NODATA', `ext-missing.${T}.`, 'A'),
    nx('IP-valued externalName → NXDOMAIN for A (coredns#2324)', `ext-ip.${T}.`, 'A'),
    nx('IP-valued externalName → NXDOMAIN for CNAME', `ext-ip.${T}.`, 'CNAME'),
    nx('IP-valued externalName → NXDOMAIN for TXT', `ext-ip.${T}.`, 'TXT'),
    nodata('SRV at an ExternalName is NODATA (§6)', `external.${T}.`, 'SRV'),
    nodata('TXT at an ExternalName is NODATA (§6)', `external.${T}.`, 'TXT'),
    nodata('MX at an ExternalName is NODATA (§6)', `external.${T}.`, 'MX'),
    nx('_port._proto under an ExternalName is NXDOMAIN (coredns#6162)', `_http._tcp.external.${T}.`, 'SRV'),
    nx('a sub-name of an ExternalName is NXDOMAIN (coredns#5733)', `nginx2.external.${T}.`, 'A'),
  ]);
});

describe('PTR (dns.md §5)', () => {
  table(kubeadm, [
    ok('ClusterIP → the Service (reverse_test.go)', '1.1.96.10.in-addr.arpa.', 'PTR', [`1.1.96.10.in-addr.arpa. 30 IN PTR svc1.${T}.`]),
    ok('IPv6 ClusterIP in full nibble form (reverse_test.go)', '6.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.1.0.0.0.0.d.f.ip6.arpa.', 'PTR', [
      `6.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.1.0.0.0.0.d.f.ip6.arpa. 30 IN PTR svc6.${T}.`,
    ]),
    ok('a ClusterIP Service endpoint without hostname: dashed name (§5, §17)', '11.1.244.10.in-addr.arpa.', 'PTR', [`11.1.244.10.in-addr.arpa. 30 IN PTR 10-244-1-11.svc1.${T}.`]),
    ok('a named headless endpoint', '10.2.244.10.in-addr.arpa.', 'PTR', [`10.2.244.10.in-addr.arpa. 30 IN PTR db-0.db.${T}.`]),
    ok('an IPv6 headless endpoint', '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.c.b.a.8.7.6.5.ip6.arpa.', 'PTR', [
      `1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.c.b.a.8.7.6.5.ip6.arpa. 30 IN PTR 5678-abcd--1.hdls1.${T}.`,
    ]),
    ok('a pod behind two Services has two PTRs (§5)', '210.207.1.10.in-addr.arpa.', 'PTR', [
      '210.207.1.10.in-addr.arpa. 30 IN PTR 10-1-207-210.svc-chroma.default.svc.cluster.local.',
      '210.207.1.10.in-addr.arpa. 30 IN PTR 10-1-207-210.chroma-api.default.svc.cluster.local.',
    ]),
    nx('an unready endpoint has no PTR; kubeadm falls through (§5, §13)', '9.0.0.172.in-addr.arpa.', 'PTR', 'in-addr.arpa', 30, true),
    nx('an unknown IP: NXDOMAIN with the reverse zone SOA, handed on (§5)', '99.99.99.10.in-addr.arpa.', 'PTR', 'in-addr.arpa', 30, true),
    nx('a partial reverse name is not a valid name', '10.in-addr.arpa.', 'PTR', 'in-addr.arpa', 30, true),
    nodata('the reverse apex exists', 'in-addr.arpa.', 'PTR', 'in-addr.arpa'),
    nodata('PTR at a forward name that exists is NODATA', `svc1.${T}.`, 'PTR'),
    nx('A under the reverse zone is NXDOMAIN', '1.1.96.10.in-addr.arpa.', 'A', 'in-addr.arpa', 30, true),
  ]);

  it('without reverse zones, PTR names are outside the zones: REFUSED, not ours', () => {
    const answer = engineWith({ zones: ['cluster.local'] }).answer({ name: '1.1.96.10.in-addr.arpa.', type: 'PTR' });
    expect(answer).toEqual({ rcode: 'REFUSED', authoritative: false, notAuthoritative: true, answer: [], authority: [], additional: [] });
  });
});

describe('apex, NS, SOA, dns-version (dns.md §8, §9)', () => {
  table(kubeadm, [
    ok('SOA at the apex (kubernetes_apex_test.go)', 'cluster.local.', 'SOA', [soa()]),
    nodata('SOA below the apex: NOERROR without data', `svc1.${T}.`, 'SOA'),
    nodata('SOA below the apex even for a missing name (§8 quirk)', `nothere.${T}.`, 'SOA'),
    ok('NS: the kube-dns Service holding the CoreDNS pods, its ClusterIP as glue (coredns/ci)', 'cluster.local.', 'NS', ['cluster.local. 30 IN NS kube-dns.kube-system.svc.cluster.local.'], [
      'kube-dns.kube-system.svc.cluster.local. 30 IN A 10.96.0.10',
    ]),
    nodata('NS below the apex at an existing name is NODATA (handler_test.go)', `svc1.${T}.`, 'NS'),
    nx('NS below the apex at a missing name is NXDOMAIN', 'foo.cluster.local.', 'NS'),
    ok('A ns.dns.<zone> answers the name server addresses (§8)', 'ns.dns.cluster.local.', 'A', ['ns.dns.cluster.local. 30 IN A 10.96.0.10']),
    nodata('AAAA ns.dns.<zone> without IPv6 addresses is NODATA', 'ns.dns.cluster.local.', 'AAAA'),
    nx('TXT ns.dns.<zone> is NXDOMAIN (not a svc/pod name)', 'ns.dns.cluster.local.', 'TXT'),
    nodata('A at the apex is NODATA (§8)', 'cluster.local.', 'A'),
    nodata('SRV at the apex is NODATA', 'cluster.local.', 'SRV'),
    nodata('HINFO at the apex is NODATA (kubernetes_apex_test.go)', 'cluster.local.', 'HINFO'),
    ok('TXT dns-version.<zone> = "1.1.0", TTL 28800 (§9)', 'dns-version.cluster.local.', 'TXT', ['dns-version.cluster.local. 28800 IN TXT "1.1.0"']),
    nx('dns-version for any other type is NXDOMAIN (§9)', 'dns-version.cluster.local.', 'A'),
    nx('TXT at a missing Service is NXDOMAIN (coredns#5736)', `nothere.${T}.`, 'TXT'),
    nx('TXT at a namespace name is NXDOMAIN: it holds no items (PR #5737)', `${T}.`, 'TXT'),
  ]);

  it('AXFR and IXFR are refused (no transfer plugin, §8)', () => {
    for (const type of ['AXFR', 'IXFR']) {
      expect(kubeadm.answer({ name: 'cluster.local.', type })).toMatchObject({ rcode: 'REFUSED', authoritative: false });
    }
  });

  it('names outside every zone are REFUSED and handed on', () => {
    expect(kubeadm.answer({ name: 'example.com.', type: 'A' })).toEqual({
      rcode: 'REFUSED',
      authoritative: false,
      notAuthoritative: true,
      answer: [],
      authority: [],
      additional: [],
    });
  });

  it('SOA TTL is min(ttl, 300) and MINIMUM is ttl (§8)', () => {
    check(engineWith({ ttl: 5 }), nx('ttl 5', `nothere.${T}.`, 'A', 'cluster.local', 5));
    check(engineWith({ ttl: 600 }), nx('ttl 600', `nothere.${T}.`, 'A', 'cluster.local', 600));
  });
});

describe('existence summary: NXDOMAIN vs NODATA for A (dns.md §8)', () => {
  table(kubeadm, [
    nodata('zone apex', 'cluster.local.', 'A'),
    nodata('svc.<zone>', 'svc.cluster.local.', 'A'),
    nodata('pod.<zone>', 'pod.cluster.local.', 'A'),
    nodata('<existing-ns>.svc.<zone>', `${T}.`, 'A'),
    nodata('a namespace without objects exists (handler_test.go testns)', 'quiet.svc.cluster.local.', 'A'),
    nx('<missing-ns>.svc.<zone> (handler_test.go svc-nons)', 'svc0.missing.svc.cluster.local.', 'A'),
    nx('<missing-ns>.svc.<zone> itself', 'missing.svc.cluster.local.', 'A'),
    nx('unknown Service (handler_test.go svc0)', `svc0.${T}.`, 'A'),
    nx('unknown Service, AAAA', `svc0.${T}.`, 'AAAA'),
    nx('unknown endpoint', `nobody.svc1.${T}.`, 'A'),
    nx('endpoint of an unknown Service (handler_test.go)', `bogusendpoint.svc0.${T}.`, 'A'),
    nx('headless without ready endpoints', `cold.${T}.`, 'A'),
    nx('IP-valued ExternalName', `ext-ip.${T}.`, 'A'),
    nx('3+ labels left of the Service (§1 "too long")', `a.b.c.svc1.${T}.`, 'A'),
    nx('* is a plain label since CoreDNS 1.9.0 (§1)', `*.${T}.`, 'A'),
    nx('any is a plain label', `any.${T}.`, 'A'),
    nx('* as namespace', 'svc1.*.svc.cluster.local.', 'A'),
    nx('last label neither svc nor pod (§1 step 2)', 'foo.cluster.local.', 'A'),
    nx('deeper names without svc/pod', 'a.foo.cluster.local.', 'A'),
    nodata('other types at an existing name: NODATA (§8)', `svc1.${T}.`, 'CAA'),
    nx('other types at a missing name: NXDOMAIN (§8)', `svc0.${T}.`, 'CAA'),
    nx('ANY at a missing name: NXDOMAIN', `svc0.${T}.`, 'ANY'),
  ]);
});

describe('case (dns.md §10, handler_case_test.go)', () => {
  table(kubeadm, [
    ok('the owner echoes the query', 'SvC1.TeStNs.SvC.cLuStEr.LoCaL.', 'A', ['SvC1.TeStNs.SvC.cLuStEr.LoCaL. 30 IN A 10.96.1.1']),
    ok(
      'SRV targets: object names in lower case, the zone as spelled',
      '_HTTP._TCP.svc1.TESTNS.svc.cLuStEr.LoCaL.',
      'SRV',
      ['_HTTP._TCP.svc1.TESTNS.svc.cLuStEr.LoCaL. 30 IN SRV 0 100 80 svc1.testns.svc.cLuStEr.LoCaL.'],
      ['svc1.testns.svc.cLuStEr.LoCaL. 30 IN A 10.96.1.1'],
    ),
    ok('endpoint names match case-insensitively', `DUP-NAME.hdls1.${T}.`, 'A', [`DUP-NAME.hdls1.${T}. 30 IN A 172.0.0.4`, `DUP-NAME.hdls1.${T}. 30 IN A 172.0.0.5`]),
    nx('the SOA owner is the zone as spelled', 'nope.testns.svc.Cluster.Local.', 'A', 'Cluster.Local'),
    nodata('NS at an upper-case apex is NODATA (handler.go compares the lower-cased name with the spelled zone)', 'CLUSTER.LOCAL.', 'NS', 'CLUSTER.LOCAL'),
  ]);
});

describe('pod records (dns.md §7)', () => {
  const disabled = engineWith({ pods: 'disabled', ttl: 5 });
  const insecure = kubeadm;
  const verified = engineWith({ pods: 'verified' });
  const P = 'testns.pod.cluster.local';
  table(disabled, [
    nx('disabled: a pod name is NXDOMAIN (handler_pod_disabled_test.go)', `10-244-1-11.${P}.`, 'A', 'cluster.local', 5),
    nx('disabled: <ns>.pod.<zone> is NXDOMAIN', `${P}.`, 'A', 'cluster.local', 5),
    nodata('disabled: pod.<zone> is NODATA', 'pod.cluster.local.', 'A', 'cluster.local', 5),
  ]);

  table(insecure, [
    ok('insecure: a pod IP answers (handler_pod_insecure_test.go)', `10-244-1-11.${P}.`, 'A', [`10-244-1-11.${P}. 30 IN A 10.244.1.11`]),
    ok('insecure: no pod needed', `1-2-3-4.${P}.`, 'A', [`1-2-3-4.${P}. 30 IN A 1.2.3.4`]),
    ok('insecure: IPv6 with -- (§7)', `fd00-10-244-2--10.${P}.`, 'AAAA', [`fd00-10-244-2--10.${P}. 30 IN AAAA fd00:10:244:2::10`]),
    nodata('insecure: an IPv4 pod name asked AAAA is NODATA', `1-2-3-4.${P}.`, 'AAAA'),
    nodata('insecure: <ns>.pod.<zone> is NODATA', `${P}.`, 'A'),
    nx('insecure: a label that is no IP is NXDOMAIN', `not-an-ip.${P}.`, 'A'),
    nx('insecure: the namespace must exist', '1-2-3-4.missing.pod.cluster.local.', 'A'),
    ok('insecure: SRV at a pod name, port 0 (coredns#1228)', `1-2-3-4.${P}.`, 'SRV', [`1-2-3-4.${P}. 30 IN SRV 0 100 0 1-2-3-4.${P}.`], [`1-2-3-4.${P}. 30 IN A 1.2.3.4`]),
  ]);

  table(verified, [
    ok('verified: the primary IP of a pod in that namespace (handler_pod_verified_test.go)', `10-244-1-11.${P}.`, 'A', [`10-244-1-11.${P}. 30 IN A 10.244.1.11`]),
    nx('verified: an IP no pod has', `1-2-3-4.${P}.`, 'A'),
    nx('verified: a pod of another namespace', '10-244-1-11.default.pod.cluster.local.', 'A'),
    nx('verified: a secondary (IPv6) podIP is not indexed (§7)', `fd00-10-244-2--10.${P}.`, 'AAAA'),
  ]);
});

describe('options (dns.md §11)', () => {
  table(engineWith({ ignoreEmptyService: true }), [
    nx('ignore empty_service: ClusterIP without ready endpoints → NXDOMAIN (handler_ignore_emptyservice_test.go)', `svcempty.${T}.`, 'A'),
    ok('ignore empty_service: a Service with endpoints still answers', `svc1.${T}.`, 'A', [`svc1.${T}. 30 IN A 10.96.1.1`]),
    ok('ignore empty_service: headless is exempt', `hdlsprtls.${T}.`, 'A', [`hdlsprtls.${T}. 30 IN A 172.0.0.20`]),
    ok('ignore empty_service: ExternalName is exempt', `external.${T}.`, 'CNAME', [`external.${T}. 30 IN CNAME ext.interwebs.test.`]),
  ]);

  table(engineWith({ noEndpoints: true }), [
    ok('noendpoints: ClusterIP A still works', `svc1.${T}.`, 'A', [`svc1.${T}. 30 IN A 10.96.1.1`]),
    nx('noendpoints: headless → NXDOMAIN', `hdls1.${T}.`, 'A'),
    nx('noendpoints: endpoint names → NXDOMAIN', `10-244-1-11.svc1.${T}.`, 'A'),
    ok('noendpoints: NS falls back to ns.dns with the cluster DNS address', 'cluster.local.', 'NS', ['cluster.local. 30 IN NS ns.dns.cluster.local.'], ['ns.dns.cluster.local. 30 IN A 10.96.0.10']),
  ]);

  table(engineWith({ namespaces: ['testns'] }), [
    ok('namespaces: a listed namespace answers', `svc1.${T}.`, 'A', [`svc1.${T}. 30 IN A 10.96.1.1`]),
    nx('namespaces: an unlisted namespace is NXDOMAIN', 'svc-chroma.default.svc.cluster.local.', 'A'),
    nx('namespaces: even <ns>.svc of an unlisted namespace', 'default.svc.cluster.local.', 'A'),
    nx('namespaces: no PTR into an unlisted namespace (reverse.go)', '210.207.1.10.in-addr.arpa.', 'PTR', 'in-addr.arpa', 30, true),
  ]);

  table(engineWith({ endpointPodNames: true }), [
    ok('endpoint_pod_names: endpoints without hostname are named after the pod', 'chroma-0.svc-chroma.default.svc.cluster.local.', 'A', [
      'chroma-0.svc-chroma.default.svc.cluster.local. 30 IN A 10.1.207.210',
    ]),
    nx('endpoint_pod_names: the dashed name is gone', '10-1-207-210.svc-chroma.default.svc.cluster.local.', 'A'),
    ok('endpoint_pod_names: a hostname still wins', `db-1.db.${T}.`, 'A', [`db-1.db.${T}. 30 IN A 10.244.2.11`]),
  ]);

  it('fallthrough: NXDOMAIN in a covered zone is handed on; elsewhere it is final (handler.go)', () => {
    check(engineWith({ fallthrough: [] }), nx('bare fallthrough covers every zone', `svc0.${T}.`, 'A', 'cluster.local', 30, true));
    check(kubeadm, nx('kubeadm: only the reverse zones fall through', `svc0.${T}.`, 'A'));
    check(engineWith({ fallthrough: [] }), nodata('NODATA never falls through', `svc1.${T}.`, 'AAAA'));
  });
});

describe('DESIGN.md scenario from its YAML (testdata/scenarios/headless-chroma)', () => {
  it('A answers the two simulated pod IPs; _http._tcp SRV says 8000 for each of them', async () => {
    const { readFile } = await import('node:fs/promises');
    const { parseManifestText } = await import('../source/load.js');
    const file = new URL('../../testdata/scenarios/headless-chroma/chroma.yaml', import.meta.url);
    const manifests = parseManifestText(await readFile(file, 'utf8'), 'chroma.yaml');
    const engine = new ClusterDnsEngine(Cluster.fromManifests(manifests, { nodes: 3 }), kubeadmProfile());
    const a = engine.answer({ name: 'svc-chroma.default.svc.cluster.local.', type: 'A' });
    const ips = a.answer.map((rr) => String(rr.data)).sort();
    expect(ips).toHaveLength(2);
    const srv = engine.answer({ name: '_http._tcp.svc-chroma.default.svc.cluster.local.', type: 'SRV' });
    expect(lines(srv.answer)).toEqual(
      ips.map((ip) => `_http._tcp.svc-chroma.default.svc.cluster.local. 30 IN SRV 0 50 8000 ${ip.replaceAll('.', '-')}.svc-chroma.default.svc.cluster.local.`).sort(),
    );
  });
});

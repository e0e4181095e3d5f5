/**
 * Query-name parsing alone (dns.md §1; coredns plugin/kubernetes/parse_test.go): zone matching
 * longest-first with the spelled zone kept, and the right-to-left reading of the labels below it.
 */
import { describe, expect, it } from 'vitest';
import { parseRequest, splitQueryName } from './parse.js';

const zones = ['cluster.local', 'in-addr.arpa', 'ip6.arpa', 'inner.cluster.local'];

describe('splitQueryName', () => {
  const rows: Array<[rule: string, name: string, expected: ReturnType<typeof splitQueryName>]> = [
    ['absolute name, trailing dot dropped', 'web.default.svc.cluster.local.', { owner: 'web.default.svc.cluster.local', lower: 'web.default.svc.cluster.local', zone: 'cluster.local', zoneSpelled: 'cluster.local' }],
    ['case kept in owner and spelled zone (§10)', 'Web.Default.svc.Cluster.LOCAL', { owner: 'Web.Default.svc.Cluster.LOCAL', lower: 'web.default.svc.cluster.local', zone: 'cluster.local', zoneSpelled: 'Cluster.LOCAL' }],
    ['the longest zone wins (plugin.Zones.Matches)', 'a.b.svc.inner.cluster.local', { owner: 'a.b.svc.inner.cluster.local', lower: 'a.b.svc.inner.cluster.local', zone: 'inner.cluster.local', zoneSpelled: 'inner.cluster.local' }],
    ['the apex itself', 'cluster.local.', { owner: 'cluster.local', lower: 'cluster.local', zone: 'cluster.local', zoneSpelled: 'cluster.local' }],
    ['reverse zone', '10.0.96.10.in-addr.arpa.', { owner: '10.0.96.10.in-addr.arpa', lower: '10.0.96.10.in-addr.arpa', zone: 'in-addr.arpa', zoneSpelled: 'in-addr.arpa' }],
    ['a label that merely ends like the zone is outside', 'xcluster.local.', undefined],
    ['outside every zone', 'example.com.', undefined],
  ];
  for (const [rule, name, expected] of rows) it(`${rule}: ${name}`, () => expect(splitQueryName(name, zones)).toEqual(expected));
});

describe('parseRequest (parse.go)', () => {
  const svc = (namespace: string, service = '', endpoint = '', port = '', protocol = '') => ({ kind: 'svc', namespace, service, endpoint, port, protocol });
  const rows: Array<[rule: string, name: string, expected: unknown]> = [
    ['apex → NODATA', 'cluster.local', { kind: 'apex' }],
    ['svc.<zone> → NODATA', 'svc.cluster.local', { kind: 'apex' }],
    ['pod.<zone> → NODATA', 'pod.cluster.local', { kind: 'apex' }],
    ['namespace only', 'default.svc.cluster.local', svc('default')],
    ['service', 'web.default.svc.cluster.local', svc('default', 'web')],
    ['endpoint (one label left)', 'web-0.web.default.svc.cluster.local', svc('default', 'web', 'web-0')],
    ['port and protocol, underscores stripped', '_http._tcp.web.default.svc.cluster.local', svc('default', 'web', '', 'http', 'tcp')],
    ['port and protocol without underscores', 'http.tcp.web.default.svc.cluster.local', svc('default', 'web', '', 'http', 'tcp')],
    ['only one underscore stripped', '__http._tcp.web.default.svc.cluster.local', svc('default', 'web', '', '_http', 'tcp')],
    ['pod name', '10-244-0-1.default.pod.cluster.local', { kind: 'pod', namespace: 'default', service: '10-244-0-1', endpoint: '', port: '', protocol: '' }],
    ['three labels left: too long (kubernetes/dns#184)', '_http._tcp.web-0.web.default.svc.cluster.local', { kind: 'invalid', reason: 'too-long' }],
    ['last label neither svc nor pod', 'dns-version.cluster.local', { kind: 'invalid', reason: 'not-svc-or-pod' }],
    ['ns.dns is not a svc/pod name', 'ns.dns.cluster.local', { kind: 'invalid', reason: 'not-svc-or-pod' }],
    ['* is an ordinary label (CoreDNS 1.9.0)', '*.default.svc.cluster.local', svc('default', '*')],
  ];
  for (const [rule, name, expected] of rows) it(`${rule}: ${name}`, () => expect(parseRequest(name, 'cluster.local')).toEqual(expected));
});

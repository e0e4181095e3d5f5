/**
 * The pod's resolv.conf as kubelet writes it (dns.md §15; kubernetes pkg/kubelet/network/dns/dns.go
 * and the cases of its dns_test.go: TestGetPodDNS, TestGetPodDNSCustom, TestMergeDNSOptions,
 * TestFormDNSSearchFitsLimits, TestFormDNSNameserversFitsLimits, TestParseResolvConf).
 */
import { describe, expect, it } from 'vitest';
import { makePod } from '../../test/fixtures.js';
import type { Pod } from '../model/index.js';
import { buildResolvConf, formatResolvConf, parseResolvConf, type ResolvConf, type ResolvConfCluster } from './resolv-conf.js';

/** A node on EC2 (dns.md §15 example), behind systemd-resolved's upstream file. */
const NODE: ResolvConf = parseResolvConf('nameserver 10.0.0.2\nsearch us-east-1.compute.internal\noptions edns0 trust-ad\n');
const CLUSTER: ResolvConfCluster = { clusterDomain: 'cluster.local', nameserver: '10.96.0.10', nodeResolvConf: NODE };

const pod = (tweak: (p: Pod) => void = () => {}) => makePod('client', tweak, 'app');

describe('buildResolvConf: dnsPolicy', () => {
  const rows: Array<{ name: string; pod: Pod; cluster?: ResolvConfCluster; file: string; type: string; notes?: RegExp[] }> = [
    {
      name: 'ClusterFirst: cluster DNS, three cluster domains then the node\'s, ndots:5 only (node options dropped)',
      pod: pod(),
      file: 'search app.svc.cluster.local svc.cluster.local cluster.local us-east-1.compute.internal\nnameserver 10.96.0.10\noptions ndots:5\n',
      type: 'cluster',
    },
    {
      name: 'ClusterFirst: node search domains already in the cluster list are not repeated (omitDuplicates)',
      pod: pod(),
      cluster: { ...CLUSTER, nodeResolvConf: parseResolvConf('nameserver 10.0.0.2\nsearch cluster.local. corp.example\n') },
      file: 'search app.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.96.0.10\noptions ndots:5\n',
      type: 'cluster',
    },
    {
      name: 'ClusterFirst on a hostNetwork pod falls back to Default (getPodDNSType)',
      pod: pod((p) => (p.hostNetwork = true)),
      file: 'search us-east-1.compute.internal\nnameserver 10.0.0.2\noptions edns0 trust-ad\n',
      type: 'host',
      notes: [/hostNetwork pod falls back to Default/],
    },
    {
      name: 'ClusterFirstWithHostNet keeps cluster DNS on a hostNetwork pod',
      pod: pod((p) => ((p.hostNetwork = true), (p.dnsPolicy = 'ClusterFirstWithHostNet'))),
      file: 'search app.svc.cluster.local svc.cluster.local cluster.local us-east-1.compute.internal\nnameserver 10.96.0.10\noptions ndots:5\n',
      type: 'cluster',
    },
    {
      name: 'Default: the node resolv.conf as kubelet read it',
      pod: pod((p) => (p.dnsPolicy = 'Default')),
      file: 'search us-east-1.compute.internal\nnameserver 10.0.0.2\noptions edns0 trust-ad\n',
      type: 'host',
    },
    {
      name: 'None: only spec.dnsConfig (TestGetPodDNSCustom)',
      pod: pod((p) => {
        p.dnsPolicy = 'None';
        p.dnsConfig = { nameservers: ['203.0.113.1'], searches: ['my.dns.search.suffix'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] };
      }),
      file: 'search my.dns.search.suffix\nnameserver 203.0.113.1\noptions ndots:2 edns0\n',
      type: 'none',
    },
    {
      name: 'None without nameservers: the API server rejects the pod',
      pod: pod((p) => ((p.dnsPolicy = 'None'), (p.dnsConfig = { searches: ['a.example'] }))),
      file: 'search a.example\n',
      type: 'none',
      notes: [/at least one nameserver is required/],
    },
    {
      name: 'dnsConfig merged onto ClusterFirst: appended, deduplicated, options overridden by name (appendDNSConfig)',
      pod: pod((p) => {
        p.dnsConfig = {
          nameservers: ['10.96.0.10', '203.0.113.1'],
          searches: ['svc.cluster.local', 'corp.example'],
          options: [{ name: 'ndots', value: '2' }, { name: 'single-request-reopen', value: '' }],
        };
      }),
      file: 'search app.svc.cluster.local svc.cluster.local cluster.local us-east-1.compute.internal corp.example\nnameserver 10.96.0.10\nnameserver 203.0.113.1\noptions ndots:2 single-request-reopen\n',
      type: 'cluster',
    },
    {
      name: 'no cluster DNS configured: ClusterFirst degrades to Default (MissingClusterDNS)',
      pod: pod(),
      cluster: { ...CLUSTER, nameserver: '' },
      file: 'search us-east-1.compute.internal\nnameserver 10.0.0.2\noptions edns0 trust-ad\n',
      type: 'host',
      notes: [/MissingClusterDNS/],
    },
    {
      name: 'no cluster domain: only the node search list (generateSearchesForDNSClusterFirst)',
      pod: pod(),
      cluster: { ...CLUSTER, clusterDomain: '' },
      file: 'search us-east-1.compute.internal\nnameserver 10.96.0.10\noptions ndots:5\n',
      type: 'cluster',
    },
    {
      name: 'an invalid dnsPolicy acts as ClusterFirst',
      pod: pod((p) => (p.dnsPolicy = 'ClusterLast')),
      file: 'search app.svc.cluster.local svc.cluster.local cluster.local us-east-1.compute.internal\nnameserver 10.96.0.10\noptions ndots:5\n',
      type: 'cluster',
      notes: [/invalid dnsPolicy "ClusterLast"/],
    },
    {
      name: 'node resolv.conf not given: a documented stand-in',
      pod: pod((p) => (p.dnsPolicy = 'Default')),
      cluster: { clusterDomain: 'cluster.local', nameserver: '10.96.0.10' },
      file: 'nameserver 192.0.2.53\n',
      type: 'host',
      notes: [/node resolv.conf was not given/],
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const { conf, type, notes } = buildResolvConf(row.pod, row.cluster ?? CLUSTER);
      expect(formatResolvConf(conf)).toBe(row.file);
      expect(type).toBe(row.type);
      for (const note of row.notes ?? []) expect(notes).toContainEqual(expect.stringMatching(note));
      if (!row.notes) expect(notes).toEqual([]);
    });
  }
});

describe('buildResolvConf: kubelet limits (formDNSConfigFitsLimits)', () => {
  const withConfig = (dnsConfig: NonNullable<Pod['dnsConfig']>) => pod((p) => ((p.dnsPolicy = 'None'), (p.dnsConfig = dnsConfig)));

  it('keeps the first 3 nameservers, with kubelet\'s event text', () => {
    const { conf, notes } = buildResolvConf(withConfig({ nameservers: ['1.1.1.1', '2.2.2.2', '3.3.3.3', '4.4.4.4'] }), CLUSTER);
    expect(conf.nameservers).toEqual(['1.1.1.1', '2.2.2.2', '3.3.3.3']);
    expect(notes).toEqual(['Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 1.1.1.1 2.2.2.2 3.3.3.3']);
  });

  it('keeps the first 32 search domains (MaxDNSSearchPathsExpanded)', () => {
    const searches = Array.from({ length: 35 }, (_, i) => `d${i}.example`);
    const { conf, notes } = buildResolvConf(withConfig({ nameservers: ['1.1.1.1'], searches }), CLUSTER);
    expect(conf.search).toEqual(searches.slice(0, 32));
    expect(notes[0]).toMatch(/^Search Line limits were exceeded, some search paths have been omitted, the applied search line is: d0.example d1.example/);
  });

  it('drops a search domain over 253 characters', () => {
    const long = `${'a'.repeat(62)}.${'b'.repeat(62)}.${'c'.repeat(62)}.${'d'.repeat(62)}.example`; // 259 characters
    const { conf } = buildResolvConf(withConfig({ nameservers: ['1.1.1.1'], searches: ['ok.example', long] }), CLUSTER);
    expect(conf.search).toEqual(['ok.example']);
  });

  it('cuts search domains from the end until the line is at most 2048 characters', () => {
    const searches = Array.from({ length: 20 }, (_, i) => `${String(i).padStart(2, '0')}.${'x'.repeat(120)}.example`);
    const { conf } = buildResolvConf(withConfig({ nameservers: ['1.1.1.1'], searches }), CLUSTER);
    expect(conf.search.join(' ').length).toBeLessThanOrEqual(2048);
    expect(conf.search).toEqual(searches.slice(0, conf.search.length));
    expect(conf.search.length).toBe(15);
  });

  it('warns that musl ignores a search line that does not fit 256 bytes', () => {
    const searches = Array.from({ length: 6 }, (_, i) => `team-${i}.${'x'.repeat(30)}.example.com`);
    const { notes } = buildResolvConf(withConfig({ nameservers: ['1.1.1.1'], searches }), CLUSTER);
    expect(notes).toContainEqual(expect.stringMatching(/musl \(Alpine images\) skips/));
  });
});

describe('resolv.conf text', () => {
  it('parses as kubelet does: nameservers accumulate, last search and options win, trailing dots and domain dropped', () => {
    const conf = parseResolvConf(
      '# generated\ndomain corp.example\nnameserver 10.0.0.2\nsearch old.example\nnameserver 10.0.0.3\nsearch corp.example. lab.example\noptions rotate\noptions ndots:3 timeout:2\n',
    );
    expect(conf).toEqual({ nameservers: ['10.0.0.2', '10.0.0.3'], search: ['corp.example', 'lab.example'], options: { ndots: 3, timeout: '2' } });
  });

  it('round-trips format → parse', () => {
    const { conf } = buildResolvConf(pod((p) => (p.dnsConfig = { options: [{ name: 'attempts', value: '3' }, { name: 'rotate' }] })), CLUSTER);
    expect(parseResolvConf(formatResolvConf(conf))).toEqual(conf);
  });

  it('writes no options line when the file had none (ndots stays the libc default 1)', () => {
    const conf = parseResolvConf('nameserver 10.0.0.2\n');
    expect(conf.options.ndots).toBe(1);
    expect(formatResolvConf(conf)).toBe('nameserver 10.0.0.2\n');
  });
});

/**
 * Zone export data: `records()` lists every record the zones hold — the same records the engine
 * answers — for a small cluster with its own kube-dns (nothing simulated), as zone-file lines.
 */
import { describe, expect, it } from 'vitest';
import { container, makePod, makeService } from '../../test/fixtures.js';
import { Cluster } from '../cluster/cluster.js';
import { emptyManifests } from '../model/index.js';
import { kubeadmProfile } from './config.js';
import { ClusterDnsEngine } from './engine.js';
import { formatRecord } from './zone-lines.js';

function build() {
  const manifests = emptyManifests();
  const dnsPorts = (name: string, protocol: 'UDP' | 'TCP') => ({ name, protocol, port: 53, targetPort: 53 });
  manifests.services.push(
    makeService('kube-dns', (s) => ((s.clusterIPs = ['10.96.0.10']), (s.selector = { 'k8s-app': 'kube-dns' }), (s.ports = [dnsPorts('dns', 'UDP'), dnsPorts('dns-tcp', 'TCP')])), 'kube-system'),
    makeService('web', (s) => (s.clusterIPs = ['10.96.0.50'])),
    makeService('peers', (s) => ((s.clusterIPs = ['None']), (s.selector = { app: 'peers' }))),
    makeService('ext', (s) => ((s.type = 'ExternalName'), (s.clusterIPs = []), (s.ipFamilies = []), (s.selector = null), (s.externalName = 'db.example.com'))),
  );
  manifests.pods.push(
    makePod(
      'coredns-0',
      (p) => {
        p.podIPs = ['10.244.0.53'];
        p.meta.labels = { 'k8s-app': 'kube-dns' };
        p.containers = [container('coredns', [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 53 }])];
      },
      'kube-system',
    ),
    makePod('web-0', (p) => (p.podIPs = ['10.244.0.1'])),
    makePod('peers-0', (p) => ((p.podIPs = ['10.244.0.2']), (p.meta.labels = { app: 'peers' }))),
  );
  return Cluster.fromManifests(manifests, { nodes: 1 });
}

const soa = (zone: string) => `${zone}. 30 IN SOA ns.dns.${zone}. hostmaster.${zone}. SERIAL 7200 1800 86400 30`;
const C = 'cluster.local';

describe('records() (zone export data, cf. coredns plugin/kubernetes/xfr.go)', () => {
  it('lists SOA, NS, dns-version, Services, named-port SRV, endpoint names, CNAMEs and PTRs', () => {
    const cluster = build();
    expect(cluster.findings.filter((f) => f.code === 'cluster-dns-simulated')).toEqual([]);
    const engine = new ClusterDnsEngine(cluster, kubeadmProfile());
    const lines = [...engine.records()].map((rr) => formatRecord(rr).replace(/^(\S+ \d+ IN SOA \S+ \S+) \d+/, '$1 SERIAL'));
    expect(lines.sort()).toEqual(
      [
        soa(C),
        `${C}. 30 IN NS kube-dns.kube-system.svc.${C}.`,
        `dns-version.${C}. 28800 IN TXT "1.1.0"`,
        `ns.dns.${C}. 30 IN A 10.96.0.10`,
        `kube-dns.kube-system.svc.${C}. 30 IN A 10.96.0.10`,
        // Two ports share 53: two candidates (weight 50), one SRV after de-duplication.
        `kube-dns.kube-system.svc.${C}. 30 IN SRV 0 50 53 kube-dns.kube-system.svc.${C}.`,
        `_dns._udp.kube-dns.kube-system.svc.${C}. 30 IN SRV 0 100 53 kube-dns.kube-system.svc.${C}.`,
        `_dns-tcp._tcp.kube-dns.kube-system.svc.${C}. 30 IN SRV 0 100 53 kube-dns.kube-system.svc.${C}.`,
        `10-244-0-53.kube-dns.kube-system.svc.${C}. 30 IN A 10.244.0.53`,
        `web.default.svc.${C}. 30 IN A 10.96.0.50`,
        `web.default.svc.${C}. 30 IN SRV 0 100 80 web.default.svc.${C}.`,
        `_http._tcp.web.default.svc.${C}. 30 IN SRV 0 100 80 web.default.svc.${C}.`,
        `10-244-0-1.web.default.svc.${C}. 30 IN A 10.244.0.1`,
        `peers.default.svc.${C}. 30 IN A 10.244.0.2`,
        `peers.default.svc.${C}. 30 IN SRV 0 100 8080 10-244-0-2.peers.default.svc.${C}.`,
        `_http._tcp.peers.default.svc.${C}. 30 IN SRV 0 100 8080 10-244-0-2.peers.default.svc.${C}.`,
        `10-244-0-2.peers.default.svc.${C}. 30 IN A 10.244.0.2`,
        `ext.default.svc.${C}. 30 IN CNAME db.example.com.`,
        soa('in-addr.arpa'),
        // CoreDNS names its Service under whichever zone was asked (ns.go nsAddrs).
        'in-addr.arpa. 30 IN NS kube-dns.kube-system.svc.in-addr.arpa.',
        `10.0.96.10.in-addr.arpa. 30 IN PTR kube-dns.kube-system.svc.${C}.`,
        `50.0.96.10.in-addr.arpa. 30 IN PTR web.default.svc.${C}.`,
        `53.0.244.10.in-addr.arpa. 30 IN PTR 10-244-0-53.kube-dns.kube-system.svc.${C}.`,
        `1.0.244.10.in-addr.arpa. 30 IN PTR 10-244-0-1.web.default.svc.${C}.`,
        `2.0.244.10.in-addr.arpa. 30 IN PTR 10-244-0-2.peers.default.svc.${C}.`,
        soa('ip6.arpa'),
        'ip6.arpa. 30 IN NS kube-dns.kube-system.svc.ip6.arpa.',
      ].sort(),
    );
  });

  it('every exported record is what the engine answers for its name and type', () => {
    const engine = new ClusterDnsEngine(build(), kubeadmProfile());
    for (const rr of engine.records()) {
      const reply = engine.answer({ name: rr.name, type: rr.type });
      expect(reply.answer.map(formatRecord)).toContain(formatRecord(rr));
    }
  });
});

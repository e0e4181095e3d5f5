/**
 * Building a cluster from converted manifests: the frame (nodes, namespaces), deterministic
 * allocation of pod IPs, cluster IPs and NodePorts, and what stays as the input gave it.
 */
import { describe, expect, it } from 'vitest';
import { makeNode, makePod, makeService } from '../../test/fixtures.js';
import { emptyManifests, type Manifests, type Pod, type Service } from '../model/index.js';
import { parseManifestText } from '../source/load.js';
import { Cluster } from './cluster.js';

const simulatedPod = (name: string, tweak: (p: Pod) => void = () => {}) =>
  makePod(name, (p) => {
    p.podIPs = [];
    delete p.nodeName;
    p.assumed = ['object', 'status', 'ip', 'node'];
    tweak(p);
  });
const unallocated = (name: string, tweak: (s: Service) => void = () => {}) =>
  makeService(name, (s) => {
    s.clusterIPs = [];
    tweak(s);
  });

function manifests(fill: Partial<Manifests>): Manifests {
  return { ...emptyManifests(), ...fill };
}

describe('Cluster.fromManifests', () => {
  it('creates --nodes synthetic nodes in three zones when the input has none', () => {
    const cluster = Cluster.fromManifests(manifests({}), { nodes: 4 });
    expect(cluster.nodes().map((n) => `${n.meta.name}:${n.zone}:${n.simulated}`)).toEqual([
      'node-1:zone-a:true',
      'node-2:zone-b:true',
      'node-3:zone-c:true',
      'node-4:zone-a:true',
    ]);
  });

  it("uses the input's nodes when it has some", () => {
    const cluster = Cluster.fromManifests(manifests({ nodes: [makeNode('worker', 'eu-1a')] }));
    expect(cluster.nodes().map((n) => n.meta.name)).toEqual(['worker']);
  });

  it('adds default, kube-system and every referenced namespace with the kubernetes.io/metadata.name label', () => {
    const cluster = Cluster.fromManifests(manifests({ services: [makeService('web', () => {}, 'shop')] }));
    expect(cluster.namespaces().map((n) => n.meta.name)).toEqual(['default', 'kube-system', 'shop']);
    expect(cluster.namespaces()[2]?.meta.labels).toEqual({ 'kubernetes.io/metadata.name': 'shop' });
  });

  it('schedules and addresses simulated pods inside the pod CIDR; real pods keep theirs', () => {
    const real = makePod('real', (p) => ((p.podIPs = ['10.1.207.210']), (p.nodeName = 'node-2')));
    const cluster = Cluster.fromManifests(manifests({ pods: [real, simulatedPod('sim')] }));
    const sim = cluster.pod('default', 'sim');
    expect(sim?.podIPs[0]).toMatch(/^10\.244\.\d+\.\d+$/);
    expect(sim?.nodeName).toMatch(/^node-[123]$/);
    expect(cluster.pod('default', 'real')?.podIPs).toEqual(['10.1.207.210']);
  });

  it.each([
    ['one simulated pod (the held addresses are scanned)', 1],
    ['many simulated pods (a set of the held addresses is built)', 40],
  ])('never gives a simulated pod an address a real pod holds: %s', (_, count) => {
    const sims = Array.from({ length: count }, (_, i) => simulatedPod(`sim-${i}`));
    const alone = Cluster.fromManifests(manifests({ pods: sims }), { podCIDRs: ['10.244.0.0/25'] });
    const wanted = sims.map((s) => alone.pod('default', s.meta.name)?.podIPs[0] ?? '');
    const holders = wanted.map((ip, i) => makePod(`real-${i}`, (p) => (p.podIPs = [ip])));
    const fresh = Array.from({ length: count }, (_, i) => simulatedPod(`sim-${i}`));
    const cluster = Cluster.fromManifests(manifests({ pods: [...holders, ...fresh] }), { podCIDRs: ['10.244.0.0/25'] });
    const given = fresh.map((s) => cluster.pod('default', s.meta.name)?.podIPs[0]);
    expect(given.filter((ip) => ip === undefined || wanted.includes(ip))).toEqual([]);
    expect(new Set(given).size).toBe(count);
  });

  it('reports pod-cidr-exhausted when real pods hold every address of the pod CIDR', () => {
    const holders = ['10.244.0.1', '10.244.0.2', '10.244.0.3', '10.244.0.4', '10.244.0.5', '10.244.0.6'].map((ip, i) => makePod(`real-${i}`, (p) => (p.podIPs = [ip])));
    const cluster = Cluster.fromManifests(manifests({ pods: [...holders, simulatedPod('sim')] }), { podCIDRs: ['10.244.0.0/29'] });
    expect(cluster.pod('default', 'sim')?.podIPs).toEqual([]);
    expect(cluster.findings.map((f) => f.code)).toContain('pod-cidr-exhausted');
  });

  it('expands a workload around pod names its namespace already holds, not names of other namespaces', () => {
    const text = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  replicas: 2
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: postgres}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db-0, namespace: shop, labels: {app: hand-made}}
spec: {containers: [{name: c, image: postgres}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db-1, namespace: other, labels: {app: hand-made}}
spec: {containers: [{name: c, image: postgres}]}
`;
    const cluster = Cluster.fromManifests(parseManifestText(text, 'app.yaml'));
    const described = (ns: string) => cluster.pods(ns).map((p) => `${p.meta.name}:${p.meta.labels.app}`);
    expect(described('shop')).toEqual(['db-0:hand-made', 'db-1:db']);
    expect(described('other')).toEqual(['db-1:hand-made']);
  });

  it('gives dual-stack pods one address per pod CIDR', () => {
    const cluster = Cluster.fromManifests(manifests({ pods: [simulatedPod('sim')] }), { podCIDRs: ['10.244.0.0/16', 'fd00:10:244::/56'] });
    expect(cluster.pod('default', 'sim')?.podIPs).toEqual([expect.stringMatching(/^10\.244\./), expect.stringMatching(/^fd00:10:244:/)]);
  });

  it('hostNetwork pods take their node address', () => {
    const cluster = Cluster.fromManifests(manifests({ pods: [simulatedPod('agent', (p) => ((p.hostNetwork = true), (p.nodeName = 'node-1')))] }));
    expect(cluster.pod('default', 'agent')?.podIPs).toEqual(['172.18.0.2']);
  });

  it('adding an object does not renumber the others', () => {
    const before = Cluster.fromManifests(manifests({ services: [unallocated('a'), unallocated('b')], pods: [simulatedPod('p1')] }));
    const after = Cluster.fromManifests(
      manifests({ services: [unallocated('zz'), unallocated('a'), unallocated('b')], pods: [simulatedPod('p0'), simulatedPod('p1')] }),
    );
    expect(after.service('default', 'a')?.clusterIPs).toEqual(before.service('default', 'a')?.clusterIPs);
    expect(after.service('default', 'b')?.clusterIPs).toEqual(before.service('default', 'b')?.clusterIPs);
    expect(after.pod('default', 'p1')?.podIPs).toEqual(before.pod('default', 'p1')?.podIPs);
  });

  it('allocates cluster IPs in the service CIDR and marks them allocated; explicit ones are kept', () => {
    const cluster = Cluster.fromManifests(manifests({ services: [unallocated('web'), makeService('dns', (s) => (s.clusterIPs = ['10.96.0.10']))] }));
    const web = cluster.service('default', 'web');
    expect(web?.clusterIPs[0]).toMatch(/^10\.(9[6-9]|10\d|11[01])\./);
    expect(web?.allocated.clusterIPs).toBe(true);
    expect(cluster.service('default', 'dns')?.clusterIPs).toEqual(['10.96.0.10']);
    expect(cluster.service('default', 'dns')?.allocated.clusterIPs).toBe(false);
  });

  it('reports a cluster IP outside the service CIDR and one already taken (alloc.go)', () => {
    const cluster = Cluster.fromManifests(
      manifests({
        services: [
          makeService('a', (s) => (s.clusterIPs = ['10.96.0.10'])),
          makeService('b', (s) => (s.clusterIPs = ['10.96.0.10'])),
          makeService('c', (s) => (s.clusterIPs = ['192.168.0.1'])),
        ],
      }),
    );
    expect(cluster.findings.filter((f) => f.severity !== 'info').map((f) => `${f.object} ${f.path} ${f.code}`)).toEqual([
      'Service default/b spec.clusterIPs[0] service-invalid',
      'Service default/c spec.clusterIPs[0] service-invalid',
    ]);
  });

  it('headless and ExternalName Services get no cluster IP', () => {
    const cluster = Cluster.fromManifests(
      manifests({
        services: [
          makeService('peers', (s) => (s.clusterIPs = ['None'])),
          makeService('ext', (s) => ((s.type = 'ExternalName'), (s.clusterIPs = []), (s.ipFamilies = []), (s.externalName = 'db.example.com'))),
        ],
      }),
    );
    expect(cluster.service('default', 'peers')?.clusterIPs).toEqual(['None']);
    expect(cluster.service('default', 'ext')?.clusterIPs).toEqual([]);
  });

  it('NodePort Services get nodePorts; ports sharing a number share one (initNodePorts)', () => {
    const cluster = Cluster.fromManifests(
      manifests({
        services: [
          unallocated('dns', (s) => {
            s.type = 'NodePort';
            s.ports = [
              { name: 'udp', protocol: 'UDP', port: 53, targetPort: 53 },
              { name: 'tcp', protocol: 'TCP', port: 53, targetPort: 53 },
              { name: 'metrics', protocol: 'TCP', port: 9153, targetPort: 9153 },
            ];
          }),
        ],
      }),
    );
    const [udp, tcp, metrics] = cluster.service('default', 'dns')?.ports ?? [];
    expect(udp?.nodePort).toBeGreaterThanOrEqual(30000);
    expect(tcp?.nodePort).toBe(udp?.nodePort);
    expect(metrics?.nodePort).not.toBe(udp?.nodePort);
  });

  it('LoadBalancer with externalTrafficPolicy Local gets a healthCheckNodePort', () => {
    const cluster = Cluster.fromManifests(
      manifests({ services: [unallocated('lb', (s) => ((s.type = 'LoadBalancer'), (s.externalTrafficPolicy = 'Local')))] }),
    );
    expect(cluster.service('default', 'lb')?.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
  });

  it('derives EndpointSlices from the placed pods', () => {
    const cluster = Cluster.fromManifests(manifests({ services: [unallocated('web')], pods: [simulatedPod('web-1'), simulatedPod('web-2')] }));
    const [slice] = cluster.endpointSlicesFor('default', 'web');
    expect(slice?.endpoints.map((e) => e.targetRef?.name)).toEqual(['web-1', 'web-2']);
    expect(slice?.endpoints.every((e) => e.zone?.startsWith('zone-'))).toBe(true);
  });

  it('becomes dual-stack when the input asks for IPv6 and no service CIDR was given, and says so', () => {
    const wants = unallocated('web', (s) => ((s.ipFamilyPolicy = 'RequireDualStack'), (s.ipFamilies = ['IPv4', 'IPv6'])));
    const cluster = Cluster.fromManifests(manifests({ services: [wants], pods: [simulatedPod('web-1')] }));
    expect(cluster.options.families).toEqual(['IPv4', 'IPv6']);
    expect(cluster.service('default', 'web')?.clusterIPs).toEqual([expect.stringMatching(/^10\./), expect.stringMatching(/^fd00:10:96::/)]);
    expect(cluster.pod('default', 'web-1')?.podIPs).toHaveLength(2);
    expect(cluster.findings.map((f) => f.code)).toEqual(['cluster-dns-simulated', 'dual-stack-cluster']);
    const explicit = Cluster.fromManifests(manifests({ services: [wants] }), { serviceCIDRs: ['10.96.0.0/12'] });
    expect(explicit.options.families).toEqual(['IPv4']);
  });

  it('simulates kubeadm\'s cluster DNS (kube-system/kube-dns at 10.96.0.10 and CoreDNS pods) when the input has none', () => {
    const cluster = Cluster.fromManifests(manifests({}));
    expect(cluster.service('kube-system', 'kube-dns')?.clusterIPs).toEqual(['10.96.0.10']);
    const [slice] = cluster.endpointSlicesFor('kube-system', 'kube-dns');
    expect(slice?.endpoints).toHaveLength(2);
    expect(slice?.ports.map((p) => `${p.name}/${p.protocol}/${p.port}`).sort()).toEqual(['dns-tcp/TCP/53', 'dns/UDP/53', 'metrics/TCP/9153']);
    expect(cluster.findings.map((f) => f.code)).toEqual(['cluster-dns-simulated']);
    const own = Cluster.fromManifests(manifests({ services: [makeService('kube-dns', (s) => (s.clusterIPs = ['10.96.0.53']), 'kube-system')] }));
    expect(own.service('kube-system', 'kube-dns')?.clusterIPs).toEqual(['10.96.0.53']);
  });

  it('infers the service CIDR from a dump whose cluster IPs lie outside 10.96.0.0/12 (an EKS cluster)', () => {
    const eks = [makeService('a', (s) => (s.clusterIPs = ['172.20.0.10'])), makeService('b', (s) => (s.clusterIPs = ['172.20.14.3'])), unallocated('c')];
    const cluster = Cluster.fromManifests(manifests({ services: eks }));
    expect(cluster.options.serviceCIDRs.map((c) => c.text)).toEqual(['172.20.0.0/16']);
    expect(cluster.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(cluster.service('default', 'c')?.clusterIPs[0]).toMatch(/^172\.20\./);
    expect(cluster.findings.map((f) => f.code)).toContain('service-cidr-inferred');
    expect(Cluster.fromManifests(manifests({ services: eks }), { serviceCIDRs: ['10.96.0.0/12'] }).findings.some((f) => f.code === 'service-invalid')).toBe(true);
  });

  it('rejects invalid options with a clear error', () => {
    expect(() => Cluster.fromManifests(emptyManifests(), { serviceCIDRs: ['10.96.0.0/33'] })).toThrow(/invalid service CIDR/);
    expect(() => Cluster.fromManifests(emptyManifests(), { nodes: 0 })).toThrow(/--nodes/);
  });
});

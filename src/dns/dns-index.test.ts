/**
 * Answers follow the cluster: the index is updated per Service from the store and slice events
 * (dns.md §13, §20.1), and the SOA serial moves on every change DNS can see and only then.
 */
import { describe, expect, it } from 'vitest';
import { makePod, makeService } from '../../test/fixtures.js';
import { Cluster } from '../cluster/cluster.js';
import { emptyManifests, type Pod } from '../model/index.js';
import { kubeadmProfile } from './config.js';
import { ClusterDnsEngine } from './engine.js';
import { formatRecord } from './zone-lines.js';

const Z = 'default.svc.cluster.local';

function build(podCount = 3) {
  const manifests = emptyManifests();
  manifests.services.push(
    makeService('peers', (s) => ((s.clusterIPs = ['None']), (s.selector = { app: 'peers' }))),
    makeService('web', (s) => ((s.clusterIPs = ['10.96.0.50']), (s.selector = { app: 'peers' }))),
  );
  for (let i = 0; i < podCount; i++) {
    manifests.pods.push(makePod(`peers-${i}`, (p) => ((p.podIPs = [`10.244.${Math.floor(i / 250)}.${(i % 250) + 1}`]), (p.meta.labels = { app: 'peers' }))));
  }
  const cluster = Cluster.fromManifests(manifests, { nodes: 3 });
  return { cluster, engine: new ClusterDnsEngine(cluster, kubeadmProfile()) };
}

const answer = (engine: ClusterDnsEngine, name: string, type = 'A') => {
  const a = engine.answer({ name, type });
  return { rcode: a.rcode, answer: a.answer.map(formatRecord).sort() };
};
const setPod = (cluster: Cluster, name: string, tweak: (p: Pod) => void) => {
  const old = cluster.pod('default', name);
  if (!old) throw new Error(`no pod ${name}`);
  const pod = structuredClone(old);
  tweak(pod);
  cluster.store.upsert('Pod', pod);
};

describe('incremental updates', () => {
  it('a pod turning unready leaves the headless A set, its endpoint name and its PTR; the serial moves', () => {
    const { cluster, engine } = build();
    expect(answer(engine, `peers.${Z}`).answer).toHaveLength(3);
    const serial = engine.serial();

    setPod(cluster, 'peers-1', (p) => (p.ready = false));
    expect(answer(engine, `peers.${Z}`).answer).toEqual([`peers.${Z}. 30 IN A 10.244.0.1`, `peers.${Z}. 30 IN A 10.244.0.3`]);
    expect(answer(engine, `10-244-0-2.peers.${Z}`).rcode).toBe('NXDOMAIN');
    expect(answer(engine, '2.0.244.10.in-addr.arpa', 'PTR').rcode).toBe('NXDOMAIN');
    expect(engine.serial()).toBeGreaterThan(serial);

    setPod(cluster, 'peers-1', (p) => (p.ready = true));
    expect(answer(engine, `10-244-0-2.peers.${Z}`).answer).toEqual([`10-244-0-2.peers.${Z}. 30 IN A 10.244.0.2`]);
  });

  it('the last ready pod going away makes a headless Service NXDOMAIN (§3)', () => {
    const { cluster, engine } = build(1);
    cluster.store.remove('Pod', 'default', 'peers-0');
    expect(answer(engine, `peers.${Z}`).rcode).toBe('NXDOMAIN');
    expect(answer(engine, `web.${Z}`).answer).toEqual([`web.${Z}. 30 IN A 10.96.0.50`]);
  });

  it('a deleted Service is NXDOMAIN, its ClusterIP PTR gone; a re-created one answers again', () => {
    const { cluster, engine } = build();
    const web = cluster.service('default', 'web');
    const serial = engine.serial();
    cluster.store.remove('Service', 'default', 'web');
    expect(answer(engine, `web.${Z}`).rcode).toBe('NXDOMAIN');
    expect(answer(engine, '50.0.96.10.in-addr.arpa', 'PTR').rcode).toBe('NXDOMAIN');
    expect(engine.serial()).toBeGreaterThan(serial);

    if (web) cluster.store.upsert('Service', { ...web, clusterIPs: ['10.96.0.51'] });
    expect(answer(engine, `web.${Z}`).answer).toEqual([`web.${Z}. 30 IN A 10.96.0.51`]);
    expect(answer(engine, '51.0.96.10.in-addr.arpa', 'PTR').answer).toEqual([`51.0.96.10.in-addr.arpa. 30 IN PTR web.${Z}.`]);
  });

  it('a new pod appears in the answers', () => {
    const { cluster, engine } = build();
    cluster.store.upsert('Pod', makePod('peers-9', (p) => ((p.podIPs = ['10.244.0.99']), (p.meta.labels = { app: 'peers' }))));
    expect(answer(engine, `10-244-0-99.peers.${Z}`).answer).toEqual([`10-244-0-99.peers.${Z}. 30 IN A 10.244.0.99`]);
  });

  it('a deleted namespace takes its names with it', () => {
    const { cluster, engine } = build();
    cluster.store.remove('Namespace', '', 'default');
    expect(answer(engine, `web.${Z}`).rcode).toBe('NXDOMAIN');
    expect(answer(engine, Z).rcode).toBe('NXDOMAIN');
  });

  it('a change DNS cannot see leaves the serial alone', () => {
    const { cluster, engine } = build();
    const serial = engine.serial();
    setPod(cluster, 'peers-0', (p) => (p.meta.annotations = { note: 'changed' }));
    expect(engine.serial()).toBe(serial);
  });

  it('close() stops following the cluster', () => {
    const { cluster, engine } = build();
    engine.close();
    cluster.store.remove('Service', 'default', 'web');
    expect(answer(engine, `web.${Z}`).rcode).toBe('NOERROR');
  });

  it('a readiness flip in a Service of 250 pods is cheap (per-Service update, not a rebuild)', () => {
    const { cluster, engine } = build(250);
    expect(answer(engine, `peers.${Z}`).answer).toHaveLength(250);
    const flips = 40;
    const start = performance.now();
    for (let i = 0; i < flips; i++) {
      setPod(cluster, 'peers-7', (p) => (p.ready = i % 2 === 0 ? false : true));
      engine.answer({ name: `peers.${Z}`, type: 'A' });
    }
    const perFlip = (performance.now() - start) / flips;
    expect(answer(engine, `peers.${Z}`).answer).toHaveLength(250);
    // Includes the EndpointSlice controller's recompute; the DNS index part is a small fraction.
    expect(perFlip).toBeLessThan(20);
  });
});

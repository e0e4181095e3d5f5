/**
 * ProxyView follows the cluster: each row applies one change through `cluster.store` and checks the
 * route kube-proxy would now take, as a real proxier resyncs on Service and EndpointSlice events.
 */
import { describe, expect, it } from 'vitest';
import { makeNode, makePod, makeService } from '../../test/fixtures.js';
import { Cluster } from '../cluster/cluster.js';
import { emptyManifests } from '../model/index.js';
import { ProxyView, proxyViewOf } from './proxy-view.js';
import type { RouteResult } from './result.js';
import { route } from './route.js';

function build(): Cluster {
  const manifests = emptyManifests();
  manifests.nodes = [makeNode('node-1', 'zone-a')];
  manifests.pods = [makePod('web-1', (p) => (p.podIPs = ['10.244.0.1']))];
  manifests.services = [makeService('web')];
  return Cluster.fromManifests(manifests);
}

const summary = (r: RouteResult) =>
  r.kind === 'translated' ? r.candidates.map((c) => `${c.ip}:${c.port}`).join(' ') : `${r.kind} ${r.reason}`;
const ask = (view: ProxyView, dst: string, port: number) =>
  summary(route(view, { dst, port, protocol: 'TCP', client: { node: 'node-1', internal: true }, mode: 'nftables' }));

describe('ProxyView', () => {
  it('indexes ClusterIPs once and sees new endpoints when a pod is added', () => {
    const cluster = build();
    const view = new ProxyView(cluster);
    expect(view.at('clusterIP', '10.96.0.100').map((sp) => sp.key)).toEqual(['default/web:http/TCP']);
    expect(ask(view, '10.96.0.100', 80)).toBe('10.244.0.1:8080');
    cluster.store.upsert('Pod', makePod('web-2', (p) => (p.podIPs = ['10.244.0.2'])));
    expect(ask(view, '10.96.0.100', 80)).toBe('10.244.0.1:8080 10.244.0.2:8080');
    cluster.store.remove('Pod', 'default', 'web-1');
    cluster.store.remove('Pod', 'default', 'web-2');
    expect(ask(view, '10.96.0.100', 80)).toBe('reject no-endpoints');
  });

  it('re-indexes a changed Service and forgets a deleted one', () => {
    const cluster = build();
    const view = new ProxyView(cluster);
    cluster.store.upsert('Service', makeService('web', (s) => ((s.ports[0]!.port = 8000), (s.externalIPs = ['192.0.2.9']))));
    expect(ask(view, '10.96.0.100', 80)).toBe('reject unknown-port');
    expect(ask(view, '10.96.0.100', 8000)).toBe('10.244.0.1:8080');
    expect(ask(view, '192.0.2.9', 8000)).toBe('10.244.0.1:8080');
    cluster.store.remove('Service', 'default', 'web');
    expect(view.at('clusterIP', '10.96.0.100')).toEqual([]);
    expect(view.at('externalIP', '192.0.2.9')).toEqual([]);
    expect(ask(view, '10.96.0.100', 8000)).toBe('drop unallocated-ip');
  });

  it('follows node addresses for NodePort lookups', () => {
    const cluster = build();
    const view = new ProxyView(cluster);
    cluster.store.upsert('Service', makeService('np', (s) => ((s.type = 'NodePort'), (s.clusterIPs = ['10.96.0.101']), (s.ports[0]!.nodePort = 30001))));
    expect(ask(view, '172.18.0.9', 30001)).toBe('no-rule not-a-service-ip');
    cluster.store.upsert('Node', { ...makeNode('node-1', 'zone-a'), addresses: ['172.18.0.9'] });
    expect(view.nodeAt('172.18.0.9')?.meta.name).toBe('node-1');
    expect(ask(view, '172.18.0.9', 30001)).toBe('10.244.0.1:8080');
  });

  it('route(cluster) shares one view per cluster; close() stops following', () => {
    const cluster = build();
    expect(proxyViewOf(cluster)).toBe(proxyViewOf(cluster));
    const view = new ProxyView(cluster);
    view.close();
    cluster.store.remove('Service', 'default', 'web');
    expect(view.at('clusterIP', '10.96.0.100')).toHaveLength(1);
    expect(summary(route(cluster, { dst: '10.96.0.100', port: 80, client: { internal: true }, mode: 'iptables' }))).toBe('drop unallocated-ip');
  });
});

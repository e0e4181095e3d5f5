/**
 * Incremental EndpointSlices: the store's change events recompute only what they affect, and the
 * slices in effect follow the rules for observed, user-supplied and mirrored slices.
 */
import { describe, expect, it } from 'vitest';
import { describeSlice, makeNode, makePod, makeService } from '../../test/fixtures.js';
import type { EndpointSlice, Endpoints, Pod } from '../model/index.js';
import { EndpointSliceState } from './slice-state.js';
import { ClusterStore } from './store.js';

function setUp(derive = false) {
  const store = new ClusterStore();
  store.upsert('Node', makeNode('node-1', 'zone-a'));
  store.upsert('Service', makeService('web'));
  store.upsert('Service', makeService('api', (s) => (s.selector = { app: 'api' })));
  store.upsert('Service', makeService('other-ns', () => {}, 'prod'));
  store.upsert('Pod', makePod('web-1', (p) => (p.podIPs = ['10.244.0.1'])));
  store.upsert('Pod', makePod('api-1', (p) => ((p.meta.labels = { app: 'api' }), (p.podIPs = ['10.244.0.2']))));
  const state = new EndpointSliceState(store, { derive, maxEndpointsPerSlice: 100 });
  const changed: string[] = [];
  state.subscribe((key) => changed.push(key));
  return { store, state, changed };
}

const observed = (name: string, service: string, managedBy: string, ip: string): EndpointSlice => ({
  meta: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': service, 'endpointslice.kubernetes.io/managed-by': managedBy }, annotations: {} },
  serviceName: service,
  addressType: 'IPv4',
  ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  endpoints: [{ addresses: [ip], ready: true, serving: true, terminating: false }],
  origin: 'observed',
});

describe('EndpointSliceState', () => {
  it('a pod change recomputes only the Services that select it', () => {
    const { store, state, changed } = setUp();
    store.upsert('Pod', makePod('web-1', (p) => ((p.podIPs = ['10.244.0.1']), (p.ready = false))));
    expect(changed).toEqual(['default/web']);
    expect(state.slicesFor('default', 'web').map(describeSlice)).toEqual(['IPv4 [http/TCP/8080] 10.244.0.1(zone=zone-a)']);
  });

  it('a relabelled pod recomputes the Service it left and the one it joined', () => {
    const { store, state, changed } = setUp();
    store.upsert('Pod', makePod('web-1', (p) => ((p.meta.labels = { app: 'api' }), (p.podIPs = ['10.244.0.1']))));
    expect(changed.sort()).toEqual(['default/api', 'default/web']);
    expect(state.slicesFor('default', 'web').map(describeSlice)).toEqual(['IPv4 []']);
    expect(state.slicesFor('default', 'api')[0]?.endpoints).toHaveLength(2);
  });

  it('deleting a pod removes its endpoint; a pod in another namespace touches nothing here', () => {
    const { store, state, changed } = setUp();
    store.upsert('Pod', makePod('web-9', () => {}, 'staging'));
    expect(changed).toEqual([]);
    store.remove('Pod', 'default', 'web-1');
    expect(changed).toEqual(['default/web']);
    expect(state.slicesFor('default', 'web').map(describeSlice)).toEqual(['IPv4 []']);
  });

  it('a Service change recomputes that Service; deleting it drops its slices', () => {
    const { store, state, changed } = setUp();
    store.upsert('Service', makeService('web', (s) => (s.ports = [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 9000 }])));
    expect(changed).toEqual(['default/web']);
    expect(state.slicesFor('default', 'web').map(describeSlice)).toEqual(['IPv4 [http/TCP/9000] 10.244.0.1(r,s,zone=zone-a)']);
    store.remove('Service', 'default', 'web');
    expect(state.slicesFor('default', 'web')).toEqual([]);
  });

  it("observed controller slices (a dump) are used as they are; derive recomputes them", () => {
    for (const derive of [false, true]) {
      const { store, state } = setUp(derive);
      store.upsert('EndpointSlice', observed('web-abcde', 'web', 'endpointslice-controller.k8s.io', '10.1.2.3'));
      const ips = state.slicesFor('default', 'web').flatMap((s) => s.endpoints.flatMap((e) => e.addresses));
      expect(ips, `derive=${derive}`).toEqual(derive ? ['10.244.0.1'] : ['10.1.2.3']);
    }
  });

  it('slices from another manager count alongside the controller\'s (kube-proxy reads every labelled slice)', () => {
    const { store, state } = setUp();
    store.upsert('EndpointSlice', observed('web-extra', 'web', 'my-controller', '192.168.1.5'));
    const ips = state.slicesFor('default', 'web').flatMap((s) => s.endpoints.flatMap((e) => e.addresses));
    expect(ips.sort()).toEqual(['10.244.0.1', '192.168.1.5']);
  });

  it('a selector-less Service uses user-supplied slices and slices mirrored from its Endpoints', () => {
    const { store, state } = setUp();
    store.upsert('Service', makeService('db', (s) => (s.selector = null)));
    store.upsert('EndpointSlice', observed('db-1', 'db', 'staff', '192.168.1.10'));
    const endpoints: Endpoints = {
      meta: { name: 'db', namespace: 'default', labels: {}, annotations: {} },
      subsets: [{ addresses: [{ ip: '192.168.1.11' }], notReadyAddresses: [{ ip: '192.168.1.12' }], ports: [{ name: '', port: 5432, protocol: 'TCP' }] }],
    };
    store.upsert('Endpoints', endpoints);
    expect(state.slicesFor('default', 'db').map(describeSlice).sort()).toEqual([
      'IPv4 [/TCP/5432] 192.168.1.11(r,s) 192.168.1.12(s)',
      'IPv4 [http/TCP/8080] 192.168.1.10(r,s)',
    ]);
  });

  it('Endpoints with the skip-mirror label are not mirrored', () => {
    const { store, state } = setUp();
    store.upsert('Service', makeService('db', (s) => (s.selector = null)));
    store.upsert('Endpoints', {
      meta: { name: 'db', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' }, annotations: {} },
      subsets: [{ addresses: [{ ip: '192.168.1.11' }], notReadyAddresses: [], ports: [] }],
    });
    expect(state.slicesFor('default', 'db')).toEqual([]);
  });

  it('a new node lets pods that were on an unknown node in', () => {
    const { store, state } = setUp();
    store.upsert('Pod', makePod('web-2', (p) => ((p.nodeName = 'node-2'), (p.podIPs = ['10.244.0.3']))));
    expect(state.slicesFor('default', 'web')[0]?.endpoints).toHaveLength(1);
    store.upsert('Node', makeNode('node-2', 'zone-b'));
    expect(state.slicesFor('default', 'web')[0]?.endpoints).toHaveLength(2);
  });
  it('after a run of pod, Service and node changes the slices are those a fresh computation gives', () => {
    const { store, state } = setUp();
    const chunked = new EndpointSliceState(store, { derive: false, maxEndpointsPerSlice: 2 });
    const web = (p: Pod, ip: string, ready = true) => ((p.podIPs = [ip]), (p.ready = ready));
    const steps: Array<[string, () => void]> = [
      ['add pods', () => {
        for (let i = 2; i < 8; i++) store.upsert('Pod', makePod(`web-${i}`, (p) => web(p, `10.244.0.${10 + i}`, i % 2 === 0)));
      }],
      ['flip readiness', () => store.upsert('Pod', makePod('web-3', (p) => web(p, '10.244.0.13')))],
      ['delete a pod', () => store.remove('Pod', 'default', 'web-4')],
      ['change the Service port', () => store.upsert('Service', makeService('web', (s) => (s.ports = [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' }])))],
      ['move a pod to an unknown node', () => store.upsert('Pod', makePod('web-5', (p) => ((p.nodeName = 'node-2'), web(p, '10.244.0.15'))))],
      ['add that node', () => store.upsert('Node', makeNode('node-2', 'zone-b'))],
      ['flip readiness back', () => store.upsert('Pod', makePod('web-3', (p) => web(p, '10.244.0.13', false)))],
    ];
    for (const [step, change] of steps) {
      change();
      for (const [live, max] of [[state, 100], [chunked, 2]] as const) {
        const fresh = new EndpointSliceState(store, { derive: false, maxEndpointsPerSlice: max });
        expect(live.slicesFor('default', 'web').map(describeSlice), step).toEqual(fresh.slicesFor('default', 'web').map(describeSlice));
        fresh.close();
      }
    }
  });
});

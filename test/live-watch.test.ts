/**
 * Following a live cluster through the faults real API servers show, with the real client-node
 * watching the fake API server: watch connections dropped mid-stream, history compacted (410 as an
 * ERROR event and as the HTTP status), a restart with a new resourceVersion history (older and
 * newer than where the watch was), list pages that expire, bookmarks. After each, the followed
 * cluster — and the DNS answers served from it — must equal a fresh build from the server's final
 * objects: nothing lost, nothing stale. Only GET is ever sent.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../src/cluster/cluster.js';
import { kubeadmProfile } from '../src/dns/config.js';
import { ClusterDnsEngine } from '../src/dns/engine.js';
import type { DnsEngine } from '../src/dns/types.js';
import { formatRecord } from '../src/dns/zone-lines.js';
import type { LiveCluster } from '../src/live/live-cluster.js';
import { followLiveCluster } from '../src/live/load-live.js';
import { SyncingDnsEngine } from '../src/live/syncing-engine.js';
import { liveSourceFile, manifestsFromObjects } from '../src/live/to-manifests.js';
import { toKubeObject } from '../src/output/kube-objects.js';
import { FakeApiServer, makeCerts, writeKubeconfig, type Certs } from './fake-apiserver.js';

type Obj = Record<string, unknown>;
const ns = (name: string): Obj => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const node = (name: string, ip: string): Obj => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'topology.kubernetes.io/zone': 'z1' } }, status: { addresses: [{ type: 'InternalIP', address: ip }] } });
const pod = (namespace: string, name: string, ip: string, labels: Obj, tweak: (spec: Obj) => void = () => {}): Obj => {
  const spec: Obj = { nodeName: 'node-a', containers: [{ name: 'c', image: 'i', ports: [{ name: 'http', containerPort: 8080 }] }] };
  tweak(spec);
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec, status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: 'True' }] } };
};
const svc = (namespace: string, name: string, clusterIP: string, selector: Obj, port = 80): Obj => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace },
  spec: { clusterIP, clusterIPs: [clusterIP], ipFamilies: ['IPv4'], selector, ports: [{ name: 'http', port, targetPort: 'http', protocol: 'TCP' }] },
});

/** A small real-looking cluster: CoreDNS, a ClusterIP Service with an observed slice, a headless one. */
function seed(fake: FakeApiServer): void {
  for (const n of ['default', 'kube-system', 'shop']) fake.apply(ns(n));
  fake.apply(node('node-a', '172.18.0.2'));
  fake.apply(node('node-b', '172.18.0.3'));
  fake.apply(svc('kube-system', 'kube-dns', '10.96.0.10', { 'k8s-app': 'kube-dns' }, 53));
  fake.apply(pod('kube-system', 'coredns-1', '10.244.0.2', { 'k8s-app': 'kube-dns' }));
  fake.apply(svc('shop', 'web', '10.96.0.20', { app: 'web' }));
  fake.apply(pod('shop', 'web-1', '10.244.1.1', { app: 'web' }));
  fake.apply(pod('shop', 'web-2', '10.244.1.2', { app: 'web' }, (s) => (s.nodeName = 'node-b')));
  fake.apply(svc('shop', 'db', 'None', { app: 'db' }));
  fake.apply(pod('shop', 'db-0', '10.244.2.1', { app: 'db' }, (s) => Object.assign(s, { hostname: 'db-0', subdomain: 'db' })));
  fake.apply({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-abcde', namespace: 'shop', labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints: [
      { addresses: ['10.244.1.1'], conditions: { ready: true }, nodeName: 'node-a' },
      { addresses: ['10.244.1.2'], conditions: { ready: true }, nodeName: 'node-b' },
    ],
  });
  fake.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: '.:53 {\n  kubernetes cluster.local in-addr.arpa ip6.arpa {\n    pods insecure\n    ttl 30\n  }\n}\n' } });
  fake.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other', namespace: 'kube-system' }, data: {} });
  fake.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'never-read', namespace: 'shop' }, data: {} });
}

/** Everything kreach knows about a cluster, in kubectl's shape, without input positions. */
function fingerprint(cluster: Cluster): unknown {
  return {
    services: cluster.services().map((o) => toKubeObject('services', o)),
    pods: cluster.pods().map((o) => toKubeObject('pods', o)),
    endpointslices: cluster.endpointSlices().map((o) => toKubeObject('endpointslices', o)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    nodes: cluster.nodes().map((o) => toKubeObject('nodes', o)),
    namespaces: cluster.namespaces().map((o) => toKubeObject('namespaces', o)),
    networkpolicies: cluster.networkPolicies().map((o) => toKubeObject('networkpolicies', o)),
    corefiles: cluster.store.corefiles.list().map((c) => c.corefile),
  };
}

const QUESTIONS: Array<[string, string]> = [
  ['web.shop.svc.cluster.local', 'A'],
  ['_http._tcp.web.shop.svc.cluster.local', 'SRV'],
  ['db.shop.svc.cluster.local', 'A'],
  ['db-0.db.shop.svc.cluster.local', 'A'],
  ['api.shop.svc.cluster.local', 'A'],
  ['kube-dns.kube-system.svc.cluster.local', 'A'],
  ['10-244-1-3.shop.pod.cluster.local', 'A'],
];

function answers(engine: DnsEngine): string[] {
  return QUESTIONS.map(([name, type]) => {
    const a = engine.answer({ name, type });
    const lines = [...a.answer, ...a.authority, ...a.additional].map((r) => formatRecord(r).replace(/ SOA (\S+ \S+) \d+/, ' SOA $1 SERIAL'));
    return `${name} ${type} ${a.rcode}: ${lines.sort().join(' | ')}`;
  });
}

let certs: Certs;
let fake: FakeApiServer;
let kubeconfig: string;
let live: LiveCluster | undefined;

beforeAll(async () => {
  certs = makeCerts();
  fake = await FakeApiServer.start({ certs, tokens: { t: 'watcher' } });
  seed(fake);
  kubeconfig = writeKubeconfig(mkdtempSync(join(tmpdir(), 'kreach-live-watch-')), fake, { token: 't' });
});
afterEach(async () => {
  await live?.stop();
  live = undefined;
  fake.goneAs = 'event';
  fake.expirePages = false;
});
afterAll(async () => {
  await fake.stop();
  expect(fake.requests.every((r) => r.method === 'GET')).toBe(true);
  expect(fake.requests.some((r) => r.path.includes('/secrets'))).toBe(false);
});

async function follow(): Promise<{ live: LiveCluster; engine: () => DnsEngine; warnings: string[] }> {
  const warnings: string[] = [];
  let engine: ClusterDnsEngine | undefined;
  const started = await followLiveCluster(
    { kubeconfig, env: {}, home: '/nonexistent', limit: 2 },
    {
      backoff: { initialMs: 10, maxMs: 80 },
      watchTimeoutSeconds: 60,
      rebuildDelayMs: 5,
      onWarning: (w) => warnings.push(w),
      onRebuilt: (cluster) => {
        engine?.close();
        engine = new ClusterDnsEngine(cluster, kubeadmProfile());
      },
    },
  );
  live = started.live;
  const current = started.live;
  const syncing = new SyncingDnsEngine(() => engine ?? new ClusterDnsEngine(current.cluster, kubeadmProfile()), () => current.synced);
  return { live: current, engine: () => syncing, warnings };
}

/** Poll until the followed cluster equals a fresh build from the server's objects. */
async function expectConverged(l: LiveCluster, engine: () => DnsEngine): Promise<void> {
  const expected = () => Cluster.fromManifests(manifestsFromObjects(fake.all(), liveSourceFile('fake')));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (l.synced && JSON.stringify(fingerprint(l.cluster)) === JSON.stringify(fingerprint(expected()))) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(fingerprint(l.cluster)).toEqual(fingerprint(expected()));
  expect(answers(engine())).toEqual(answers(new ClusterDnsEngine(expected(), kubeadmProfile())));
}

const listRequests = (plural: string) => fake.requests.filter((r) => r.path.includes(`/${plural}?`) && !r.path.includes('watch=true'));
const watchRequests = (plural: string) => fake.requests.filter((r) => r.path.includes(`/${plural}?`) && r.path.includes('watch=true'));

describe('following a live cluster', () => {
  it('answers SERVFAIL instead of NXDOMAIN until the first sync, then follows changes', async () => {
    const { live: l, engine } = await follow();
    if (!l.synced) expect(engine().answer({ name: 'nope.shop.svc.cluster.local', type: 'A' }).rcode).toBe('SERVFAIL');
    await l.whenSynced();
    expect(engine().answer({ name: 'nope.shop.svc.cluster.local', type: 'A' }).rcode).toBe('NXDOMAIN');
    await expectConverged(l, engine);

    fake.apply(svc('shop', 'api', '10.96.0.30', { app: 'api' }));
    fake.apply(pod('shop', 'api-1', '10.244.1.3', { app: 'api' }));
    fake.delete('Pod', 'shop', 'web-2');
    fake.apply(pod('shop', 'db-0', '10.244.2.9', { app: 'db' }, (s) => Object.assign(s, { hostname: 'db-0', subdomain: 'db' })));
    await expectConverged(l, engine);
    expect(engine().answer({ name: 'api.shop.svc.cluster.local', type: 'A' }).answer.map((r) => r.data)).toEqual(['10.96.0.30']);
    expect(l.stats).toEqual({ incremental: 4, rebuilds: 1 }); // the first sync, then the store follows
    // Watches started from the list's resourceVersion, with bookmarks.
    expect(watchRequests('pods').every((r) => /resourceVersion=\d+/.test(r.path) && r.path.includes('allowWatchBookmarks=true'))).toBe(true);
  });

  it('resumes from the last resourceVersion after the connection drops mid-stream', async () => {
    const { live: l, engine } = await follow();
    await l.whenSynced();
    await waitFor(() => fake.openWatches === 9);
    const [lists, watches] = [listRequests('pods').length, watchRequests('pods').length];
    // The changes reach only the history: the client must fetch them by resuming its watch.
    fake.holdEvents = true;
    fake.apply(pod('shop', 'web-3', '10.244.1.4', { app: 'web' }));
    fake.delete('Service', 'shop', 'api');
    fake.dropWatches();
    fake.holdEvents = false;
    await expectConverged(l, engine);
    expect(listRequests('pods')).toHaveLength(lists); // no relist
    expect(watchRequests('pods').length).toBeGreaterThan(watches);
  });

  it('moves its resume point with bookmarks', async () => {
    const { live: l } = await follow();
    await l.whenSynced();
    await waitFor(() => fake.openWatches === 9);
    fake.apply(ns('quiet')); // moves the server's resourceVersion without any Pod event
    fake.bookmark();
    await waitFor(() => l.resourceVersions().get('Pod') === fake.resourceVersion, 2000, () => `${l.resourceVersions().get('Pod')} vs ${fake.resourceVersion}`);
    fake.dropWatches();
    await waitFor(() => watchRequests('pods').some((r) => r.path.includes(`resourceVersion=${fake.resourceVersion}&`)));
  });

  it.each(['event', 'status'] as const)('relists after 410 Gone (as %s) without losing deletions', async (goneAs) => {
    const { live: l, engine } = await follow();
    await l.whenSynced();
    await waitFor(() => fake.openWatches === 9);
    const lists = listRequests('pods').length;
    fake.goneAs = goneAs;
    fake.holdEvents = true;
    fake.delete('Pod', 'shop', goneAs === 'event' ? 'web-3' : 'web-2');
    fake.apply(pod('shop', `web-${goneAs}`, goneAs === 'event' ? '10.244.1.7' : '10.244.1.8', { app: 'web' }));
    fake.compact();
    fake.dropWatches();
    fake.holdEvents = false;
    await waitFor(() => listRequests('pods').length > lists);
    await expectConverged(l, engine);
  });

  it.each([
    ['newer', 100_000],
    ['older', 1],
  ])('survives a restart with a %s resourceVersion history', async (_name, rvBase) => {
    const { live: l, engine } = await follow();
    await l.whenSynced();
    const lists = listRequests('pods').length;
    const gone = rvBase > 1 ? 'web-1' : 'web-event';
    await fake.restart(rvBase, () => {
      fake.delete('Pod', 'shop', gone);
      fake.delete('Namespace', '', 'quiet');
      fake.apply(svc('shop', `cart-${rvBase}`, rvBase > 1 ? '10.96.0.40' : '10.96.0.41', { app: 'cart' }));
    });
    await waitFor(() => listRequests('pods').length > lists);
    await expectConverged(l, engine);
    expect(l.cluster.pod('shop', gone)).toBeUndefined();
  });

  it('lists again in one piece when continue tokens expire mid-list', async () => {
    fake.expirePages = true;
    const before = fake.requests.length;
    const { live: l, engine } = await follow();
    await l.whenSynced();
    await expectConverged(l, engine);
    const continued = fake.requests.slice(before).filter((r) => r.path.includes('continue='));
    expect(continued.length).toBeGreaterThan(0);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000, state: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met in time ${state()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

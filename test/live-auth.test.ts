/**
 * Connecting to a live cluster as kubectl would: kubeconfig resolution (several KUBECONFIG files,
 * --kubeconfig, --context, the context's namespace, in-cluster ServiceAccount config) and every kind
 * of credential (bearer token, client certificate, exec plugin), against the fake API server over
 * TLS. Also the errors a user can act on: 401, 403, unreachable, untrusted certificate, none at all.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLiveError } from '../src/live/errors.js';
import { resolveKubeconfig } from '../src/live/kubeconfig.js';
import { loadLiveCluster, type LiveSourceOptions } from '../src/live/load-live.js';
import { FakeApiServer, makeCerts, writeKubeconfig, type Certs } from './fake-apiserver.js';

let certs: Certs;
let fake: FakeApiServer;
let dir: string;

const NODE = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a' }, status: { addresses: [{ type: 'InternalIP', address: '172.18.0.2' }] } };
const POD = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'shop', labels: { app: 'web' } }, spec: { nodeName: 'node-a', containers: [{ name: 'c', image: 'i' }] }, status: { phase: 'Running', podIP: '10.244.0.5', conditions: [{ type: 'Ready', status: 'True' }] } };
const SVC = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { clusterIP: '10.96.0.20', clusterIPs: ['10.96.0.20'], selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] } };

beforeAll(async () => {
  certs = makeCerts();
  fake = await FakeApiServer.start({ certs, tokens: { 'good-token': 'alice', 'exec-token': 'exec-user' } });
  fake.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  fake.apply(NODE);
  fake.apply(POD);
  fake.apply(SVC);
  dir = mkdtempSync(join(tmpdir(), 'kreach-live-auth-'));
});
afterAll(async () => {
  await fake.stop();
});

/** Options that only ever look at our temp dir, never at the user's real kubeconfig. */
const isolated = (extra: LiveSourceOptions = {}): LiveSourceOptions => ({ env: {}, home: dir, ...extra });

describe('credentials', () => {
  const exec = () => {
    const script = join(dir, 'exec-plugin.mjs');
    writeFileSync(script, `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'exec-token' } }));\n`);
    return { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [script], interactiveMode: 'Never' } };
  };
  it.each([
    ['bearer token', () => ({ token: 'good-token' }), 'alice'],
    ['client certificate', () => ({ 'client-certificate': certs.clientCert, 'client-key': certs.clientKey }), 'cert-user'],
    ['exec plugin', exec, 'exec-user'],
  ])('%s', async (_name, user, who) => {
    const kubeconfig = writeKubeconfig(dir, fake, user(), { name: `cred-${who}` });
    const before = fake.requests.length;
    const { cluster } = await loadLiveCluster(isolated({ kubeconfig }));
    expect(cluster.service('shop', 'web')?.clusterIPs).toEqual(['10.96.0.20']);
    expect(cluster.endpointSlicesFor('shop', 'web').flatMap((s) => s.endpoints.flatMap((e) => e.addresses))).toEqual(['10.244.0.5']);
    const mine = fake.requests.slice(before);
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((r) => r.user))).toEqual(new Set([who]));
    expect(mine.every((r) => r.method === 'GET')).toBe(true);
    expect(mine.some((r) => r.path.includes('secrets'))).toBe(false);
  });
});

describe('kubeconfig resolution', () => {
  it('merges KUBECONFIG files as kubectl does: the first definition and the first current-context win', async () => {
    const first = writeKubeconfig(dir, fake, { token: 'good-token' }, { name: 'first', namespace: 'shop' });
    const broken = join(dir, 'second.yaml');
    // The second file redefines `first` with a bad token and sets another current context: both lose.
    writeFileSync(broken, JSON.stringify({ 'current-context': 'other', clusters: [{ name: 'first', cluster: { server: 'https://127.0.0.1:1' } }], users: [{ name: 'first', user: { token: 'bad' } }], contexts: [{ name: 'first', context: { cluster: 'first', user: 'first' } }, { name: 'other', context: { cluster: 'first', user: 'first' } }] }));
    const env = { KUBECONFIG: [join(dir, 'missing.yaml'), first, broken].join(delimiter) };
    const resolved = await resolveKubeconfig({ env, home: dir });
    expect(resolved.context).toBe('first');
    expect(resolved.server).toBe(fake.url);
    expect(resolved.namespace).toBe('shop');
    expect((await resolveKubeconfig({ env, home: dir, namespace: 'other-ns' })).namespace).toBe('other-ns');
    expect((await resolveKubeconfig({ env, home: dir, context: 'other' })).context).toBe('other');
  });

  it('reads ~/.kube/config when KUBECONFIG is unset', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kreach-home-'));
    mkdirSync(join(home, '.kube'));
    const file = writeKubeconfig(dir, fake, { token: 'good-token' }, { name: 'home' });
    writeFileSync(join(home, '.kube', 'config'), (await import('node:fs')).readFileSync(file));
    expect((await resolveKubeconfig({ env: {}, home })).context).toBe('home');
  });

  it('uses the in-cluster ServiceAccount when there is no kubeconfig and it runs in a pod', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kreach-sa-'));
    const sa = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
    mkdirSync(sa, { recursive: true });
    writeFileSync(join(sa, 'token'), 'good-token');
    writeFileSync(join(sa, 'namespace'), 'shop');
    writeFileSync(join(sa, 'ca.crt'), (await import('node:fs')).readFileSync(certs.ca));
    const env = { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(fake.port) };
    const load = await loadLiveCluster({ env, home: dir, serviceAccountRoot: root });
    expect(load.context).toBe('in-cluster');
    expect(load.namespace).toBe('shop');
    expect(load.cluster.service('shop', 'web')).toBeDefined();
  });

  it.each([
    ['no kubeconfig anywhere', {}, 'no-kubeconfig', /pass manifests with -f .*configure kubectl/],
    ['--kubeconfig that does not exist', { kubeconfig: '/nonexistent/kubeconfig' }, 'kubeconfig', /does not exist/],
    ['an unknown --context', { context: 'nope' }, 'kubeconfig', /context "nope" does not exist/],
  ])('%s', async (_name, extra, code, message) => {
    const kubeconfig = writeKubeconfig(dir, fake, { token: 'good-token' }, { name: 'ctx' });
    const options = 'context' in extra ? isolated({ kubeconfig, ...extra }) : isolated(extra);
    const error = await resolveKubeconfig(options).catch((e: unknown) => e);
    expect(isLiveError(error, code as never), String(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});

describe('drift', () => {
  it('reports a Service whose observed EndpointSlices differ from the derived ones', async () => {
    const stale = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-x', namespace: 'shop', labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } }, addressType: 'IPv4', ports: [{ name: '', port: 8080, protocol: 'TCP' }], endpoints: [{ addresses: ['10.244.0.99'], conditions: { ready: true } }] };
    fake.apply(stale);
    try {
      const kubeconfig = writeKubeconfig(dir, fake, { token: 'good-token' }, { name: 'drift' });
      const { cluster } = await loadLiveCluster(isolated({ kubeconfig }));
      // The observed slice is what kreach answers from…
      expect(cluster.endpointSlicesFor('shop', 'web').flatMap((s) => s.endpoints.flatMap((e) => e.addresses))).toEqual(['10.244.0.99']);
      // …and the difference from the controller's view is reported.
      const drift = cluster.findings.filter((f) => f.code === 'endpointslice-drift');
      expect(drift).toHaveLength(1);
      expect(drift[0]?.message).toMatch(/only observed: 10\.244\.0\.99 \[\/8080\/TCP\] ready; only derived: 10\.244\.0\.5 \[\/8080\/TCP\] ready/);
    } finally {
      fake.delete('EndpointSlice', 'shop', 'web-x');
    }
  });
});

describe('errors a user can act on', () => {
  it('401: the credentials were rejected, maybe expired', async () => {
    const kubeconfig = writeKubeconfig(dir, fake, { token: 'expired-token' }, { name: 'expired' });
    const error = await loadLiveCluster(isolated({ kubeconfig })).catch((e: unknown) => e);
    expect(isLiveError(error, 'unauthorized')).toBe(true);
    expect((error as Error).message).toMatch(/rejected the credentials of context "expired" \(401 Unauthorized\).*expired/);
  });

  it('403 on a required resource names the verb, resource and user', async () => {
    fake.denials.push({ user: 'alice', verb: 'list', resource: 'services', namespace: '*' });
    try {
      const kubeconfig = writeKubeconfig(dir, fake, { token: 'good-token' }, { name: 'denied' });
      const error = await loadLiveCluster(isolated({ kubeconfig })).catch((e: unknown) => e);
      expect(isLiveError(error, 'forbidden')).toBe(true);
      expect((error as Error).message).toMatch(/user "alice" cannot list services \(API group "" \(core\)\) in namespace "default"/);
    } finally {
      fake.denials.length = 0;
    }
  });

  it('403 on an optional resource: a warning saying what kreach does without it, and the rest is read', async () => {
    fake.denials.push({ verb: 'list', resource: 'ingresses', namespace: '*' }, { verb: 'list', resource: 'pods' });
    try {
      const kubeconfig = writeKubeconfig(dir, fake, { token: 'good-token' }, { name: 'partial', namespace: 'shop' });
      const { cluster } = await loadLiveCluster(isolated({ kubeconfig }));
      const warnings = cluster.findings.filter((f) => f.code === 'live-partial-read').map((f) => f.message);
      expect(warnings).toEqual([
        'cannot list pods at the cluster scope; reading namespace "shop" only',
        expect.stringMatching(/user "alice" cannot list ingresses \(API group "networking\.k8s\.io"\) in namespace "shop"; .*continuing without it: Ingress backends are not checked/),
      ]);
      expect(cluster.pod('shop', 'web-1')).toBeDefined();
    } finally {
      fake.denials.length = 0;
    }
  });

  it('an unreachable server', async () => {
    const kubeconfig = join(dir, 'down.yaml');
    writeFileSync(kubeconfig, JSON.stringify({ 'current-context': 'down', clusters: [{ name: 'down', cluster: { server: 'https://127.0.0.1:1', 'certificate-authority': certs.ca } }], users: [{ name: 'down', user: { token: 'x' } }], contexts: [{ name: 'down', context: { cluster: 'down', user: 'down' } }] }));
    const error = await loadLiveCluster(isolated({ kubeconfig })).catch((e: unknown) => e);
    expect(isLiveError(error, 'unreachable')).toBe(true);
    expect((error as Error).message).toMatch(/cannot reach the API server https:\/\/127\.0\.0\.1:1 \(context "down"\): ECONNREFUSED/);
  });

  it('a server certificate the kubeconfig does not trust', async () => {
    const kubeconfig = join(dir, 'untrusted.yaml');
    writeFileSync(kubeconfig, JSON.stringify({ 'current-context': 'u', clusters: [{ name: 'u', cluster: { server: fake.url } }], users: [{ name: 'u', user: { token: 'good-token' } }], contexts: [{ name: 'u', context: { cluster: 'u', user: 'u' } }] }));
    const error = await loadLiveCluster(isolated({ kubeconfig })).catch((e: unknown) => e);
    expect(isLiveError(error, 'tls'), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/TLS with the API server .* failed/);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { Manifests } from '../model/index.js';
import { convertedCount, parseManifestText } from './load.js';
import type * as WorkloadModule from './workload.js';

// The Pod, Service and workload converters are stood in for, so these tests check the loader alone:
// the fakes keep metadata (and a dump's raw status), and the pod one throws for a pod named `explode`.
const fakes = vi.hoisted(() => {
  type Raw = Record<string, unknown>;
  const meta = (obj: Raw, ctx: { source: unknown }) => {
    const m = (obj.metadata ?? {}) as Raw;
    return { name: m.name, namespace: m.namespace, labels: {}, annotations: {}, source: ctx.source };
  };
  return {
    pod: (obj: Raw, ctx: { source: unknown }) => {
      if ((obj.metadata as Raw | undefined)?.name === 'explode') throw new Error('kaboom');
      return { meta: meta(obj, ctx), status: obj.status };
    },
    service: (obj: Raw, ctx: { source: unknown }) => ({ meta: meta(obj, ctx) }),
    workload: (obj: Raw, ctx: { source: unknown }) => ({ kind: obj.kind, meta: meta(obj, ctx) }),
  };
});
vi.mock('./pod.js', () => ({ podFromObject: fakes.pod }));
vi.mock('./service.js', () => ({ serviceFromObject: fakes.service }));
vi.mock('./workload.js', async (importOriginal) => ({
  ...(await importOriginal<typeof WorkloadModule>()),
  workloadFromObject: fakes.workload,
}));

const obj = (apiVersion: string, kind: string, name = 'x', extra = '') =>
  `---\napiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n${extra}`;

const SLICE = '  labels: {kubernetes.io/service-name: web}\naddressType: IPv4\n';
const NETPOL = 'spec: {podSelector: {}}\n';

/** Which bundle lists received objects, as `list:namespace/name`. */
function placed(m: Manifests): string[] {
  const lists = ['pods', 'services', 'endpointSlices', 'endpoints', 'nodes', 'namespaces', 'networkPolicies', 'ingresses', 'workloads', 'corefiles'] as const;
  return lists.flatMap((list) =>
    (m[list] as Array<{ meta: { namespace: string; name: string } }>).map((o) => `${list}:${o.meta.namespace}/${o.meta.name}`),
  );
}

/** Every object is accounted for: converted or skipped. */
function expectAccounted(m: Manifests): void {
  expect(convertedCount(m) + m.skipped.length).toBe(m.documentCount);
}

describe('dispatch by kind and API group', () => {
  const cases: Array<{ name: string; yaml: string; want: string }> = [
    { name: 'Pod', yaml: obj('v1', 'Pod'), want: 'pods:default/x' },
    { name: 'Service', yaml: obj('v1', 'Service'), want: 'services:default/x' },
    { name: 'Endpoints', yaml: obj('v1', 'Endpoints'), want: 'endpoints:default/x' },
    { name: 'EndpointSlice v1', yaml: obj('discovery.k8s.io/v1', 'EndpointSlice', 'x', SLICE), want: 'endpointSlices:default/x' },
    {
      name: 'EndpointSlice v1beta1',
      yaml: obj('discovery.k8s.io/v1beta1', 'EndpointSlice', 'x', SLICE),
      want: 'endpointSlices:default/x',
    },
    { name: 'Node (cluster-scoped)', yaml: obj('v1', 'Node'), want: 'nodes:/x' },
    { name: 'Namespace (cluster-scoped)', yaml: obj('v1', 'Namespace'), want: 'namespaces:/x' },
    { name: 'NetworkPolicy', yaml: obj('networking.k8s.io/v1', 'NetworkPolicy', 'x', NETPOL), want: 'networkPolicies:default/x' },
    {
      name: 'NetworkPolicy extensions/v1beta1',
      yaml: obj('extensions/v1beta1', 'NetworkPolicy', 'x', NETPOL),
      want: 'networkPolicies:default/x',
    },
    { name: 'Ingress v1', yaml: obj('networking.k8s.io/v1', 'Ingress'), want: 'ingresses:default/x' },
    { name: 'Ingress extensions/v1beta1', yaml: obj('extensions/v1beta1', 'Ingress'), want: 'ingresses:default/x' },
    { name: 'Deployment', yaml: obj('apps/v1', 'Deployment'), want: 'workloads:default/x' },
    { name: 'StatefulSet apps/v1beta1', yaml: obj('apps/v1beta1', 'StatefulSet'), want: 'workloads:default/x' },
    { name: 'DaemonSet extensions/v1beta1', yaml: obj('extensions/v1beta1', 'DaemonSet'), want: 'workloads:default/x' },
    { name: 'ReplicationController', yaml: obj('v1', 'ReplicationController'), want: 'workloads:default/x' },
    { name: 'Job', yaml: obj('batch/v1', 'Job'), want: 'workloads:default/x' },
    { name: 'CronJob', yaml: obj('batch/v1', 'CronJob'), want: 'workloads:default/x' },
    {
      name: 'ConfigMap kube-system/coredns with a Corefile',
      yaml: obj('v1', 'ConfigMap', 'coredns', '  namespace: kube-system\ndata:\n  Corefile: ".:53 {}"\n'),
      want: 'corefiles:kube-system/coredns',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const m = parseManifestText(c.yaml, 'in.yaml');
      expect(placed(m)).toEqual([c.want]);
      expect(m.findings).toEqual([]);
      expect(m.documentCount).toBe(1);
    });
  }
});

describe('skipped documents, each with a reason', () => {
  const cases: Array<{ name: string; yaml: string; reason: string; namespace: string; objName?: string }> = [
    { name: 'Secret is not read', yaml: obj('v1', 'Secret'), reason: 'Secret: not read', namespace: 'default' },
    { name: 'an ordinary ConfigMap', yaml: obj('v1', 'ConfigMap'), reason: 'ConfigMap is not used by Service networking', namespace: 'default' },
    {
      name: 'kube-system/coredns without a Corefile',
      yaml: obj('v1', 'ConfigMap', 'coredns', '  namespace: kube-system\n'),
      reason: 'ConfigMap kube-system/coredns has no Corefile key',
      namespace: 'kube-system',
      objName: 'coredns',
    },
    { name: 'ServiceAccount', yaml: obj('v1', 'ServiceAccount'), reason: 'ServiceAccount does not affect Service networking', namespace: 'default' },
    { name: 'Role', yaml: obj('rbac.authorization.k8s.io/v1', 'Role'), reason: 'RBAC does not affect Service networking', namespace: 'default' },
    { name: 'ClusterRoleBinding', yaml: obj('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'), reason: 'RBAC does not affect Service networking', namespace: '' },
    { name: 'PersistentVolumeClaim', yaml: obj('v1', 'PersistentVolumeClaim'), reason: 'storage does not affect Service networking', namespace: 'default' },
    {
      name: 'CustomResourceDefinition',
      yaml: obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition'),
      reason: 'CustomResourceDefinition: custom resources are not modelled',
      namespace: '',
    },
    { name: 'a built-in kind kreach does not need', yaml: obj('policy/v1', 'PodDisruptionBudget'), reason: 'PodDisruptionBudget does not affect Service networking', namespace: 'default' },
    {
      name: 'a custom resource',
      yaml: obj('monitoring.coreos.com/v1', 'Prometheus'),
      reason: 'custom resource monitoring.coreos.com/v1 Prometheus: not modelled (pods an operator would create for it are not simulated)',
      namespace: 'default',
    },
    {
      name: 'a custom resource named like a built-in kind (Knative Service)',
      yaml: obj('serving.knative.dev/v1', 'Service'),
      reason: 'serving.knative.dev/v1 Service is a custom resource, not the built-in Service: not modelled',
      namespace: 'default',
    },
    {
      name: 'a kind named like an Object.prototype member',
      yaml: obj('example.com/v1', 'constructor'),
      reason: 'custom resource example.com/v1 constructor: not modelled (pods an operator would create for it are not simulated)',
      namespace: 'default',
    },
    {
      name: 'AdminNetworkPolicy',
      yaml: obj('policy.networking.k8s.io/v1alpha1', 'AdminNetworkPolicy'),
      reason: 'admin network policies are not modelled yet (NetworkPolicy v1 is)',
      namespace: '',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const m = parseManifestText(c.yaml, 'in.yaml');
      expect(placed(m)).toEqual([]);
      expect(m.findings).toEqual([]);
      expect(m.skipped).toMatchObject([
        { name: c.objName ?? 'x', namespace: c.namespace, reason: c.reason, source: { file: 'in.yaml', line: 2 } },
      ]);
      expectAccounted(m);
    });
  }
});

describe('metadata normalisation', () => {
  it('namespaced objects without a namespace get defaultNamespace (kubectl -n)', () => {
    const text = obj('v1', 'Service', 'a') + obj('v1', 'Service', 'b', '  namespace: shop\n') + obj('v1', 'Namespace', 'c');
    expect(placed(parseManifestText(text, 'in.yaml'))).toEqual(['services:default/a', 'services:shop/b', 'namespaces:/c']);
    expect(placed(parseManifestText(text, 'in.yaml', { defaultNamespace: 'team' }))).toEqual([
      'services:team/a',
      'services:shop/b',
      'namespaces:/c',
    ]);
  });

  it('a cluster-scoped object loses a namespace it should not have', () => {
    expect(placed(parseManifestText(obj('v1', 'Node', 'node-1', '  namespace: shop\n'), 'in.yaml'))).toEqual(['nodes:/node-1']);
  });

  it('a name YAML 1.1 reads as a boolean (unquoted n) is reported, not stringified', () => {
    const m = parseManifestText(obj('v1', 'Node', 'n') + obj('v1', 'Node', '"n"'), 'in.yaml');
    expect(placed(m)).toEqual(['nodes:/n']);
    expect(m.findings).toMatchObject([
      { code: 'missing-name', severity: 'error', message: expect.stringContaining('quote it') as string, source: { line: 5, col: 9 } },
    ]);
  });

  it('an object without a name is an error and skipped', () => {
    const m = parseManifestText('apiVersion: v1\nkind: Service\nmetadata:\n  labels: {a: b}\n', 'in.yaml');
    expect(m.findings).toMatchObject([{ code: 'missing-name', severity: 'error', source: { line: 4 } }]);
    expect(m.skipped).toMatchObject([{ kind: 'Service', reason: 'no metadata.name' }]);
    expectAccounted(m);
  });

  it('generateName gives a deterministic, unique name and an info finding', () => {
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\n';
    const first = parseManifestText(`${job}---\n${job}`, 'in.yaml');
    const again = parseManifestText(`${job}---\n${job}`, 'in.yaml');
    const names = first.workloads.map((w) => w.meta.name);
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^migrate-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(names[0]).not.toBe(names[1]);
    expect(again.workloads.map((w) => w.meta.name)).toEqual(names);
    expect(first.findings.map((f) => [f.code, f.severity])).toEqual([
      ['generated-name', 'info'],
      ['generated-name', 'info'],
    ]);
  });

  it('an object without kind is an error and skipped', () => {
    const m = parseManifestText('apiVersion: v1\nmetadata: {name: a}\n', 'in.yaml');
    expect(m.findings).toMatchObject([{ code: 'missing-kind', severity: 'error' }]);
    expect(m.skipped).toMatchObject([{ reason: 'no kind' }]);
  });

  it('an object without apiVersion is read by kind, with a warning', () => {
    const m = parseManifestText('kind: Service\nmetadata: {name: a}\n', 'in.yaml');
    expect(placed(m)).toEqual(['services:default/a']);
    expect(m.findings).toMatchObject([{ code: 'missing-api-version', severity: 'warning' }]);
  });
});

describe('failures stay with their document', () => {
  it('a converter that throws becomes an internal-error finding naming the object', () => {
    const m = parseManifestText(obj('v1', 'Pod', 'explode') + obj('v1', 'Pod', 'fine'), 'in.yaml');
    expect(placed(m)).toEqual(['pods:default/fine']);
    expect(m.findings).toMatchObject([
      { code: 'internal-error', severity: 'error', object: 'Pod default/explode', message: expect.stringContaining('kaboom') as string },
    ]);
    expect(m.skipped).toMatchObject([{ name: 'explode', reason: 'conversion failed (internal error)' }]);
    expectAccounted(m);
  });

  it('converter findings name the object and point at the field', () => {
    const text = `${obj('networking.k8s.io/v1', 'NetworkPolicy', 'np')}spec:\n  podSelector: {}\n  ingress:\n  - from:\n    - {}\n`;
    const m = parseManifestText(text, 'in.yaml');
    expect(m.findings).toMatchObject([
      {
        code: 'netpol-invalid',
        object: 'NetworkPolicy default/np',
        path: 'spec.ingress[0].from[0]',
        source: { file: 'in.yaml', docIndex: 0, line: 10, col: 7 },
      },
    ]);
  });

  it('syntax errors, limits and non-objects are counted and skipped, the rest loads', () => {
    const text = [obj('v1', 'Service', 'a'), '---\nkind: [\n', '---\njust a string\n', obj('v1', 'Service', 'b'), '---\n# empty\n'].join('');
    const m = parseManifestText(text, 'in.yaml');
    expect(placed(m)).toEqual(['services:default/a', 'services:default/b']);
    expect(m.findings.map((f) => f.code)).toEqual(['yaml-syntax', 'not-an-object']);
    expect(m.skipped.map((s) => s.reason)).toEqual(['YAML syntax error', 'not a Kubernetes object']);
    expect(m.documentCount).toBe(4);
    expectAccounted(m);
  });
});

describe('kubectl dumps', () => {
  it('a `kubectl get -o yaml` List with status loads fully', () => {
    const text = readFileSync(new URL('../../testdata/loader/dump.yaml', import.meta.url), 'utf8');
    const m = parseManifestText(text, 'dump.yaml');
    expect(placed(m)).toEqual(['pods:shop/web-7c9f8d6b5-x2x9q', 'services:shop/web', 'endpointSlices:shop/web-abcde']);
    expect(m.findings).toEqual([]);
    expect(m.pods[0]).toMatchObject({ status: { podIP: '10.244.1.7', startTime: '2025-01-10T09:00:00Z' } });
    expect(m.pods[0]!.meta.source).toMatchObject({ file: 'dump.yaml', docIndex: 0, line: 3 });
    expect(m.endpointSlices[0]).toMatchObject({ serviceName: 'web', endpoints: [{ addresses: ['10.244.1.7'], ready: true }] });
    expectAccounted(m);
  });

  it('a `kubectl get -o json` List loads fully', () => {
    const text = readFileSync(new URL('../../testdata/loader/dump.json', import.meta.url), 'utf8');
    const m = parseManifestText(text, 'dump.json');
    expect(placed(m)).toEqual(['namespaces:/shop', 'networkPolicies:shop/allow-web']);
    expect(m.findings).toEqual([]);
    // An item starts at its opening brace.
    expect(m.networkPolicies[0]!.meta.source).toMatchObject({ line: 26, col: 9 });
  });
});

/**
 * Incremental application of watched changes: each row applies one change to a cluster built from
 * a base set of live objects, and either goes through the store or asks for a rebuild. Either way
 * the result must equal a fresh build from the objects after the change.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster/cluster.js';
import { toKubeObject } from '../output/kube-objects.js';
import { applyChange } from './apply.js';
import type { RawChange } from './raw-cache.js';
import { LIVE_RESOURCES, rawKey, type LiveResource } from './resources.js';
import { manifestsFromObjects } from './to-manifests.js';

type Obj = Record<string, unknown>;
const res = (kind: string) => LIVE_RESOURCES.find((r) => r.kind === kind) as LiveResource;
const ns = (name: string): Obj => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const node: Obj = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } };
const pod = (name: string, ip: string, namespace = 'default', labels: Obj = { app: 'web' }): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels },
  spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'i' }] },
  status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: 'True' }] },
});
const svc = (name: string, clusterIP?: string, namespace = 'default'): Obj => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace },
  spec: { ...(clusterIP ? { clusterIP, clusterIPs: [clusterIP] } : {}), selector: { app: 'web' }, ports: [{ port: 80 }] },
});
const BASE: Obj[] = [ns('default'), ns('kube-system'), node, svc('kube-dns', '10.96.0.10', 'kube-system'), pod('coredns', '10.244.0.2', 'kube-system', { 'k8s-app': 'kube-dns' }), svc('web', '10.96.0.5'), pod('web-1', '10.244.0.5')];

const build = (objects: Obj[]) => Cluster.fromManifests(manifestsFromObjects(objects, '<test>'));
const view = (c: Cluster) =>
  JSON.stringify({
    services: c.services().map((o) => toKubeObject('services', o)),
    pods: c.pods().map((o) => toKubeObject('pods', o)),
    endpointslices: c.endpointSlices().map((o) => toKubeObject('endpointslices', o)),
    nodes: c.nodes().map((o) => toKubeObject('nodes', o)),
    namespaces: c.namespaces().map((o) => toKubeObject('namespaces', o)),
  });

describe('applyChange', () => {
  it.each([
    ['a new pod', 'Pod', undefined, pod('web-2', '10.244.0.6'), true],
    ['a deleted pod', 'Pod', pod('web-1', '10.244.0.5'), undefined, true],
    ['a new Service with its cluster IP', 'Service', undefined, svc('api', '10.96.0.6'), true],
    ['a Service without a cluster IP needs allocating', 'Service', undefined, svc('api'), false],
    ['an IPv6 Service in a single-stack cluster', 'Service', undefined, svc('v6', 'fd00::5'), false],
    ['the cluster DNS Service going away', 'Service', svc('kube-dns', '10.96.0.10', 'kube-system'), undefined, false],
    ['a CoreDNS pod', 'Pod', undefined, pod('coredns-2', '10.244.0.3', 'kube-system', { 'k8s-app': 'kube-dns' }), false],
    ['a pod in a namespace the cluster lacks', 'Pod', undefined, pod('x', '10.244.0.9', 'new-ns'), false],
    ['a new Namespace', 'Namespace', undefined, ns('new-ns'), true],
    ['a deleted Namespace', 'Namespace', ns('default'), undefined, false],
    ['the last Node going away', 'Node', node, undefined, false],
    ['the CoreDNS ConfigMap', 'ConfigMap', undefined, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: '.:53 {\n kubernetes cluster.local\n}\n' } }, false],
  ])('%s', (_row, kind, old, obj, incremental) => {
    const cluster = build(BASE);
    const change: RawChange = { resource: res(kind), key: rawKey((obj ?? old) as Obj), ...(old ? { old } : {}), ...(obj ? { obj } : {}) };
    expect(applyChange(cluster, change, '<test>')).toBe(incremental);
    if (!incremental) return;
    const after = BASE.filter((o) => !(o.kind === kind && rawKey(o) === change.key)).concat(obj ? [obj] : []);
    expect(view(cluster)).toBe(view(build(after)));
  });
});

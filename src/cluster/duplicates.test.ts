/**
 * One object per kind, namespace and name, as the API server keeps them: a name given twice keeps
 * the later definition (what `kubectl apply -f` of the input leaves) with a warning naming both
 * places, and workloads of different kinds may share a name.
 */
import { describe, expect, it } from 'vitest';
import { resolveEnd } from '../connectivity/endpoints.js';
import { parseManifestText } from '../source/load.js';
import { Cluster } from './cluster.js';

const clusterOf = (text: string) => Cluster.fromManifests(parseManifestText(text, 'app.yaml'));

const service = (port: number) => `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: ${port}}]
`;

const workload = (kind: 'Deployment' | 'StatefulSet', app: string) => `apiVersion: apps/v1
kind: ${kind}
metadata: {name: web, namespace: shop}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec: {containers: [{name: c, image: nginx}]}
`;

describe('objects named twice', () => {
  it('keeps the later definition and warns with both positions (kubectl apply leaves the last one)', () => {
    const cluster = clusterOf(`${service(80)}---\n${service(8080)}`);
    expect(cluster.service('shop', 'web')?.ports.map((p) => p.port)).toEqual([8080]);
    const warnings = cluster.findings.filter((f) => f.code === 'duplicate-object');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      severity: 'warning',
      object: 'Service shop/web',
      source: { file: 'app.yaml', line: 8 },
      message: 'Service shop/web is defined twice (first at app.yaml:1:1): the later definition is used, as kubectl apply would leave it',
    });
  });

  it('says nothing when names differ only by kind or namespace', () => {
    const cluster = clusterOf(`${service(80)}---\n${service(80).replace('namespace: shop', 'namespace: other')}---\n${workload('Deployment', 'web')}`);
    expect(cluster.findings.filter((f) => f.code === 'duplicate-object')).toEqual([]);
  });
});

describe('workloads of different kinds with one name', () => {
  const cluster = clusterOf(`${workload('Deployment', 'stateless')}---\n${workload('StatefulSet', 'stateful')}`);

  it('keeps both, each with its own pods', () => {
    expect(cluster.workloads('shop').map((w) => `${w.kind}/${w.meta.name}`)).toEqual(['Deployment/web', 'StatefulSet/web']);
    expect(cluster.pods('shop').map((p) => `${p.owner?.kind}:${p.meta.labels.app}`).sort()).toEqual(['Deployment:stateless', 'StatefulSet:stateful']);
    expect(cluster.findings.filter((f) => f.code === 'duplicate-object')).toEqual([]);
  });

  it('lets a client name either one', () => {
    for (const [text, app] of [['shop/deploy/web', 'stateless'], ['shop/sts/web', 'stateful']] as const) {
      const resolved = resolveEnd(cluster, text, 'default');
      expect(resolved.ok && resolved.end.kind === 'pods' ? resolved.end.pods.map((p) => p.meta.labels.app) : resolved).toEqual([app]);
    }
  });
});

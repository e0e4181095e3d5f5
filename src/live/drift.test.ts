/**
 * EndpointSlice drift, row by row: the observed controller slices of a Service against what kreach
 * derives from its Pods, compared as sets of (address, ports, ready).
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster/cluster.js';
import { driftFindings } from './drift.js';
import { manifestsFromObjects } from './to-manifests.js';

type Obj = Record<string, unknown>;
const node: Obj = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } };
const svc: Obj = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { clusterIP: '10.96.0.5', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } };
const pod = (name: string, ip: string, ready = true): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app: 'web' } },
  spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'i' }] },
  status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const slice = (name: string, endpoints: Array<[string, boolean]>, port = 8080, managedBy = 'endpointslice-controller.k8s.io'): Obj => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': managedBy } },
  addressType: 'IPv4',
  ports: [{ name: 'http', port, protocol: 'TCP' }],
  endpoints: endpoints.map(([ip, ready]) => ({ addresses: [ip], conditions: { ready }, nodeName: 'n1' })),
});

const drift = (objects: Obj[]) => driftFindings(Cluster.fromManifests(manifestsFromObjects([node, svc, ...objects], '<test>'))).filter((f) => f.object === 'Service default/web');

describe('driftFindings', () => {
  it.each([
    ['same endpoints split over two slices in another order: no drift', [pod('a', '10.0.0.1'), pod('b', '10.0.0.2'), slice('s2', [['10.0.0.2', true]]), slice('s1', [['10.0.0.1', true]])], undefined],
    ['a pod the controller has not added yet', [pod('a', '10.0.0.1'), pod('b', '10.0.0.2'), slice('s1', [['10.0.0.1', true]])], /only observed: none; only derived: 10\.0\.0\.2 \[http\/8080\/TCP\] ready/],
    ['a stale endpoint of a deleted pod', [pod('a', '10.0.0.1'), slice('s1', [['10.0.0.1', true], ['10.0.0.9', true]])], /only observed: 10\.0\.0\.9 \[http\/8080\/TCP\] ready; only derived: none/],
    ['readiness differs', [pod('a', '10.0.0.1', false), slice('s1', [['10.0.0.1', true]])], /only observed: 10\.0\.0\.1 .* ready; only derived: 10\.0\.0\.1 .* not ready/],
    ['ports differ', [pod('a', '10.0.0.1'), slice('s1', [['10.0.0.1', true]], 9090)], /http\/9090\/TCP.*http\/8080\/TCP/],
    ['no controller slice at all while pods match', [pod('a', '10.0.0.1')], /only derived: 10\.0\.0\.1/],
    ['a custom controller\'s slice is not the controller\'s output', [pod('a', '10.0.0.1'), slice('s1', [['10.0.0.1', true]]), slice('x', [['10.9.9.9', true]], 8080, 'mesh')], undefined],
  ])('%s', (_row, objects, message) => {
    const findings = drift(objects);
    if (!message) return expect(findings).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: 'endpointslice-drift', severity: 'warning' });
    expect(findings[0]?.message).toMatch(message);
  });
});

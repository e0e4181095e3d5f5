/**
 * CategorizeEndpoints rows, named after the cases of kubernetes/kubernetes
 * pkg/proxy/topology_test.go (TestCategorizeEndpoints) and services.md §5.2. Each row: policy flags,
 * the proxy's node and zone, endpoints → cluster set, local set, hasAnyEndpoints.
 */
import { describe, expect, it } from 'vitest';
import type { ProxyEndpoint } from './endpoints.js';
import { categorizeEndpoints, type PolicyFlags, type ProxyNode } from './topology.js';

/** `10.1.2.3` ready on `node` (default: another node), with optional hints and conditions. */
function ep(ip: string, tweak: Partial<ProxyEndpoint> = {}): ProxyEndpoint {
  return { ip, port: 80, ready: true, serving: true, terminating: false, nodeName: 'remote', zoneHints: [], nodeHints: [], slice: 's', ...tweak };
}
const local = { nodeName: 'this-node' };
const notReady = { ready: false, serving: false };
const terminating = { ready: false, serving: true, terminating: true };

const clusterOnly: PolicyFlags = { usesClusterEndpoints: true, usesLocalEndpoints: false };
const localOnly: PolicyFlags = { usesClusterEndpoints: false, usesLocalEndpoints: true };
const both: PolicyFlags = { usesClusterEndpoints: true, usesLocalEndpoints: true };
const inZoneA: ProxyNode = { nodeName: 'this-node', zone: 'zone-a' };

interface Row {
  name: string;
  flags: PolicyFlags;
  node?: ProxyNode;
  endpoints: ProxyEndpoint[];
  cluster: string[];
  local: string[];
  hasAny: boolean;
  topology?: string;
}

const rows: Row[] = [
  {
    name: 'hints: only endpoints hinted for this zone (PreferSameZone)',
    flags: clusterOnly,
    endpoints: [ep('10.1.2.3', { zoneHints: ['zone-a'] }), ep('10.1.2.4', { zoneHints: ['zone-b'] }), ep('10.1.2.6', { zoneHints: ['zone-a'] })],
    cluster: ['10.1.2.3', '10.1.2.6'],
    local: [],
    hasAny: true,
    topology: 'PreferSameZone',
  },
  {
    name: 'missing hints, fall back to cluster-wide endpoints',
    flags: clusterOnly,
    endpoints: [ep('10.1.2.3', { zoneHints: ['zone-a'] }), ep('10.1.2.4')],
    cluster: ['10.1.2.3', '10.1.2.4'],
    local: [],
    hasAny: true,
  },
  {
    name: 'node in different zone, no endpoint filtering',
    flags: clusterOnly,
    node: { nodeName: 'this-node', zone: 'zone-c' },
    endpoints: [ep('10.1.2.3', { zoneHints: ['zone-a'] }), ep('10.1.2.4', { zoneHints: ['zone-b'] })],
    cluster: ['10.1.2.3', '10.1.2.4'],
    local: [],
    hasAny: true,
  },
  {
    name: 'empty zone label: no filtering',
    flags: clusterOnly,
    node: { nodeName: 'this-node' },
    endpoints: [ep('10.1.2.3', { zoneHints: ['zone-a'] }), ep('10.1.2.4', { zoneHints: ['zone-b'] })],
    cluster: ['10.1.2.3', '10.1.2.4'],
    local: [],
    hasAny: true,
  },
  {
    name: 'unready endpoint without hints does not disable filtering',
    flags: clusterOnly,
    endpoints: [ep('10.1.2.3', { zoneHints: ['zone-a'] }), ep('10.1.2.4', { zoneHints: ['zone-b'] }), ep('10.1.2.5', notReady)],
    cluster: ['10.1.2.3'],
    local: [],
    hasAny: true,
    topology: 'PreferSameZone',
  },
  {
    name: 'PreferSameNode: every ready endpoint has node hints, one for this node',
    flags: clusterOnly,
    endpoints: [
      ep('10.1.2.3', { zoneHints: ['zone-a'], nodeHints: ['this-node'] }),
      ep('10.1.2.4', { zoneHints: ['zone-a'], nodeHints: ['other'] }),
    ],
    cluster: ['10.1.2.3'],
    local: [],
    hasAny: true,
    topology: 'PreferSameNode',
  },
  {
    name: 'PreferSameNode gate off: zone hints still apply',
    flags: clusterOnly,
    node: { ...inZoneA, preferSameNode: false },
    endpoints: [
      ep('10.1.2.3', { zoneHints: ['zone-a'], nodeHints: ['this-node'] }),
      ep('10.1.2.4', { zoneHints: ['zone-a'], nodeHints: ['other'] }),
    ],
    cluster: ['10.1.2.3', '10.1.2.4'],
    local: [],
    hasAny: true,
    topology: 'PreferSameZone',
  },
  {
    name: 'Cluster traffic policy, endpoints not Ready',
    flags: clusterOnly,
    endpoints: [ep('10.0.0.0', notReady), ep('10.0.0.1', notReady)],
    cluster: [],
    local: [],
    hasAny: false,
  },
  {
    name: 'Cluster traffic policy, all endpoints are terminating: serving ones used',
    flags: clusterOnly,
    endpoints: [ep('10.0.0.0', terminating), ep('10.0.0.1', { ...terminating, serving: false })],
    cluster: ['10.0.0.0'],
    local: [],
    hasAny: true,
  },
  {
    name: 'internalTrafficPolicy: Local, with empty endpoints',
    flags: localOnly,
    endpoints: [],
    cluster: [],
    local: [],
    hasAny: false,
  },
  {
    name: 'internalTrafficPolicy: Local, but all endpoints are remote',
    flags: localOnly,
    endpoints: [ep('10.0.0.0'), ep('10.0.0.1')],
    cluster: [],
    local: [],
    hasAny: true,
  },
  {
    name: 'internalTrafficPolicy: Local, some endpoints are local; topology ignored for Local',
    flags: localOnly,
    endpoints: [ep('10.0.0.0', { ...local, zoneHints: ['zone-b'] }), ep('10.0.0.1', { zoneHints: ['zone-a'] })],
    cluster: [],
    local: ['10.0.0.0'],
    hasAny: true,
  },
  {
    name: 'iTP: Cluster, eTP: Local, with terminating local endpoint: ready remote for Cluster, terminating local for Local',
    flags: both,
    endpoints: [ep('10.0.0.0', { ...terminating, ...local }), ep('10.0.0.1')],
    cluster: ['10.0.0.1'],
    local: ['10.0.0.0'],
    hasAny: true,
  },
  {
    name: 'iTP: Local, eTP: Local, all endpoints remote and terminating',
    flags: both,
    endpoints: [ep('10.0.0.0', terminating), ep('10.0.0.1', terminating)],
    cluster: ['10.0.0.0', '10.0.0.1'],
    local: [],
    hasAny: true,
  },
];

describe('categorizeEndpoints (topology.go CategorizeEndpoints)', () => {
  it.each(rows)('$name', (row) => {
    const got = categorizeEndpoints(row.endpoints, row.flags, row.node ?? inZoneA);
    expect({
      cluster: got.cluster.map((e) => e.ip),
      local: got.local.map((e) => e.ip),
      hasAny: got.hasAnyEndpoints,
      topology: got.topology,
    }).toEqual({ cluster: row.cluster, local: row.local, hasAny: row.hasAny, topology: row.topology });
  });

  it('flags the terminating fallback separately for Cluster and Local sets', () => {
    const got = categorizeEndpoints([ep('10.0.0.0', { ...terminating, ...local }), ep('10.0.0.1')], both, inZoneA);
    expect([got.clusterTerminatingFallback, got.localTerminatingFallback]).toEqual([false, true]);
  });
});

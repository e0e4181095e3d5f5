/**
 * The report as users read it: pods collapsed into workloads, bare pods, a workload split when its
 * pods get different verdicts, lines of a workload to itself only between distinct pods, address
 * ranges merged where no verdict depends on an edge, the namespace focus, and the undefined notes.
 * Clusters come from manifests through the loader, so workloads expand as they do for users.
 */
import { describe, expect, it } from 'vitest';
import { drawCluster } from '../../test/connectivity-helpers.js';
import type { Cluster } from '../cluster/cluster.js';
import { loadCluster } from '../load.js';
import { ConnectivityMatrix, UNDEFINED } from './matrix.js';
import { renderText } from './render.js';
import { connectivityReport, reportOf, type ConnectivityReport } from './report.js';
import { SetTable } from './set-table.js';

const clusterOf = (yaml: string): Promise<Cluster> => loadCluster({ files: ['-'], stdin: yaml });

const deployment = (name: string, replicas: number, labels: string, ns = 'shop') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {${labels}}}\n  template:\n    metadata: {labels: {${labels}}}\n    spec: {containers: [{name: c, image: i}]}\n---\n`;
const policy = (name: string, spec: string, ns = 'shop') => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: ${spec}\n---\n`;

/** The report's lines without the kube-system DNS the loader adds, and without the notes. */
function lines(report: ConnectivityReport): string[] {
  return renderText(report)
    .split('\n')
    .filter((l) => l.includes(' => ') && !l.includes('kube-system/'));
}

describe('connectivityReport', () => {
  it('collapses replicas into their workload, shows a bare pod as [Pod], and lists pods per peer', async () => {
    const cluster = await clusterOf(deployment('api', 3, 'app: api') + `apiVersion: v1\nkind: Pod\nmetadata: {name: debug, namespace: shop}\nspec: {containers: [{name: c, image: i}]}\n---\n` + policy('deny', '{podSelector: {}, policyTypes: [Ingress, Egress]}'));
    const report = connectivityReport(cluster, { namespace: 'shop' });
    expect(report.peers.map((p) => [p.name, p.pods.length])).toEqual([
      ['shop/api[Deployment]', 3],
      ['shop/debug[Pod]', 1],
    ]);
    expect(report.connections).toEqual([]);
  });

  it('a workload to itself: a line between its replicas, none for a single pod (self is undefined)', async () => {
    const cluster = await clusterOf(deployment('api', 2, 'app: api') + deployment('solo', 1, 'app: solo'));
    const own = lines(connectivityReport(cluster)).filter((l) => /^(\S+) => \1 :/.test(l));
    expect(own).toEqual(['shop/api[Deployment] => shop/api[Deployment] : All Connections']);
  });

  it('workloads sharing a class each get their lines', async () => {
    const cluster = await clusterOf(deployment('a', 1, 'app: a') + deployment('b', 1, 'app: b') + policy('in', '{podSelector: {}, ingress: [{ports: [{port: 80}]}]}'));
    expect(lines(connectivityReport(cluster)).filter((l) => !l.includes('External'))).toEqual(['shop/a[Deployment] => shop/b[Deployment] : TCP 80', 'shop/b[Deployment] => shop/a[Deployment] : TCP 80']);
  });

  it('splits a workload whose pods get different verdicts, naming the pods of each part', async () => {
    const sts = `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: shop}\nspec:\n  replicas: 3\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec: {containers: [{name: c, image: i}]}\n---\n`;
    const cluster = await clusterOf(sts + policy('primary', '{podSelector: {matchLabels: {statefulset.kubernetes.io/pod-name: db-0}}}'));
    const report = connectivityReport(cluster, { namespace: 'shop' });
    expect(report.peers.filter((p) => p.kind === 'StatefulSet').map((p) => [p.name, p.split])).toEqual([
      ['shop/db[StatefulSet]{db-0}', true],
      ['shop/db[StatefulSet]{db-1,db-2}', true],
    ]);
    expect(lines(report).filter((l) => !l.includes('External'))).toEqual([
      'shop/db[StatefulSet]{db-0} => shop/db[StatefulSet]{db-1,db-2} : All Connections',
      'shop/db[StatefulSet]{db-1,db-2} => shop/db[StatefulSet]{db-1,db-2} : All Connections',
    ]);
  });

  it('keeps pods of one workload together when their classes are interchangeable', async () => {
    // Two pods with different per-pod labels that a policy mentions, but which select nothing here.
    const sts = `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: shop}\nspec:\n  replicas: 2\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec: {containers: [{name: c, image: i}]}\n---\n`;
    const cluster = await clusterOf(sts + policy('other', '{podSelector: {matchLabels: {statefulset.kubernetes.io/pod-name: db-9}}}'));
    const report = connectivityReport(cluster, { namespace: 'shop' });
    expect(report.peers.filter((p) => p.kind === 'StatefulSet').map((p) => p.name)).toEqual(['shop/db[StatefulSet]']);
  });

  it('merges address segments no verdict depends on; keeps those that matter', async () => {
    const quiet = await clusterOf(deployment('a', 1, 'app: a') + policy('unused', '{podSelector: {matchLabels: {app: none}}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}}]}]}'));
    expect(connectivityReport(quiet).peers.filter((p) => p.kind === 'External').map((p) => p.name)).toEqual(['0.0.0.0-255.255.255.255[External]']);
    const loud = await clusterOf(deployment('a', 1, 'app: a') + policy('in', '{podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]}]}'));
    expect(lines(connectivityReport(loud)).filter((l) => l.startsWith('0') || l.startsWith('1'))).toEqual([
      '0.0.0.0-9.255.255.255[External] => shop/a[Deployment] : All Connections',
      '11.0.0.0-255.255.255.255[External] => shop/a[Deployment] : All Connections',
    ]);
  });

  it('focus on a namespace keeps lines with one end in it', async () => {
    const cluster = await clusterOf(deployment('a', 1, 'app: a') + deployment('b', 1, 'app: b', 'other'));
    const report = connectivityReport(cluster, { namespace: 'other' });
    expect(report.connections.every((c) => report.peers[c.src]?.namespace === 'other' || report.peers[c.dst]?.namespace === 'other')).toBe(true);
    expect(lines(report)).toContain('shop/a[Deployment] => other/b[Deployment] : All Connections');
    expect(lines(report)).not.toContain('0.0.0.0-255.255.255.255[External] => shop/a[Deployment] : All Connections');
  });

  it('marks hostNetwork workloads and self traffic as undefined and draws no line for them', async () => {
    const ds = `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: shop}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec: {hostNetwork: true, containers: [{name: c, image: i}]}\n---\n`;
    const report = connectivityReport(await clusterOf(ds + deployment('a', 1, 'app: a')));
    expect(report.undefined.map((u) => [u.reason, u.peer])).toEqual([
      ['self', undefined],
      ['host-network', 'shop/agent[DaemonSet]'],
    ]);
    expect(lines(report).filter((l) => l.includes('agent'))).toEqual([]);
  });
});

describe('reportOf against every pair of peers', () => {
  it.each(Array.from({ length: 20 }, (_, i) => i + 1))('random cluster, seed %i: the pruned walk finds every connection', (seed) => {
    const matrix = ConnectivityMatrix.of(drawCluster(seed));
    const report = reportOf(matrix);
    const got = report.connections.map((c) => `${report.peers[c.src]?.name} => ${report.peers[c.dst]?.name} : ${report.sets.text(c.set)}`);
    // The slow way: one cell per ordered pair of report peers.
    const expected: string[] = [];
    for (const a of report.peers) {
      for (const b of report.peers) {
        if (a.hostNetwork || b.hostNetwork || (a.kind === 'External' && b.kind === 'External') || (a === b && a.pods.length < 2)) continue;
        const set = matrix.cell(a.cells[0] as number, b.cells[0] as number);
        if (set !== SetTable.EMPTY && set !== UNDEFINED) expected.push(`${a.name} => ${b.name} : ${matrix.sets.text(set)}`);
      }
    }
    expect(got).toEqual(expected);
  });
});

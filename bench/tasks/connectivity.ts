/**
 * All-pairs connectivity: the whole-cluster report `kreach connectivity` prints (every ordered pair of
 * pods reduced to pod classes and evaluated once per pair of classes), on a cluster of N pods.
 * Peak RSS covers loading too; the heap growth is the report's own.
 */
import { connectivityReport } from '../../src/connectivity/index.js';
import { collect, heapMiB, loadCluster, now, peakRssMiB } from './common.js';

export interface ConnectivityResult {
  pods: number;
  ms: number;
  classes: number;
  peers: number;
  connections: number;
  heapGrowthMiB: number;
  peakRssMiB: number;
}

export async function runConnectivity(args: { dir: string }): Promise<ConnectivityResult> {
  const cluster = await loadCluster(args.dir);
  collect();
  const before = heapMiB();
  const t0 = now();
  const report = connectivityReport(cluster);
  const ms = now() - t0;
  const grown = heapMiB() - before;
  return {
    pods: cluster.store.pods.list().length,
    ms,
    classes: new Set(report.peers.map((p) => p.cells[0])).size,
    peers: report.peers.length,
    connections: report.connections.length,
    heapGrowthMiB: grown,
    peakRssMiB: peakRssMiB(),
  };
}

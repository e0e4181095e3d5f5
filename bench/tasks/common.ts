/**
 * What every measuring child shares: loading a generated dataset into a cluster with the generator's
 * control-plane ranges, the DNS engine with the kubeadm profile (what `kreach dns serve` uses when
 * the input has no Corefile), timing, and the one line a child reports its result on.
 */
import { performance } from 'node:perf_hooks';
import { Cluster } from '../../src/cluster/cluster.js';
import { dnsConfigFromSources } from '../../src/dns/corefile.js';
import { ClusterDnsEngine } from '../../src/dns/engine.js';
import type { Manifests } from '../../src/model/index.js';
import { loadManifests } from '../../src/source/load.js';
import { CLUSTER_FLAGS } from '../generate.js';

/** The marker before a child's JSON result on stdout. */
export const RESULT_MARKER = '@@bench-result ';

export function report(result: unknown): void {
  process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

export function now(): number {
  return performance.now();
}

export async function readDataset(dir: string): Promise<Manifests> {
  return loadManifests([dir]);
}

export function clusterOf(manifests: Manifests): Cluster {
  return Cluster.fromManifests(manifests, { serviceCIDRs: CLUSTER_FLAGS.serviceCIDRs, podCIDRs: CLUSTER_FLAGS.podCIDRs });
}

export function dnsEngineOf(cluster: Cluster): ClusterDnsEngine {
  return new ClusterDnsEngine(cluster, dnsConfigFromSources({ flags: {} }).config);
}

/** Load and derive, failing loudly when the generator produced input kreach calls wrong. */
export async function loadCluster(dir: string): Promise<Cluster> {
  const cluster = clusterOf(await readDataset(dir));
  const errors = cluster.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) throw new Error(`${dir}: ${errors.length} input errors, first: ${errors[0]?.message}`);
  return cluster;
}

/** Peak resident set of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function heapMiB(): number {
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Full collection when the child runs with --expose-gc. */
export function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

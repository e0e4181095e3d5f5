/**
 * The DNS engine's own state: heap retained by the index after every Service name has been asked once
 * (the per-entry memo tables included), measured between full collections, so the child runs with
 * `--expose-gc`. Also times building the index and exporting the zones (`kreach dns zone`'s work).
 */
import { exportZones } from '../../src/dns/zone-export.js';
import { collect, dnsEngineOf, heapMiB, loadCluster, now, peakRssMiB } from './common.js';

export interface DnsStateResult {
  buildMs: number;
  warmMs: number;
  /** Heap held by the engine after warming, MiB. */
  stateMiB: number;
  exportMs: number;
  zoneRecords: number;
  names: number;
  peakRssMiB: number;
}

export async function runDnsState(args: { dir: string }): Promise<DnsStateResult> {
  const cluster = await loadCluster(args.dir);
  collect();
  const before = heapMiB();
  const t0 = now();
  const engine = dnsEngineOf(cluster);
  const t1 = now();
  let names = 0;
  for (const svc of cluster.store.services.list()) {
    const base = `${svc.meta.name}.${svc.meta.namespace}.svc.cluster.local`;
    engine.answer({ name: base, type: 'A' });
    for (const port of svc.ports) if (port.name) engine.answer({ name: `_${port.name}._${port.protocol.toLowerCase()}.${base}`, type: 'SRV' });
    names++;
  }
  const t2 = now();
  collect();
  const stateMiB = heapMiB() - before;
  const t3 = now();
  const zones = exportZones(engine.records(), engine.zones);
  const t4 = now();
  return {
    buildMs: t1 - t0,
    warmMs: t2 - t1,
    stateMiB,
    exportMs: t4 - t3,
    zoneRecords: zones.reduce((n, z) => n + z.records, 0),
    names,
    peakRssMiB: peakRssMiB(),
  };
}

/**
 * Load + derive: one format of one dataset from files to a cluster with every EndpointSlice derived
 * and the DNS index built, ending with one answered question. Run in a fresh child per measurement,
 * so the peak RSS is this load's alone.
 */
import { jsonParseSpeed } from './machine-speed.js';
import { collect, clusterOf, dnsEngineOf, heapMiB, now, peakRssMiB, readDataset } from './common.js';

export interface LoadResult {
  readMs: number;
  deriveMs: number;
  dnsIndexMs: number;
  firstAnswerMs: number;
  totalMs: number;
  /** CPU time of the process (user + system) over the same span: on a busy machine, wall time lies. */
  cpuMs: number;
  peakRssMiB: number;
  heapAfterMiB: number;
  /** The machine's speed right after the measurement (machine-speed.ts), MB/s of JSON.parse. */
  parseMBps?: number;
  pods: number;
  services: number;
  slices: number;
  findings: { error: number; warning: number; info: number };
}

export async function runLoad(args: { dir: string; probe: string }): Promise<LoadResult> {
  const cpu0 = process.cpuUsage();
  const t0 = now();
  const manifests = await readDataset(args.dir);
  const t1 = now();
  const cluster = clusterOf(manifests);
  const t2 = now();
  const engine = dnsEngineOf(cluster);
  const t3 = now();
  const answer = engine.answer({ name: args.probe, type: 'A' });
  const t4 = now();
  const cpu = process.cpuUsage(cpu0);
  if (answer.rcode !== 'NOERROR' || answer.answer.length === 0) throw new Error(`probe ${args.probe}: ${answer.rcode}, ${answer.answer.length} records`);
  const findings = { error: 0, warning: 0, info: 0 };
  for (const f of cluster.findings) findings[f.severity]++;
  const peak = peakRssMiB();
  const parseMBps = jsonParseSpeed();
  collect();
  return {
    readMs: t1 - t0,
    deriveMs: t2 - t1,
    dnsIndexMs: t3 - t2,
    firstAnswerMs: t4 - t3,
    totalMs: t4 - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMiB: peak,
    parseMBps,
    heapAfterMiB: heapMiB(),
    pods: cluster.store.pods.list().length,
    services: cluster.store.services.list().length,
    slices: cluster.slices.all().length,
    findings,
  };
}

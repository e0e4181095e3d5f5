/** `kreach lint` over a whole cluster: every rule, positions resolved, one report. */
import { runLint } from '../../src/lint/run.js';
import { collect, heapMiB, loadCluster, now, peakRssMiB } from './common.js';

export interface LintResult {
  ms: number;
  findings: number;
  byRule: Record<string, number>;
  heapGrowthMiB: number;
  peakRssMiB: number;
}

export async function runLintTask(args: { dir: string }): Promise<LintResult> {
  const cluster = await loadCluster(args.dir);
  collect();
  const before = heapMiB();
  const t0 = now();
  const result = runLint(cluster);
  const ms = now() - t0;
  const byRule: Record<string, number> = {};
  for (const f of result.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  return { ms, findings: result.findings.length, byRule, heapGrowthMiB: heapMiB() - before, peakRssMiB: peakRssMiB() };
}

/**
 * `kreach connectivity` over every source folder of the shared corpus (../shared/corpus, skipped when
 * absent): the report renders in every format without throwing, the matrix agrees with the policy
 * engine on the first pods of each folder, and a question between two pods gets an answer. One test
 * per folder, so a failure names the upstream repository.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ask, connectivityReport, REPORT_FORMATS, renderReport, resolveEnd } from '../src/connectivity/index.js';
import { loadCluster } from '../src/load.js';
import { keyOf } from '../src/model/index.js';
import { PolicyEngine } from '../src/policy/index.js';
import { disagreements } from './connectivity-helpers.js';
import { CORPUS, corpusPresent as present, corpusSources as sources } from './corpus.js';


describe.skipIf(!present)(`connectivity over the corpus (${CORPUS})`, () => {
  it.each(sources)('%s: report, cross-check and a question', async (source) => {
    const cluster = await loadCluster({ files: [join(CORPUS, source)], recursive: true });
    const report = connectivityReport(cluster);
    for (const format of REPORT_FORMATS) expect(renderReport(report, format).length, format).toBeGreaterThan(0);
    expect(report.peers.length).toBeGreaterThan(0);
    expect(disagreements(cluster, 40)).toEqual([]);

    const pods = cluster.pods();
    const [a, b] = [pods[0], pods[pods.length - 1]];
    if (a && b) {
      const [from, to] = [resolveEnd(cluster, keyOf(a.meta), 'default'), resolveEnd(cluster, keyOf(b.meta), 'default')];
      if (!from.ok || !to.ok) throw new Error('pods of the cluster must resolve');
      const engine = new PolicyEngine(cluster);
      const asked = ask(engine, from.end, to.end, 80, 'TCP');
      engine.close();
      expect(asked.ok && asked.answer.outcomes.length).toBeGreaterThan(0);
    }
  });
});

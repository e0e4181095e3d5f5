/**
 * The linter over the shared corpus of real-world manifests (../shared/corpus), compared with
 * reviewed expected findings in testdata/lint-golden/<source>.txt, one file per upstream source.
 * Each folder that holds manifests is linted as one input set, as the corpus was collected (a
 * directory's Services arrive with the workloads they select; lumping a whole repository together
 * would let unrelated samples with the same names overwrite each other). Notes on the review of
 * every committed finding are in testdata/lint-golden/REVIEW.md.
 *
 * KREACH_UPDATE_GOLDEN=1 rewrites the golden files; otherwise a mismatch writes `<source>.txt.actual`
 * beside the golden file for diffing.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCluster } from '../src/load.js';
import { runLint } from '../src/lint/run.js';
import type { LintFinding } from '../src/lint/types.js';
import { CORPUS, corpusPresent as present, REPO_ROOT } from './corpus.js';

const GOLDEN = join(REPO_ROOT, 'testdata/lint-golden');
const UPDATE = process.env.KREACH_UPDATE_GOLDEN === '1';
const MANIFEST = /\.(ya?ml|json)$/i;

/**
 * Folders that are deployed together and are linted together as well, beside each folder alone:
 * microservices-demo's network-policies kustomize component is applied on top of the base
 * manifests, and only together do they show that the per-app `egress: [{}]` rules reopen the
 * egress `deny-all` closes (DNS included: netpol-blocks-dns must stay silent).
 */
const TOGETHER: Record<string, string[][]> = {
  'GoogleCloudPlatform__microservices-demo': [['kubernetes-manifests', 'kustomize/components/network-policies']],
};

const sources = present
  ? readdirSync(CORPUS, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()
  : [];

/** Folders under `dir` (itself included) that directly hold manifest files, sorted. */
function manifestFolders(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  const own = entries.some((e) => e.isFile() && MANIFEST.test(e.name)) ? [dir] : [];
  return [...own, ...entries.filter((e) => e.isDirectory()).flatMap((e) => manifestFolders(join(dir, e.name)))];
}

function line(f: LintFinding, base: string): string {
  const at = f.source ? `${relative(base, f.source.file)}:${f.source.line}:${f.source.col}` : '(no file)';
  return `${at}: ${f.severity} [${f.rule}] ${f.object || '-'}${f.path ? ` ${f.path}` : ''}: ${f.message}\n    fix: ${f.fix}`;
}

/** The golden text of one source: counts per rule, then every finding in folder order. */
async function lintSource(source: string): Promise<string> {
  const base = join(CORPUS, source);
  const lines: string[] = [];
  const counts = new Map<string, number>();
  const sets = [...manifestFolders(base).map((f) => [f]), ...(TOGETHER[source] ?? []).map((set) => set.map((f) => join(base, f)))];
  for (const files of sets) {
    const cluster = await loadCluster({ files });
    const report = runLint(cluster);
    for (const f of report.findings) {
      lines.push(line(f, base));
      const key = `${f.rule} ${f.severity}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const f of report.suppressed) lines.push(`suppressed (${f.reason || 'no reason'}): ${line(f, base)}`);
  }
  const summary = [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([key, n]) => `#   ${key}: ${n}`);
  const together = (TOGETHER[source] ?? []).map((set) => `# Also linted together: ${set.join(' + ')}`);
  return [
    `# kreach lint over ../shared/corpus/${source}, each manifest folder as one input set.`,
    ...together,
    '# Reviewed: see REVIEW.md. Regenerate with KREACH_UPDATE_GOLDEN=1 npx vitest run test/lint-golden.test.ts',
    `# ${lines.length} findings:`,
    ...summary,
    '',
    ...lines,
    '',
  ].join('\n');
}

describe.skipIf(!present)('lint golden over the corpus', () => {
  for (const source of sources) {
    it(source, async () => {
      const actual = await lintSource(source);
      const file = join(GOLDEN, `${source}.txt`);
      if (UPDATE) {
        writeFileSync(file, actual);
        rmSync(`${file}.actual`, { force: true });
        return;
      }
      const expected = existsSync(file) ? readFileSync(file, 'utf8') : '';
      if (actual !== expected) writeFileSync(`${file}.actual`, actual);
      else rmSync(`${file}.actual`, { force: true });
      expect(actual, `${source}: differs from testdata/lint-golden/${source}.txt (see .actual)`).toBe(expected);
    });
  }

  it('never reports a headless port mismatch for a named targetPort that resolves to the port', async () => {
    // lint.md §3 item 1: argo-cd HA redis, istio loki, kube-prometheus — 8 named targetPorts on
    // headless Services, all resolving to the Service port.
    for (const source of ['argoproj__argo-cd', 'istio__istio', 'prometheus-operator__kube-prometheus']) {
      const text = readFileSync(join(GOLDEN, `${source}.txt`), 'utf8');
      expect(text).not.toContain('[headless-port-mismatch]');
    }
  });
});

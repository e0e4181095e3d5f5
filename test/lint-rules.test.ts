/**
 * Every lint rule against its table of cases: `testdata/lint/<rule-id>/*.yaml`, each a small set of
 * manifests whose header says what the rule must report, one `# expect:` line per finding:
 *
 *   # expect: error Service default/db spec.ports[0].targetPort ~ resolves to 5432
 *   # expect: none
 *
 * (severity, object or `-`, field path or `-`, and optionally `~` and a text the message must contain).
 * `none` marks a near miss the rule must stay silent on. Only the rule under test runs, so a case
 * fails with its own name and nothing else's findings.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCluster } from '../src/load.js';
import { RULES } from '../src/lint/rules.js';
import { runLint } from '../src/lint/run.js';
import type { LintConfig } from '../src/lint/config.js';

const ROOT = fileURLToPath(new URL('../testdata/lint/', import.meta.url));

interface Expected {
  key: string;
  text?: string;
}

/** The `# expect:` lines of a case file. */
function expectations(text: string, file: string): Expected[] {
  const lines = text.split('\n').filter((l) => l.startsWith('# expect:'));
  if (lines.length === 0) throw new Error(`${file}: no "# expect:" line`);
  return lines.flatMap((line) => {
    const body = line.slice('# expect:'.length).trim();
    if (body === 'none') return [];
    const [head = '', text] = body.split(' ~ ');
    return [{ key: head.trim().replace(/\s+/g, ' '), ...(text ? { text: text.trim() } : {}) }];
  });
}

/** Only `rule` on. */
function only(rule: string): LintConfig {
  return { enabled: Object.fromEntries(RULES.map((r) => [r.id, r.id === rule])), severity: {} };
}

const ruleDirs = readdirSync(ROOT, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('lint rule cases (testdata/lint)', () => {
  it('has a case folder with triggering and near-miss cases for every rule', () => {
    expect(ruleDirs).toEqual(RULES.map((r) => r.id).sort());
    for (const dir of ruleDirs) {
      const texts = readdirSync(join(ROOT, dir)).map((f) => readFileSync(join(ROOT, dir, f), 'utf8'));
      expect(texts.some((t) => /# expect: (error|warning|info) /.test(t)), `${dir} has a triggering case`).toBe(true);
      expect(texts.some((t) => t.includes('# expect: none')), `${dir} has a near miss`).toBe(true);
    }
  });

  for (const rule of ruleDirs) {
    describe(rule, () => {
      const files = readdirSync(join(ROOT, rule)).filter((f) => /\.ya?ml$/.test(f)).sort();
      for (const file of files) {
        it(file.replace(/\.ya?ml$/, ''), async () => {
          const path = join(ROOT, rule, file);
          const wanted = expectations(readFileSync(path, 'utf8'), file);
          const cluster = await loadCluster({ files: [path] });
          const report = runLint(cluster, { config: only(rule) });
          const got = report.findings.map((f) => ({ key: `${f.severity} ${f.object || '-'} ${f.path ?? '-'}`, message: f.message }));
          expect(got.map((g) => g.key).sort(), `${rule}/${file}: findings`).toEqual(wanted.map((w) => w.key).sort());
          for (const w of wanted.filter((x) => x.text)) {
            const match = got.find((g) => g.key === w.key && g.message.includes(w.text ?? ''));
            expect(match, `${rule}/${file}: a "${w.key}" finding whose message contains "${w.text}" (got: ${got.map((g) => g.message).join(' | ')})`).toBeDefined();
          }
          for (const f of report.findings) {
            expect(f.source?.file, `${file}: finding has a position`).toBe(path);
            expect(f.fix.length, `${file}: finding has a fix`).toBeGreaterThan(0);
          }
        });
      }
    });
  }
});

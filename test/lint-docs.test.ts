/**
 * The rule pages in docs/rules/ stay true: every rule in the table has a page and every page a
 * rule; each page's "Failing example" triggers its rule and its "Fixed example" does not. The
 * examples are linted exactly as written, with only that rule on.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCluster } from '../src/load.js';
import { RULES } from '../src/lint/rules.js';
import { runLint } from '../src/lint/run.js';
import { docsPath } from '../src/lint/types.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = mkdtempSync(join(tmpdir(), 'kreach-lint-docs-'));

/** The first ```yaml block after the heading `## <title>`. */
function example(page: string, title: string): string {
  const section = page.split(`## ${title}`)[1] ?? '';
  const match = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error(`no yaml block under "## ${title}"`);
  return match[1];
}

async function findingsOf(ruleId: string, yaml: string, name: string): Promise<string[]> {
  const file = join(DIR, `${ruleId}-${name}.yaml`);
  writeFileSync(file, yaml);
  const config = { enabled: Object.fromEntries(RULES.map((r) => [r.id, r.id === ruleId])), severity: {} };
  const report = runLint(await loadCluster({ files: [file] }), { config });
  return report.findings.map((f) => `${f.severity} ${f.object} ${f.path ?? ''}: ${f.message}`);
}

describe('docs/rules', () => {
  it('has one page per rule and no page without a rule', () => {
    const pages = readdirSync(join(ROOT, 'docs/rules')).filter((f) => f.endsWith('.md')).map((f) => f.replace(/\.md$/, '')).sort();
    expect(pages).toEqual(RULES.map((r) => r.id).sort());
  });

  for (const rule of RULES) {
    it(`${rule.id}: the failing example fails and the fixed example passes`, async () => {
      const path = join(ROOT, docsPath(rule.id));
      expect(existsSync(path)).toBe(true);
      const page = readFileSync(path, 'utf8');
      expect(page.startsWith(`# ${rule.id}\n`)).toBe(true);
      expect((await findingsOf(rule.id, example(page, 'Failing example'), 'failing')).length).toBeGreaterThan(0);
      expect(await findingsOf(rule.id, example(page, 'Fixed example'), 'fixed')).toEqual([]);
    });
  }
});

/**
 * yaml-boolean-string: a string field written as an unquoted YAML 1.1 boolean (`on`, `off`, `yes`,
 * `no`, `y`, `n`, `true`, `false`). kubectl reads manifests as YAML 1.1, so `feature: on` arrives
 * as `true` and the API server rejects the object for a wrong type. The loader already reports
 * each such value where it reads a string (`must be a string`, `is not a string`); this rule takes
 * those findings over rather than parsing again, and quotes the text as written.
 */
import { readFileSync } from 'node:fs';
import type { Finding } from '../model/index.js';
import { TYPE_MESSAGES } from '../source/checked-read.js';
import { formatFieldError, invalid } from '../source/field-error.js';
import { MSG } from '../source/messages.js';
import { subjectOf, unnamedSubject } from './input-findings.js';
import { YAML_BOOLEAN } from './messages.js';
import type { LintRule, RuleFinding } from './types.js';

export const yamlBooleanString: LintRule = {
  id: 'yaml-boolean-string',
  severity: 'error',
  summary: 'a string field written as an unquoted YAML 1.1 boolean (on, off, yes, no, y, n): the API server rejects it',
  check(ctx) {
    const out: RuleFinding[] = [];
    const texts = new Map<string, string[] | null>();
    for (const finding of ctx.input) {
      const match = booleanOf(finding);
      if (!match) continue;
      ctx.claim(finding);
      const { value, nameOf } = match;
      const written = (finding.source && writtenAt(texts, finding.source.file, finding.source.line, finding.source.col)) || String(value);
      // A boolean metadata.name costs the whole object: the loader names only its kind.
      const what = nameOf ? `${nameOf} metadata.name` : [finding.object, finding.path].filter(Boolean).join(' ');
      const subject = subjectOf(ctx.cluster, finding.object) ?? unnamedSubject(nameOf ?? finding.object?.split(' ')[0] ?? 'object');
      out.push({
        subject,
        // The loader's path text is kept whole: its map keys may hold dots (`kreach.io/ignore`).
        ...(finding.path ? { path: [finding.path] } : {}),
        ...(finding.source ? { source: finding.source } : {}),
        message: YAML_BOOLEAN.message(what, written, value),
        fix: YAML_BOOLEAN.fix(written),
      });
    }
    return out;
  },
};

/** The messages the loader uses for a boolean where a string belongs, for `true` and `false`. */
const PATTERNS = [true, false].map((value) => ({
  value,
  exact: [formatFieldError(invalid([], value, TYPE_MESSAGES.string)), MSG.notAString(value)],
  nameSuffix: MSG.nameNotAString('', value).trimStart(),
}));

/** The boolean the loader saw, and for a boolean name the kind of the object it dropped. */
function booleanOf(finding: Finding): { value: boolean; nameOf?: string } | undefined {
  for (const p of PATTERNS) {
    if (p.exact.includes(finding.message)) return { value: p.value };
    if (finding.message.endsWith(p.nameSuffix)) return { value: p.value, nameOf: finding.message.slice(0, -p.nameSuffix.length).trim() };
  }
  return undefined;
}

/** The plain scalar as written at a 1-based line and column (`on`, `No`), if the file can be read. */
function writtenAt(cache: Map<string, string[] | null>, file: string, line: number, col: number): string | undefined {
  if (!cache.has(file)) {
    let lines: string[] | null = null;
    try {
      if (!file.startsWith('<')) lines = readFileSync(file, 'utf8').split('\n');
    } catch {
      lines = null;
    }
    cache.set(file, lines);
  }
  const text = cache.get(file)?.[line - 1]?.slice(col - 1);
  const token = text ? /^[A-Za-z]+/.exec(text)?.[0] : undefined;
  return token && /^(y|yes|n|no|true|false|on|off)$/i.test(token) ? token : undefined;
}

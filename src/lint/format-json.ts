/**
 * `kreach lint -o json`: the report as data for scripts. Stable field names: `findings` and
 * `suppressed` hold lint findings (`rule`, `severity`, `message`, `fix`, `object`, `path`, `file`,
 * `line`, `col`), `input` the loader's findings no rule took over, `summary` the counts.
 */
import type { Finding } from '../model/index.js';
import { countReport } from './format-summary.js';
import type { LintFinding, LintReport } from './types.js';

/** The JSON document's version; bumped when a field changes meaning. */
export const JSON_FORMAT_VERSION = 1;

export function formatJson(report: LintReport): string {
  const doc = {
    version: JSON_FORMAT_VERSION,
    summary: countReport(report),
    findings: report.findings.map(flat),
    suppressed: report.suppressed.map((f) => ({ ...flat(f), reason: f.reason })),
    input: report.input.map(flatInput),
    rules: report.rules.map(({ rule, severity }) => ({ id: rule.id, severity, summary: rule.summary })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function flat(f: LintFinding) {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    fix: f.fix,
    object: f.object,
    ...(f.path ? { path: f.path } : {}),
    ...position(f),
  };
}

function flatInput(f: Finding) {
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    ...(f.object ? { object: f.object } : {}),
    ...(f.path ? { path: f.path } : {}),
    ...position(f),
  };
}

function position(f: Finding): { file?: string; line?: number; col?: number } {
  return f.source ? { file: f.source.file, line: f.source.line, col: f.source.col } : {};
}

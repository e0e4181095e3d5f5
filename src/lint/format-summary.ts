/**
 * Counts and wording shared by the lint output formats: how many findings of each severity, and
 * the one-line summary (`2 errors, 1 warning, 1 suppressed`). Each format module renders a
 * `LintReport` on its own; none of them detects anything.
 */
import type { Finding, Severity } from '../model/index.js';
import type { LintReport } from './types.js';

export interface Counts {
  error: number;
  warning: number;
  info: number;
  suppressed: number;
  /** Loader findings of severity error (exit 2). */
  inputErrors: number;
}

export function countReport(report: LintReport): Counts {
  const counts: Counts = { error: 0, warning: 0, info: 0, suppressed: report.suppressed.length, inputErrors: 0 };
  for (const f of report.findings) counts[f.severity]++;
  counts.inputErrors = report.input.filter((f) => f.severity === 'error').length;
  return counts;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `2 errors, 1 warning, 0 info (1 suppressed)` or `no findings`. */
export function summaryLine(counts: Counts): string {
  const total = counts.error + counts.warning + counts.info;
  const parts = total === 0 ? ['no findings'] : [plural(counts.error, 'error'), plural(counts.warning, 'warning'), `${counts.info} info`];
  if (counts.suppressed > 0) parts.push(`${counts.suppressed} suppressed`);
  if (counts.inputErrors > 0) parts.push(plural(counts.inputErrors, 'input error'));
  return parts.join(', ');
}

/** `file:line:col` of a finding, or `''` when it has no position. */
export function where(finding: Finding): string {
  const s = finding.source;
  return s ? `${s.file}:${s.line}:${s.col}` : '';
}

/** SARIF's and GitHub's names for our severities. */
export const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
export const GITHUB_COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

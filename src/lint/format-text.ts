/**
 * The human format of `kreach lint`: findings grouped by file, each at `line:col` with its
 * severity, message and rule id, the fix on the line below; then the findings suppressed by
 * annotation with their reasons, and a summary. Colour only when asked (a TTY).
 */
import pc from 'picocolors';
import type { Severity } from '../model/index.js';
import { countReport, summaryLine } from './format-summary.js';
import type { LintFinding, LintReport, SuppressedFinding } from './types.js';

export interface TextOptions {
  color?: boolean;
}

const NO_FILE = '(no file)';

export function formatText(report: LintReport, options: TextOptions = {}): string {
  const paint = painter(options.color ?? false);
  const lines: string[] = [];
  for (const [file, findings] of byFile(report.findings)) {
    lines.push(paint.bold(file));
    for (const f of findings) {
      const pos = f.source ? `${f.source.line}:${f.source.col}` : '';
      lines.push(`  ${pos.padEnd(8)} ${paint.severity(f.severity, f.severity.padEnd(7))} ${f.message}  ${paint.dim(f.rule)}`);
      lines.push(`  ${''.padEnd(8)} ${''.padEnd(7)} ${paint.dim(`fix: ${f.fix}`)}`);
    }
    lines.push('');
  }
  if (report.suppressed.length > 0) {
    lines.push(paint.bold(`suppressed by kreach.io/ignore (${report.suppressed.length}):`));
    for (const f of report.suppressed) lines.push(`  ${suppressedLine(f)}`);
    lines.push('');
  }
  const counts = countReport(report);
  const total = counts.error + counts.warning + counts.info;
  const summary = summaryLine(counts);
  lines.push(total === 0 ? paint.dim(summary) : counts.error > 0 ? paint.severity('error', summary) : summary);
  return `${lines.join('\n')}\n`;
}

function suppressedLine(f: SuppressedFinding): string {
  const pos = f.source ? `${f.source.file}:${f.source.line}:${f.source.col}: ` : '';
  return `${pos}${f.severity} ${f.rule} on ${f.object || 'an unnamed object'}: ${f.reason ? `"${f.reason}"` : '(no reason given)'}`;
}

/** Findings grouped by file in report order (already sorted by file). */
function byFile(findings: readonly LintFinding[]): Map<string, LintFinding[]> {
  const out = new Map<string, LintFinding[]>();
  for (const f of findings) {
    const file = f.source?.file ?? NO_FILE;
    let list = out.get(file);
    if (!list) out.set(file, (list = []));
    list.push(f);
  }
  return out;
}

function painter(color: boolean) {
  const id = (s: string) => s;
  const bySeverity: Record<Severity, (s: string) => string> = { error: pc.red, warning: pc.yellow, info: pc.cyan };
  return {
    bold: color ? pc.bold : id,
    dim: color ? pc.dim : id,
    severity: (severity: Severity, text: string) => (color ? bySeverity[severity](text) : text),
  };
}

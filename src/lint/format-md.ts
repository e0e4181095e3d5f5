/**
 * `kreach lint -o md`: Markdown for a pull-request comment. A heading with the counts, one table
 * row per finding (severity, rule, where, message and fix), suppressed findings and loader findings
 * folded away in `<details>`. Cell text is escaped so a message cannot break the table or inject
 * HTML.
 */
import { countReport, summaryLine, where } from './format-summary.js';
import type { LintReport } from './types.js';

export function formatMarkdown(report: LintReport): string {
  const counts = countReport(report);
  const out: string[] = ['### kreach lint', '', `**${summaryLine(counts)}**`, ''];
  if (report.findings.length > 0) {
    out.push('| Severity | Rule | Where | Finding |', '| --- | --- | --- | --- |');
    for (const f of report.findings) {
      out.push(`| ${f.severity} | \`${f.rule}\` | ${code(where(f))} | ${cell(f.message)}<br>**Fix:** ${cell(f.fix)} |`);
    }
    out.push('');
  }
  if (report.suppressed.length > 0) {
    out.push(`<details><summary>${report.suppressed.length} suppressed by <code>kreach.io/ignore</code></summary>`, '');
    out.push('| Rule | Object | Where | Reason |', '| --- | --- | --- | --- |');
    for (const f of report.suppressed) {
      out.push(`| \`${f.rule}\` | ${cell(f.object)} | ${code(where(f))} | ${f.reason ? cell(f.reason) : '_no reason given_'} |`);
    }
    out.push('', '</details>', '');
  }
  const input = report.input.filter((f) => f.severity !== 'info');
  if (input.length > 0) {
    out.push(`<details><summary>${input.length} input ${input.length === 1 ? 'problem' : 'problems'}</summary>`, '');
    for (const f of input) out.push(`- ${f.severity} ${code(where(f))} ${cell(f.message)} (\`${f.code}\`)`);
    out.push('', '</details>', '');
  }
  return `${out.join('\n')}\n`;
}

/** Table-cell text: no raw HTML, no pipes, no line breaks, no Markdown emphasis surprises. */
function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/([*_`[\]])/g, '\\$1')
    .replace(/\r?\n/g, '<br>');
}

function code(text: string): string {
  return text ? `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\`` : '';
}

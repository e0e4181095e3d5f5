/**
 * The report in the format `-o` asks for. Text is np-guard's `list` spelling, one connection per
 * line, so the two tools' outputs compare line by line:
 *
 *     shop/frontend[Deployment] => shop/api[Deployment] : TCP 8080
 *     shop/api[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections
 *
 * Markdown is the same as a `| src | dst | conn |` table. Both end with what the API leaves
 * undefined, which no line claims either way. JSON, YAML and DOT live in their own modules; the
 * table below is the only place that lists the formats.
 */
import { renderDot } from './render-dot.js';
import { renderJson, renderYaml } from './render-json.js';
import type { ConnectivityReport } from './report.js';

export const REPORT_FORMATS = ['text', 'json', 'yaml', 'md', 'dot'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const RENDERERS: Record<ReportFormat, (report: ConnectivityReport) => string> = {
  text: renderText,
  json: renderJson,
  yaml: renderYaml,
  md: renderMarkdown,
  dot: renderDot,
};

/** The report as `format` text, ending in a newline (an empty report in text is empty). */
export function renderReport(report: ConnectivityReport, format: ReportFormat): string {
  return RENDERERS[format](report);
}

/** One line per connection, then the undefined cases. */
export function renderText(report: ConnectivityReport): string {
  const lines = report.connections.map((c) => `${peerName(report, c.src)} => ${peerName(report, c.dst)} : ${report.sets.text(c.set)}`);
  if (report.undefined.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(UNDEFINED_HEADING, ...report.undefined.map((u) => `  ${u.message}`));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** A Markdown table; pipes inside names are escaped so a cell never splits. */
export function renderMarkdown(report: ConnectivityReport): string {
  const lines = ['| src | dst | conn |', '|-----|-----|------|'];
  for (const c of report.connections) {
    lines.push(`| ${escapePipes(peerName(report, c.src))} | ${escapePipes(peerName(report, c.dst))} | ${escapePipes(report.sets.text(c.set))} |`);
  }
  if (report.undefined.length > 0) {
    lines.push('', `**${UNDEFINED_HEADING}**`, '', ...report.undefined.map((u) => `- ${escapePipes(u.message)}`));
  }
  return `${lines.join('\n')}\n`;
}

const UNDEFINED_HEADING = 'undefined (not listed above, netpol.md §2.9):';

function peerName(report: ConnectivityReport, index: number): string {
  const peer = report.peers[index];
  if (!peer) throw Object.assign(new Error(`no peer #${index} in the report`), { code: 'unknown-peer' });
  return peer.name;
}

function escapePipes(text: string): string {
  return text.replace(/\|/g, '\\|');
}

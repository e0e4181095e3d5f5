/**
 * A Trace for people and for programs. Text: a header naming client and target, the six steps as a
 * table (step, verdict, summary, with the evidence indented under each row), then why, the fixes
 * and the commands that confirm it; colour only marks verdicts and headings and is off unless
 * asked for (the CLI asks on a TTY), so piped output is plain. JSON: the Trace itself, whose
 * schema (`kreach.trace/v1`) docs/trace-json.md describes; within a version fields are only added.
 */
import pc from 'picocolors';
import { describeClient } from './client.js';
import { formatTarget } from './target.js';
import type { StepVerdict, Trace } from './types.js';

/** `-o json`: the Trace, pretty-printed; `trace` builds it with a fixed key order. */
export function renderTraceJson(trace: Trace): string {
  return `${JSON.stringify(trace, null, 2)}\n`;
}

export interface TextOptions {
  color?: boolean;
  /** Evidence lines under each step. @default true */
  evidence?: boolean;
}

const STEP_WIDTH = 11;
const VERDICT_WIDTH = 7;
const INDENT = ' '.repeat(STEP_WIDTH + VERDICT_WIDTH);

export function renderTraceText(trace: Trace, options: TextOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  const paint: Record<StepVerdict, (s: string) => string> = { ok: c.green, warn: c.yellow, fail: c.red, skip: c.dim };
  const t = trace.target;
  const lines = [
    `${c.bold('trace')} ${describeClient(trace.client)} → ${formatTarget(t)} (${t.protocol} ${t.port}${t.portFrom === 'scheme' ? `, the ${t.scheme} default` : ''})`,
    c.dim(`libc ${trace.options.libc}, kube-proxy ${trace.options.proxyMode}, cluster domain ${trace.options.clusterDomain}`),
    '',
    c.bold(`${'STEP'.padEnd(STEP_WIDTH)}${'RESULT'.padEnd(VERDICT_WIDTH)}WHAT`),
  ];
  trace.steps.forEach((step, i) => {
    const name = `${i + 1} ${step.id}`.padEnd(STEP_WIDTH);
    lines.push(`${name}${paint[step.verdict](step.verdict.padEnd(VERDICT_WIDTH))}${step.summary}`);
    if (options.evidence === false || step.id === 'verdict') return;
    for (const line of step.evidence) lines.push(c.dim(`${INDENT}${line}`));
  });
  const v = trace.verdict;
  lines.push('', `${c.bold('why:')} ${v.reason}`);
  if (v.fixes.length > 0) {
    lines.push('', c.bold('fix:'));
    v.fixes.forEach((fix, i) => {
      lines.push(`  ${i + 1}. ${fix.summary}`);
      if (fix.snippet) for (const line of fix.snippet.split('\n')) lines.push(`       ${c.cyan(line)}`);
    });
  }
  if (v.confirm.length > 0) {
    lines.push('', c.bold('confirm in a real cluster:'));
    for (const cmd of v.confirm) lines.push(c.dim(`  # ${cmd.purpose}`), `  ${cmd.command}`);
  }
  return `${lines.join('\n')}\n`;
}

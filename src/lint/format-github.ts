/**
 * `kreach lint -o github`: GitHub Actions workflow commands, one per finding
 * (`::error file=k8s/web.yaml,line=12,col=5,title=kreach headless-port-mismatch::…`), which the
 * runner turns into annotations on the pull request's changed lines. Values are escaped as the
 * Actions toolkit does (`%`, CR and LF in data; also `:` and `,` in properties). Paths are made
 * relative to the working directory, which in a workflow is the repository checkout. Suppressed
 * findings are not annotated; loader findings are, under the title `kreach input`.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { Finding } from '../model/index.js';
import { GITHUB_COMMAND } from './format-summary.js';
import type { LintReport } from './types.js';

export interface GithubOptions {
  /** Paths are written relative to this directory. @default process.cwd() */
  cwd?: string;
}

export function formatGithub(report: LintReport, options: GithubOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const lines: string[] = [];
  for (const f of report.input) {
    if (f.severity === 'info') continue;
    lines.push(command(f, `kreach input ${f.code}`, f.message, cwd));
  }
  for (const f of report.findings) lines.push(command(f, `kreach ${f.rule}`, `${f.message}\nFix: ${f.fix}`, cwd));
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function command(f: Finding, title: string, message: string, cwd: string): string {
  const props: string[] = [];
  if (f.source && !f.source.file.startsWith('<')) {
    props.push(`file=${escapeProperty(repoPath(f.source.file, cwd))}`, `line=${f.source.line}`, `col=${f.source.col}`);
  }
  props.push(`title=${escapeProperty(title)}`);
  return `::${GITHUB_COMMAND[f.severity]} ${props.join(',')}::${escapeData(message)}`;
}

/** A path as the repository sees it: relative to `cwd`, with forward slashes. */
export function repoPath(file: string, cwd: string): string {
  const rel = isAbsolute(file) ? relative(cwd, file) : file;
  return rel.split(sep).join('/');
}

/** `escapeData` of @actions/core: the message part of a command. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** `escapeProperty` of @actions/core: a `key=value` part, where `:` and `,` are separators. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

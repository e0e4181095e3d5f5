/**
 * `kreach lint`: check manifests for Service networking mistakes before they are deployed. Loads
 * the input like every command (`-f`, `-R`, …), runs the rule table (src/lint/rules.ts) under the
 * configuration (`.kreach.yaml`, `--config`, `--enable`, `--disable`), prints the report as text,
 * JSON, SARIF, GitHub annotations or Markdown on stdout and input problems on stderr. Exit codes:
 * 0 when no finding reaches `--fail-on`, 1 when one does, 2 on usage or input errors.
 */
import { Command, Option } from 'commander';
import type { Cluster } from '../cluster/cluster.js';
import { applyFlags, ConfigError, emptyConfig, FAIL_ON, findConfigFile, readConfigFile, type FailOn, type LintConfig } from '../lint/config.js';
import { formatGithub } from '../lint/format-github.js';
import { formatJson } from '../lint/format-json.js';
import { formatMarkdown } from '../lint/format-md.js';
import { formatSarif } from '../lint/format-sarif.js';
import { formatText } from '../lint/format-text.js';
import { RULES } from '../lint/rules.js';
import { exitStatus, runLint } from '../lint/run.js';
import type { LintReport } from '../lint/types.js';
import { EXIT_OK, UsageError } from './exit-codes.js';
import { reportInput } from './report.js';
import { addSourceOptions, loadClusterFromOptions, type SourceOptions } from './source-options.js';

export const LINT_FORMATS = ['text', 'json', 'sarif', 'github', 'md'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

export interface LintCommandOptions extends SourceOptions {
  output: LintFormat;
  failOn?: FailOn;
  enable: string[];
  disable: string[];
  listRules?: boolean;
  config?: string;
  /** `--no-annotations` sets false: ignore `kreach.io/ignore`. */
  annotations?: boolean;
}

/** Where the command writes and how it ends; tests pass their own. */
export interface LintIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  /** Colour text output. */
  color: boolean;
  colorStderr: boolean;
  setExitCode(code: number): void;
  /** What `-f -` reads. @default process.stdin */
  stdin?: string | NodeJS.ReadableStream;
}

export function processIO(): LintIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    color: process.stdout.isTTY === true,
    colorStderr: process.stderr.isTTY === true,
    setExitCode: (code) => {
      process.exitCode = code;
    },
  };
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** The `lint` subcommand, for `program.addCommand(lintCommand())`. */
export function lintCommand(io: LintIO = processIO()): Command {
  const command = new Command('lint')
    .description('check manifests for Service networking mistakes (headless port mismatches, undeclared targetPorts, DNS blocked by policy, …)')
    .addOption(new Option('-o, --output <format>', 'output format').choices([...LINT_FORMATS]).default('text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe (default: error)').choices([...FAIL_ON]))
    .option('--enable <rules>', 'turn rules on (comma-separated, repeatable; "all" for every rule)', collect, [])
    .option('--disable <rules>', 'turn rules off (comma-separated, repeatable; "all" for every rule; named rules win over "all", and --disable over --enable)', collect, [])
    .option('--list-rules', 'list the rules with their severity and whether they run, then exit')
    .option('--config <file>', 'configuration file (default: .kreach.yaml in the current directory, if present)')
    .option('--no-annotations', 'ignore kreach.io/ignore annotations: report suppressed findings too');
  return addSourceOptions(command).action(async (options: LintCommandOptions) => {
    io.setExitCode(await runLintCommand(options, io));
  });
}

/** Run `kreach lint` with parsed options; returns the exit code. Throws UsageError for usage mistakes. */
export async function runLintCommand(options: LintCommandOptions, io: LintIO): Promise<number> {
  const config = resolveConfig(options, io.cwd);
  if (options.listRules) {
    io.stdout(listRules(config, options.output === 'json'));
    return EXIT_OK;
  }
  const cluster = await load(options, io.stdin);
  const report = runLint(cluster, { config });
  const verbose = options.verbose ?? false;
  // Input problems go to stderr as for every command; the simulation's info notes only with -v.
  reportInput(
    report.input.filter((f) => verbose || f.severity !== 'info'),
    cluster.skipped,
    { verbose, color: io.colorStderr, write: (line) => io.stderr(`${line}\n`) },
  );
  io.stdout(render(report, options.output, io));
  return exitStatus(report, config.failOn ?? 'error');
}

function resolveConfig(options: LintCommandOptions, cwd: string): LintConfig {
  try {
    const file = options.config ?? findConfigFile(cwd);
    let config = file ? readConfigFile(file, RULES) : emptyConfig();
    config = applyFlags(config, { enable: options.enable, disable: options.disable }, RULES);
    if (options.failOn) config.failOn = options.failOn;
    if (options.annotations === false) config.annotations = false;
    return config;
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** The same input as every command: files, stdin (tests inject it through `io`), or a live cluster. */
function load(options: LintCommandOptions, stdin: LintIO['stdin']): Promise<Cluster> {
  return loadClusterFromOptions(options, stdin);
}

function render(report: LintReport, format: LintFormat, io: LintIO): string {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report, { cwd: io.cwd });
    case 'github':
      return formatGithub(report, { cwd: io.cwd });
    case 'md':
      return formatMarkdown(report);
    case 'text':
      return formatText(report, { color: io.color });
  }
}

/** `--list-rules`: id, severity in effect, on/off, summary; JSON with `-o json`. */
function listRules(config: LintConfig, json: boolean): string {
  const rows = RULES.map((rule) => ({
    id: rule.id,
    severity: config.severity[rule.id] ?? rule.severity,
    enabled: config.enabled[rule.id] ?? rule.enabledByDefault ?? true,
    summary: rule.summary,
  }));
  if (json) return `${JSON.stringify(rows, null, 2)}\n`;
  const width = Math.max(...rows.map((r) => r.id.length));
  const lines = rows.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.enabled ? 'on ' : 'off'}  ${r.summary}`);
  return `${['RULE'.padEnd(width), 'SEVERITY', 'RUN', 'SUMMARY'].join('  ')}\n${lines.join('\n')}\n`;
}

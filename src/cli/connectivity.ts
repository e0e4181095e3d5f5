/**
 * `kreach connectivity`: who may reach whom under the cluster's NetworkPolicies, grouped by
 * workload, with port ranges per protocol and the address ranges outside the cluster; or, with
 * `--from`, `--to` and `--port`, one question answered with the deciding policies and rules.
 * Exit codes for a question: 0 allowed, 1 denied or undefined, 2 bad input.
 */
import { Command, Option } from 'commander';
import type { Protocol } from '../model/index.js';
import { ask, connectivityReport, renderAnswer, renderReport, resolveEnd, REPORT_FORMATS, type ReportFormat } from '../connectivity/index.js';
import { PolicyEngine } from '../policy/index.js';
import { EXIT_FINDINGS, EXIT_INPUT_ERROR, EXIT_OK, UsageError } from './exit-codes.js';
import { addSourceOptions, loadFromOptions, type SourceOptions } from './source-options.js';

interface ConnectivityOptions extends SourceOptions {
  from?: string;
  to?: string;
  port?: string;
  protocol?: string;
  output: ReportFormat;
}

interface Question {
  from: string;
  to: string;
  port: number | string;
  protocol: Protocol;
}

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

export function connectivityCommand(): Command {
  const command = new Command('connectivity')
    .description('who can reach whom under the NetworkPolicies, by workload; or one question with --from, --to and --port')
    .option('--from <peer>', 'source: ns/pod, ns/kind/name (deploy, sts, ds, rs, rc, job, cronjob, pod) or an IP address')
    .option('--to <peer>', 'destination, in the same forms as --from')
    .option('--port <port>', 'the port the destination pod sees (its targetPort): a number or a container port name')
    .option('--protocol <protocol>', 'TCP, UDP or SCTP (default TCP)')
    .addOption(new Option('-o, --output <format>', 'output format (a question: text, json or yaml)').choices([...REPORT_FORMATS]).default('text'));
  return addSourceOptions(command).action(async (options: ConnectivityOptions) => {
    process.exitCode = await runConnectivity(options);
  });
}

async function runConnectivity(options: ConnectivityOptions): Promise<number> {
  const question = parseQuestion(options);
  const { cluster, inputError } = await loadFromOptions(options);
  if (!question) {
    const namespace = options.allNamespaces ? undefined : options.namespace;
    const report = connectivityReport(cluster, namespace === undefined ? {} : { namespace });
    process.stdout.write(renderReport(report, options.output));
    return inputError ? EXIT_INPUT_ERROR : EXIT_OK;
  }
  const namespace = options.namespace ?? 'default';
  const from = resolveEnd(cluster, question.from, namespace);
  if (!from.ok) throw new UsageError(`--from: ${from.message}`);
  const to = resolveEnd(cluster, question.to, namespace);
  if (!to.ok) throw new UsageError(`--to: ${to.message}`);
  const engine = new PolicyEngine(cluster);
  const asked = ask(engine, from.end, to.end, question.port, question.protocol);
  engine.close();
  if (!asked.ok) throw new UsageError(asked.message);
  process.stdout.write(renderAnswer(asked.answer, options.output as 'text' | 'json' | 'yaml'));
  if (inputError) return EXIT_INPUT_ERROR;
  return asked.answer.allowed === true ? EXIT_OK : EXIT_FINDINGS;
}

/** The question the flags ask, or undefined for the whole matrix; UsageError when they disagree. */
function parseQuestion(options: ConnectivityOptions): Question | undefined {
  const given = (['from', 'to', 'port'] as const).filter((k) => options[k] !== undefined);
  if (given.length === 0) {
    if (options.protocol !== undefined) throw new UsageError('--protocol belongs to a question: give --from, --to and --port too');
    return undefined;
  }
  if (given.length < 3) {
    const missing = (['from', 'to', 'port'] as const).filter((k) => options[k] === undefined).map((k) => `--${k}`);
    throw new UsageError(`--from, --to and --port ask one question together: missing ${missing.join(' and ')}`);
  }
  if (options.output === 'md' || options.output === 'dot') {
    throw new UsageError(`-o ${options.output} draws the whole matrix; a question prints text, json or yaml`);
  }
  const protocol = (options.protocol ?? 'TCP').toUpperCase() as Protocol;
  if (!PROTOCOLS.includes(protocol)) throw new UsageError(`--protocol must be TCP, UDP or SCTP, got "${options.protocol}"`);
  return { from: options.from as string, to: options.to as string, port: parsePort(options.port as string), protocol };
}

/** A port number 1-65535, or an IANA_SVC_NAME as a container port name (netpol.md §2.7). */
function parsePort(text: string): number | string {
  if (/^\d+$/.test(text)) {
    const port = Number(text);
    if (port >= 1 && port <= 65535) return port;
    throw new UsageError(`--port ${text} is out of range 1-65535`);
  }
  const name = /^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(text) && /[a-z]/.test(text) && !text.includes('--');
  if (!name) throw new UsageError(`--port must be a number 1-65535 or a port name (up to 15 lowercase letters, digits and '-'), got "${text}"`);
  return text;
}

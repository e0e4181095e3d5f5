/**
 * `kreach lint -o sarif`: a SARIF 2.1.0 log (OASIS "Static Analysis Results Interchange Format")
 * that GitHub code scanning accepts through github/codeql-action/upload-sarif. One run; the driver
 * lists every rule that ran (id, descriptions, default level); each finding is a result with its
 * rule, level, message (with the fix) and a physical location relative to `%SRCROOT%` (the working
 * directory, which in a workflow is the repository). Suppressed findings are results carrying an
 * `inSource` suppression with the annotation's reason; loader findings become tool execution
 * notifications. Columns are counted in UTF-16 code units, as the YAML reader counts them.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Finding } from '../model/index.js';
import { repoPath } from './format-github.js';
import { countReport, SARIF_LEVEL } from './format-summary.js';
import { docsPath, type LintFinding, type LintReport, type SuppressedFinding } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

export interface SarifOptions {
  /** Locations are relative to this directory. @default process.cwd() */
  cwd?: string;
  /** @default '0.1.0' */
  version?: string;
}

export function formatSarif(report: LintReport, options: SarifOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const ruleIndex = new Map(report.rules.map(({ rule }, i) => [rule.id, i]));
  const results = [...report.findings, ...report.suppressed].map((f) => result(f, ruleIndex.get(f.rule) ?? -1, cwd));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kreach',
            version: options.version ?? '0.1.0',
            rules: report.rules.map(({ rule, severity }) => ({
              id: rule.id,
              name: pascalCase(rule.id),
              shortDescription: { text: rule.summary },
              fullDescription: { text: rule.summary },
              help: { text: `${rule.summary}. See ${docsPath(rule.id)}.`, markdown: `${rule.summary}. See [${docsPath(rule.id)}](${docsPath(rule.id)}).` },
              defaultConfiguration: { level: SARIF_LEVEL[severity] },
              properties: { tags: ['kubernetes', 'networking'] },
            })),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(cwd).href.replace(/\/$/, '')}/` } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: countReport(report).inputErrors === 0,
            toolExecutionNotifications: report.input.filter((f) => f.severity !== 'info').map((f) => notification(f, cwd)),
          },
        ],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function result(f: LintFinding | SuppressedFinding, ruleIndex: number, cwd: string) {
  const location = locationOf(f, cwd);
  return {
    ruleId: f.rule,
    ruleIndex,
    level: SARIF_LEVEL[f.severity],
    message: { text: `${f.message}. Fix: ${f.fix}.` },
    ...(location ? { locations: [location] } : {}),
    partialFingerprints: { 'kreachFinding/v1': fingerprint(f) },
    ...('reason' in f ? { suppressions: [{ kind: 'inSource', ...(f.reason ? { justification: f.reason } : {}) }] } : {}),
    properties: { object: f.object, ...(f.path ? { path: f.path } : {}), fix: f.fix },
  };
}

function notification(f: Finding, cwd: string) {
  const location = locationOf(f, cwd);
  return {
    level: SARIF_LEVEL[f.severity],
    message: { text: `${f.object ? `${f.object}${f.path ? ` ${f.path}` : ''}: ` : ''}${f.message} [${f.code}]` },
    ...(location ? { locations: [location] } : {}),
    descriptor: { id: f.code },
  };
}

function locationOf(f: Finding, cwd: string) {
  if (!f.source || f.source.file.startsWith('<')) return undefined;
  const uri = repoPath(f.source.file, cwd).split('/').map(encodeURIComponent).join('/');
  return {
    physicalLocation: {
      artifactLocation: { uri, uriBaseId: SRCROOT },
      region: { startLine: f.source.line, startColumn: f.source.col },
    },
  };
}

/** Stable across line moves: the rule, the object and field, and the message. */
function fingerprint(f: LintFinding): string {
  return createHash('sha256').update(`${f.rule}\0${f.object}\0${f.path ?? ''}\0${f.message}`).digest('hex').slice(0, 32);
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_, _dash: string, c: string) => c.toUpperCase());
}

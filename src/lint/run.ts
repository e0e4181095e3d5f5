/**
 * The lint runner: run the active rules over a cluster, place each finding at its field's line and
 * column, apply severity overrides, set aside findings the subject's `kreach.io/ignore` annotation
 * silences, and return one sorted report. Rules may take over loader findings (`claim`); every
 * other loader finding is handed back as input, for the caller to report as it reports input.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { Finding, Severity, SourceRef } from '../model/index.js';
import { formatFieldPath } from '../source/context.js';
import { activeRules, emptyConfig, type LintConfig } from './config.js';
import { locateAll } from './positions.js';
import { RULES } from './rules.js';
import { describeSubject, SEVERITY_RANK, type LintContext, type LintFinding, type LintReport, type LintRule, type RuleFinding, type SuppressedFinding } from './types.js';

/** `kreach.io/ignore: rule-a,rule-b` (or `all`) on an object silences those rules for it. */
export const IGNORE_ANNOTATION = 'kreach.io/ignore';
/** Why: shown beside each suppressed finding. */
export const IGNORE_REASON_ANNOTATION = 'kreach.io/ignore-reason';

export interface LintOptions {
  /** @default RULES */
  rules?: readonly LintRule[];
  /** @default every rule on at its own severity */
  config?: LintConfig;
}

/** Lint `cluster`. Never throws for bad input; a rule that throws is a bug in kreach and propagates. */
export function runLint(cluster: Cluster, options: LintOptions = {}): LintReport {
  const config = options.config ?? emptyConfig();
  const active = activeRules(config, options.rules ?? RULES);
  const claimed = new Set<Finding>();
  const ctx: LintContext = { cluster, input: cluster.findings, claim: (f) => claimed.add(f) };
  const kept: Kept[] = [];
  const seen = new Set<string>();
  for (const { rule, severity } of active) {
    for (const found of rule.check(ctx)) {
      const object = found.subject.meta.name ? describeSubject(found.subject) : '';
      const path = found.path && found.path.length > 0 ? formatFieldPath(found.path) : undefined;
      const key = `${rule.id}\0${object}\0${path ?? ''}\0${found.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const reason = config.annotations === false ? undefined : suppression(found, rule.id);
      kept.push({ rule, found, severity, object, path, reason });
    }
  }
  // Positions in one batch, after every rule ran, so each file is read once (positions.ts).
  const located = kept.filter((k) => !k.found.source && k.found.subject.meta.source);
  const sources = locateAll(located.map((k) => ({ object: k.found.subject.meta.source as SourceRef, path: k.found.path, name: k.found.subject.meta.name })));
  const sourceOf = new Map(located.map((k, i) => [k, sources[i]]));
  const findings: LintFinding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const k of kept) {
    const finding = locate(k, k.found.source ?? sourceOf.get(k));
    if (k.reason === undefined) findings.push(finding);
    else suppressed.push({ ...finding, reason: k.reason });
  }
  return {
    findings: findings.sort(byPosition),
    suppressed: suppressed.sort(byPosition),
    input: cluster.findings.filter((f) => !claimed.has(f)),
    rules: active.map(({ rule, severity }) => ({ rule, severity: severity ?? rule.severity })),
  };
}

/** A finding that survived de-duplication, waiting for its position. */
interface Kept {
  rule: LintRule;
  found: RuleFinding;
  severity: Severity | undefined;
  /** `Kind namespace/name`, or '' for a subject without a name. */
  object: string;
  /** The field path as text, when the finding names a field. */
  path: string | undefined;
  /** Why the subject's annotation silences it; undefined when active. */
  reason: string | undefined;
}

function locate({ rule, found, severity, object, path }: Kept, source: SourceRef | undefined): LintFinding {
  return {
    code: rule.id,
    rule: rule.id,
    severity: severity ?? found.severity ?? rule.severity,
    message: found.message,
    fix: found.fix,
    object,
    ...(source ? { source } : {}),
    ...(path !== undefined ? { path } : {}),
  };
}

/** The reason when the subject's annotation names this rule (or `all`), else undefined. */
function suppression(found: RuleFinding, ruleId: string): string | undefined {
  const annotations = found.subject.meta.annotations;
  const ignore = annotations[IGNORE_ANNOTATION];
  if (ignore === undefined) return undefined;
  const ids = ignore.split(',').map((s) => s.trim());
  if (!ids.includes(ruleId) && !ids.includes('all')) return undefined;
  return annotations[IGNORE_REASON_ANNOTATION]?.trim() ?? '';
}

/** File, line, column, then rule and object; findings without a file last. */
function byPosition(a: LintFinding, b: LintFinding): number {
  const fa = a.source?.file ?? '\uffff';
  const fb = b.source?.file ?? '\uffff';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const d = (a.source?.line ?? 0) - (b.source?.line ?? 0) || (a.source?.col ?? 0) - (b.source?.col ?? 0);
  if (d !== 0) return d;
  return a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/** The exit status a report calls for: 2 on input errors, 1 when a finding reaches `failOn`, else 0. */
export function exitStatus(report: LintReport, failOn: Severity | 'none'): 0 | 1 | 2 {
  if (report.input.some((f) => f.severity === 'error')) return 2;
  if (failOn === 'none') return 0;
  return report.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]) ? 1 : 0;
}

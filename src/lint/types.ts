/**
 * The shapes `kreach lint` works with: a rule is a stable id, a default severity and a pure check
 * over the simulated cluster; a check returns what it found about which object and field, and the
 * runner (run.ts) turns that into a located `LintFinding`, applying configuration and per-object
 * suppressions. Detection never formats and never knows about output formats.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { Finding, ObjectMeta, Severity, SourceRef } from '../model/index.js';
import type { FieldPath } from '../source/context.js';

/** The object a finding is about, as the user wrote it (a Workload, not one of its pods). */
export interface Subject {
  /** `Service`, `Deployment`, `NetworkPolicy`, … */
  kind: string;
  meta: ObjectMeta;
}

/** What a rule's check reports; the runner adds the rule id, position and severity. */
export interface RuleFinding {
  subject: Subject;
  /** The field inside the subject's document (`['spec', 'ports', 0, 'targetPort']`). */
  path?: FieldPath;
  /** Names the objects and fields involved, and what goes wrong at runtime. */
  message: string;
  /** What to change, in one sentence. */
  fix: string;
  /** Overrides the rule's default severity for this finding (a rule may report at two levels). */
  severity?: Severity;
  /** A position already known exactly (findings wrapped from the loader). */
  source?: SourceRef;
}

/** Everything a check may read. */
export interface LintContext {
  cluster: Cluster;
  /** The loader's findings about the input, in input order. */
  input: readonly Finding[];
  /**
   * Take over a loader finding: it is reported as this rule's lint finding and no longer as an
   * input error (so it follows the rule's severity, configuration and suppressions).
   */
  claim(finding: Finding): void;
}

export interface LintRule {
  /** Stable, kebab-case; also the name of `docs/rules/<id>.md`. */
  id: string;
  /** The severity of its findings unless a finding or the configuration says otherwise. */
  severity: Severity;
  /** One line for `--list-rules` and SARIF `shortDescription`. */
  summary: string;
  /** Runs unless enabled or disabled explicitly. @default true */
  enabledByDefault?: boolean;
  check(ctx: LintContext): RuleFinding[];
}

/** A located finding of one rule: a `Finding` whose `code` is the rule id, plus the fix. */
export interface LintFinding extends Finding {
  rule: string;
  fix: string;
  /** `Kind namespace/name` of the subject. */
  object: string;
}

/** A finding silenced by the subject's `kreach.io/ignore` annotation, with the reason given. */
export interface SuppressedFinding extends LintFinding {
  /** `kreach.io/ignore-reason`, or '' when none was given. */
  reason: string;
}

/** The outcome of one lint run, ready for any formatter. */
export interface LintReport {
  /** Active findings, sorted by file, line, column, rule. */
  findings: LintFinding[];
  suppressed: SuppressedFinding[];
  /** Loader findings no rule claimed (input errors and warnings), in input order. */
  input: Finding[];
  /** The rules that ran, with the severity in effect. */
  rules: Array<{ rule: LintRule; severity: Severity }>;
}

/** Severities from most to least severe, and how `--fail-on` compares them. */
export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Where a rule's documentation page lives, relative to the repository root. */
export function docsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

/** `Service shop/web`. */
export function describeSubject(subject: Subject): string {
  return subject.meta.namespace ? `${subject.kind} ${subject.meta.namespace}/${subject.meta.name}` : `${subject.kind} ${subject.meta.name}`;
}

export type { FieldPath };

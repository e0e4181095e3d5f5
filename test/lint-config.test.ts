/**
 * What decides which findings `kreach lint` reports and how severe they are: the configuration file,
 * the `--enable`/`--disable` flags on top of it, severity overrides, `kreach.io/ignore` annotations
 * with their reasons, and the exit status a report calls for.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/cluster/cluster.js';
import { activeRules, applyFlags, ConfigError, emptyConfig, parseConfig } from '../src/lint/config.js';
import { RULES } from '../src/lint/rules.js';
import { exitStatus, runLint } from '../src/lint/run.js';
import type { LintRule } from '../src/lint/types.js';
import { parseManifestText } from '../src/source/load.js';

const parse = (text: string) => parseConfig(text, '.kreach.yaml', RULES);

function clusterOf(yaml: string): Cluster {
  return Cluster.fromManifests(parseManifestText(yaml, 'in.yaml'));
}

/** A headless port mismatch (error) and a Service selecting nothing in a covered namespace (warning). */
const TWO_FINDINGS = `apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{name: pg, port: 5433, targetPort: 5432}]
---
apiVersion: v1
kind: Service
metadata: {name: lost}
spec:
  selector: {app: lost}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: db, labels: {app: db}}
spec: {containers: [{name: db, image: postgres, ports: [{containerPort: 5432}]}]}
`;

describe('configuration file', () => {
  it('reads failOn, annotations and per-rule settings (on, off, booleans, severities)', () => {
    const config = parse(`
lint:
  failOn: warning
  annotations: false
  rules:
    netpol-blocks-dns: off
    pod-dns-config: false
    ingress-backend: on
    target-port-not-declared: warning
`);
    expect(config).toEqual({
      failOn: 'warning',
      annotations: false,
      enabled: { 'netpol-blocks-dns': false, 'pod-dns-config': false, 'ingress-backend': true, 'target-port-not-declared': true },
      severity: { 'target-port-not-declared': 'warning' },
    });
  });

  it('leaves everything at its default for an empty file or one without a lint section', () => {
    expect(parse('')).toEqual(emptyConfig());
    expect(parse('trace: {color: true}\n')).toEqual(emptyConfig());
  });

  it.each([
    ['an unknown rule, with a suggestion', 'lint: {rules: {headless-port: off}}', /unknown rule "headless-port" \(did you mean headless-port-mismatch\?\)/],
    ['an unknown key', 'lint: {failon: error}', /unknown key lint\.failon/],
    ['a bad severity', 'lint: {rules: {ingress-backend: fatal}}', /lint\.rules\.ingress-backend: "fatal" is not one of on, off, error, warning, info/],
    ['a bad failOn', 'lint: {failOn: sometimes}', /lint\.failOn: "sometimes" is not one of error, warning, info, none/],
    ['a YAML error', 'lint: [oops', /not valid YAML/],
    ['a document that is not a mapping', '- a\n- b\n', /expected a mapping/],
  ])('rejects %s, naming the file', (_name, text, message) => {
    expect(() => parse(text)).toThrow(ConfigError);
    expect(() => parse(text)).toThrow(message);
    expect(() => parse(text)).toThrow(/^\.kreach\.yaml: /);
  });
});

describe('flags and active rules', () => {
  it('applies --enable/--disable lists on top of the file; "all" names every rule', () => {
    const config = applyFlags(parse('lint: {rules: {ingress-backend: off}}'), { enable: ['ingress-backend'], disable: ['pod-dns-config,netpol-blocks-dns'] }, RULES);
    const ids = activeRules(config, RULES).map((a) => a.rule.id);
    expect(ids).toContain('ingress-backend');
    expect(ids).not.toContain('pod-dns-config');
    expect(ids).not.toContain('netpol-blocks-dns');
    const none = applyFlags(emptyConfig(), { disable: ['all'] }, RULES);
    expect(activeRules(none, RULES)).toEqual([]);
    const one = applyFlags(none, { enable: ['yaml-boolean-string'] }, RULES);
    expect(activeRules(one, RULES).map((a) => a.rule.id)).toEqual(['yaml-boolean-string']);
  });

  it('rejects unknown rule ids in flags', () => {
    expect(() => applyFlags(emptyConfig(), { enable: ['nope'] }, RULES)).toThrow(/--enable: unknown rule "nope"/);
  });

  it('runs a rule that is off by default only when enabled', () => {
    const quiet: LintRule = { id: 'quiet', severity: 'info', summary: 's', enabledByDefault: false, check: () => [] };
    expect(activeRules(emptyConfig(), [quiet])).toEqual([]);
    expect(activeRules(applyFlags(emptyConfig(), { enable: ['quiet'] }, [quiet]), [quiet]).map((a) => a.rule.id)).toEqual(['quiet']);
  });

  it('overrides the severity of every finding of a rule', () => {
    const report = runLint(clusterOf(TWO_FINDINGS), { config: parse('lint: {rules: {headless-port-mismatch: info}}') });
    const headless = report.findings.find((f) => f.rule === 'headless-port-mismatch');
    expect(headless?.severity).toBe('info');
    expect(report.rules.find((r) => r.rule.id === 'headless-port-mismatch')?.severity).toBe('info');
  });
});

describe('kreach.io/ignore annotations', () => {
  const annotated = (annotations: string) =>
    TWO_FINDINGS.replace('metadata: {name: db}\nspec:\n  clusterIP', `metadata:\n  name: db\n  annotations: {${annotations}}\nspec:\n  clusterIP`);

  it.each([
    ['the rule by id, with a reason', '"kreach.io/ignore": "service-selects-nothing, headless-port-mismatch", "kreach.io/ignore-reason": "clients use SRV"', 'clients use SRV'],
    ['all rules, without a reason', '"kreach.io/ignore": all', ''],
  ])('suppress %s, listed separately', (_name, annotations, reason) => {
    const report = runLint(clusterOf(annotated(annotations)));
    expect(report.findings.map((f) => f.rule)).toEqual(['service-selects-nothing']);
    expect(report.suppressed.map((f) => [f.rule, f.object, f.reason])).toEqual([['headless-port-mismatch', 'Service default/db', reason]]);
  });

  it('leave other rules and other objects alone, and are ignored with annotations: false', () => {
    const other = runLint(clusterOf(annotated('"kreach.io/ignore": ingress-backend')));
    expect(other.suppressed).toEqual([]);
    const off = runLint(clusterOf(annotated('"kreach.io/ignore": all')), { config: { ...emptyConfig(), annotations: false } });
    expect(off.suppressed).toEqual([]);
    expect(off.findings.map((f) => f.rule).sort()).toEqual(['headless-port-mismatch', 'service-selects-nothing']);
  });
});

describe('exit status', () => {
  const report = runLint(clusterOf(TWO_FINDINGS));

  it.each([
    ['error', 1],
    ['warning', 1],
    ['none', 0],
  ] as const)('--fail-on %s → %i with an error and a warning', (failOn, code) => {
    expect(exitStatus(report, failOn)).toBe(code);
  });

  it('fails on warnings only when asked', () => {
    const warningOnly = runLint(clusterOf(TWO_FINDINGS), { config: applyFlags(emptyConfig(), { disable: ['headless-port-mismatch'] }, RULES) });
    expect(exitStatus(warningOnly, 'error')).toBe(0);
    expect(exitStatus(warningOnly, 'warning')).toBe(1);
  });

  it('is 2 when the input has errors no rule took over, whatever --fail-on says', () => {
    const broken = runLint(clusterOf(`${TWO_FINDINGS}---\nkind: Service\nmetadata: {name: [oops\n`));
    expect(exitStatus(broken, 'none')).toBe(2);
  });
});

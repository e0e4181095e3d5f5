/**
 * The lint output formats over one report holding a finding, a suppressed finding and an input
 * error, in a folder whose name needs escaping. SARIF is checked against the SARIF 2.1.0 schema's
 * requirements for every object kreach emits (a structural validator written from the OASIS
 * schema's definitions: required properties, `additionalProperties: false`, enums, minimums, URI
 * formats; not a general JSON Schema engine) and against what GitHub code scanning needs on top.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCluster } from '../src/load.js';
import { escapeData, escapeProperty, formatGithub } from '../src/lint/format-github.js';
import { formatJson } from '../src/lint/format-json.js';
import { formatMarkdown } from '../src/lint/format-md.js';
import { formatSarif } from '../src/lint/format-sarif.js';
import { formatText } from '../src/lint/format-text.js';
import { runLint } from '../src/lint/run.js';
import type { LintReport } from '../src/lint/types.js';

const CHROMA = `apiVersion: v1
kind: Service
metadata: {name: svc-chroma}
spec:
  clusterIP: None
  selector: {app: chroma}
  ports: [{name: http, port: 80, targetPort: 8000}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: chroma}
spec:
  selector: {matchLabels: {app: chroma}}
  template:
    metadata: {labels: {app: chroma}}
    spec: {containers: [{name: c, image: i, ports: [{containerPort: 8000}]}]}
---
apiVersion: v1
kind: Service
metadata:
  name: legacy
  annotations:
    kreach.io/ignore: service-selects-nothing, headless-port-mismatch
    kreach.io/ignore-reason: "pods | come <later>"
spec:
  selector: {app: legacy}
  ports: [{port: 80}]
`;

let cwd: string;
let report: LintReport;

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'kreach-format-'));
  const dir = join(cwd, 'k8s dir#1');
  mkdirSync(dir);
  writeFileSync(join(dir, 'app.yaml'), CHROMA);
  writeFileSync(join(dir, 'broken.yaml'), 'kind: Service\nmetadata: {name: [oops\n');
  report = runLint(await loadCluster({ files: [dir] }));
});

describe('the report under test', () => {
  it('holds one finding, one suppressed finding and an input error', () => {
    expect(report.findings.map((f) => f.rule)).toEqual(['headless-port-mismatch']);
    expect(report.suppressed.map((f) => [f.rule, f.reason])).toEqual([['service-selects-nothing', 'pods | come <later>']]);
    expect(report.input.filter((f) => f.severity === 'error').map((f) => f.code)).toEqual(['yaml-syntax']);
  });
});

describe('text', () => {
  it('groups by file with line:col, the fix below, suppressed findings with reasons, a summary', () => {
    const text = formatText(report).replaceAll(cwd, '<cwd>');
    expect(text).toContain('<cwd>/k8s dir#1/app.yaml\n  7:46     error   headless Service default/svc-chroma port 80 ("http")');
    expect(text).toMatch(/headless-port-mismatch\n\s+fix: set port to 8000/);
    expect(text).toContain('suppressed by kreach.io/ignore (1):\n  <cwd>/k8s dir#1/app.yaml:26:13: warning service-selects-nothing on Service default/legacy: "pods | come <later>"');
    expect(text.trimEnd().split('\n').at(-1)).toBe('1 error, 0 warnings, 0 info, 1 suppressed, 1 input error');
  });
});

describe('json', () => {
  it('is stable data', () => {
    const doc = JSON.parse(formatJson(report)) as Record<string, unknown>;
    expect(doc.version).toBe(1);
    expect(doc.summary).toEqual({ error: 1, warning: 0, info: 0, suppressed: 1, inputErrors: 1 });
    expect(doc.findings).toEqual([
      expect.objectContaining({ rule: 'headless-port-mismatch', severity: 'error', object: 'Service default/svc-chroma', path: 'spec.ports[0].targetPort', line: 7, col: 46 }),
    ]);
    expect(doc.suppressed).toEqual([expect.objectContaining({ rule: 'service-selects-nothing', reason: 'pods | come <later>' })]);
  });
});

describe('github', () => {
  it('escapes data and properties as the Actions toolkit does', () => {
    expect(escapeData('50%\r\nnext')).toBe('50%25%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
  });

  it('writes one workflow command per finding and input problem, paths relative to the checkout', () => {
    const lines = formatGithub(report, { cwd }).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^::error file=k8s dir#1\/broken\.yaml,line=3,col=\d+,title=kreach input yaml-syntax::YAML syntax error/);
    expect(lines[1]).toMatch(/^::error file=k8s dir#1\/app\.yaml,line=7,col=46,title=kreach headless-port-mismatch::headless Service .*%0AFix: set port to 8000/);
    expect(lines.join('\n')).not.toContain('legacy');
  });
});

describe('markdown', () => {
  it('renders a table and folds suppressed findings and input problems away, escaping cells', () => {
    const md = formatMarkdown(report);
    expect(md).toContain('### kreach lint\n\n**1 error, 0 warnings, 0 info, 1 suppressed, 1 input error**');
    expect(md).toContain('| error | `headless-port-mismatch` |');
    expect(md).toContain('<details><summary>1 suppressed by <code>kreach.io/ignore</code></summary>');
    expect(md).toContain('pods \\| come &lt;later&gt;');
    expect(md).toContain('\\_http.\\_tcp.svc-chroma');
    for (const row of md.split('\n').filter((l) => l.startsWith('| error'))) expect(row.split(/(?<!\\)\|/)).toHaveLength(6);
  });
});

// ---- SARIF 2.1.0 ------------------------------------------------------------------------------

type Field =
  | 'string'
  | 'boolean'
  | 'number'
  | 'uri'
  | 'uri-reference'
  | { int: number }
  | { enum: readonly string[] }
  | { ref: string }
  | { array: Field; unique?: boolean }
  | { map: Field };

interface Definition {
  required?: string[];
  props: Record<string, Field>;
  /** `additionalProperties: true` (propertyBag only). */
  open?: boolean;
}

const LEVEL = { enum: ['none', 'note', 'warning', 'error'] } as const;
const BAG = { ref: 'propertyBag' } as const;

/** The schema's definitions for the objects kreach writes, with all their listed properties. */
const SARIF: Record<string, Definition> = {
  log: { required: ['version', 'runs'], props: { $schema: 'uri', version: { enum: ['2.1.0'] }, runs: { array: { ref: 'run' } }, properties: BAG } },
  run: {
    required: ['tool'],
    props: {
      tool: { ref: 'tool' },
      invocations: { array: { ref: 'invocation' } },
      originalUriBaseIds: { map: { ref: 'artifactLocation' } },
      results: { array: { ref: 'result' } },
      columnKind: { enum: ['utf16CodeUnits', 'unicodeCodePoints'] },
      language: 'string',
      properties: BAG,
    },
  },
  tool: { required: ['driver'], props: { driver: { ref: 'toolComponent' }, extensions: { array: { ref: 'toolComponent' }, unique: true }, properties: BAG } },
  toolComponent: {
    required: ['name'],
    props: {
      name: 'string',
      version: 'string',
      semanticVersion: 'string',
      fullName: 'string',
      informationUri: 'uri',
      rules: { array: { ref: 'reportingDescriptor' }, unique: true },
      properties: BAG,
    },
  },
  reportingDescriptor: {
    required: ['id'],
    props: {
      id: 'string',
      name: 'string',
      shortDescription: { ref: 'mms' },
      fullDescription: { ref: 'mms' },
      help: { ref: 'mms' },
      helpUri: 'uri',
      defaultConfiguration: { ref: 'reportingConfiguration' },
      properties: BAG,
    },
  },
  mms: { required: ['text'], props: { text: 'string', markdown: 'string', properties: BAG } },
  reportingConfiguration: { props: { enabled: 'boolean', level: LEVEL, rank: 'number', parameters: BAG, properties: BAG } },
  propertyBag: { open: true, props: { tags: { array: 'string', unique: true } } },
  invocation: {
    required: ['executionSuccessful'],
    props: { executionSuccessful: 'boolean', toolExecutionNotifications: { array: { ref: 'notification' } }, exitCode: { int: -Infinity }, properties: BAG },
  },
  notification: {
    required: ['message'],
    props: { message: { ref: 'message' }, level: LEVEL, locations: { array: { ref: 'location' }, unique: true }, descriptor: { ref: 'descriptorRef' }, properties: BAG },
  },
  descriptorRef: { props: { id: 'string', index: { int: -1 }, guid: 'string', properties: BAG } },
  // The message object needs text or id; kreach always writes text.
  message: { required: ['text'], props: { text: 'string', markdown: 'string', id: 'string', arguments: { array: 'string' }, properties: BAG } },
  result: {
    required: ['message'],
    props: {
      ruleId: 'string',
      ruleIndex: { int: -1 },
      kind: { enum: ['notApplicable', 'pass', 'fail', 'review', 'open', 'informational'] },
      level: LEVEL,
      message: { ref: 'message' },
      locations: { array: { ref: 'location' } },
      partialFingerprints: { map: 'string' },
      fingerprints: { map: 'string' },
      suppressions: { array: { ref: 'suppression' }, unique: true },
      properties: BAG,
    },
  },
  location: { props: { id: { int: -1 }, physicalLocation: { ref: 'physicalLocation' }, message: { ref: 'message' }, properties: BAG } },
  physicalLocation: { props: { artifactLocation: { ref: 'artifactLocation' }, region: { ref: 'region' }, contextRegion: { ref: 'region' }, properties: BAG } },
  artifactLocation: { props: { uri: 'uri-reference', uriBaseId: 'string', index: { int: -1 }, description: { ref: 'message' }, properties: BAG } },
  region: {
    props: { startLine: { int: 1 }, startColumn: { int: 1 }, endLine: { int: 1 }, endColumn: { int: 1 }, charOffset: { int: -1 }, charLength: { int: 0 }, properties: BAG },
  },
  suppression: {
    required: ['kind'],
    props: { kind: { enum: ['inSource', 'external'] }, status: { enum: ['accepted', 'underReview', 'rejected'] }, justification: 'string', guid: 'string', properties: BAG },
  },
};

/** Every violation of `value` against definition `name`, as `path: problem`. */
function validate(value: unknown, name: string, path = '$'): string[] {
  const def = SARIF[name];
  if (!def) return [`${path}: no definition ${name}`];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: ${name} must be an object`];
  const obj = value as Record<string, unknown>;
  const out = (def.required ?? []).filter((k) => !(k in obj)).map((k) => `${path}: ${name} requires ${k}`);
  for (const [key, v] of Object.entries(obj)) {
    const field = def.props[key];
    if (field) out.push(...check(v, field, `${path}.${key}`));
    else if (!def.open) out.push(`${path}: ${name} does not allow property ${key}`);
  }
  return out;
}

function check(v: unknown, field: Field, path: string): string[] {
  if (field === 'string') return typeof v === 'string' ? [] : [`${path}: must be a string`];
  if (field === 'boolean') return typeof v === 'boolean' ? [] : [`${path}: must be a boolean`];
  if (field === 'number') return typeof v === 'number' ? [] : [`${path}: must be a number`];
  if (field === 'uri') return typeof v === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(v) && URL.canParse(v) ? [] : [`${path}: must be an absolute URI`];
  if (field === 'uri-reference') return typeof v === 'string' && !/\s/.test(v) && URL.canParse(v, 'file:///base/') ? [] : [`${path}: must be a URI reference`];
  if ('int' in field) return Number.isInteger(v) && (v as number) >= field.int ? [] : [`${path}: must be an integer >= ${field.int}`];
  if ('enum' in field) return field.enum.includes(v as string) ? [] : [`${path}: ${JSON.stringify(v)} not in ${field.enum.join('|')}`];
  if ('ref' in field) return validate(v, field.ref, path);
  if ('map' in field) {
    if (typeof v !== 'object' || v === null) return [`${path}: must be an object`];
    return Object.entries(v).flatMap(([k, item]) => check(item, field.map, `${path}.${k}`));
  }
  if (!Array.isArray(v)) return [`${path}: must be an array`];
  const out = v.flatMap((item, i) => check(item, field.array, `${path}[${i}]`));
  if (field.unique && new Set(v.map((item) => JSON.stringify(item))).size !== v.length) out.push(`${path}: items must be unique`);
  return out;
}

/**
 * The official SARIF 2.1.0 JSON schema (rtm.5, draft-04), as shipped in Microsoft's
 * @microsoft/jest-sarif package, checked with ajv 6 (the last ajv that reads draft-04 schemas).
 */
function officialSarifErrors(log: unknown): string[] {
  const require = createRequire(import.meta.url);
  const Ajv = require('ajv') as new (options: object) => {
    addMetaSchema(schema: object): void;
    compile(schema: object): ((data: unknown) => boolean) & { errors?: Array<{ dataPath: string; message?: string }> | null };
  };
  const ajv = new Ajv({ schemaId: 'auto', allErrors: true, jsonPointers: true });
  ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
  const validateSarif = ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object);
  return validateSarif(log) ? [] : (validateSarif.errors ?? []).map((e) => `${e.dataPath}: ${e.message ?? ''}`);
}

describe('sarif', () => {
  it('validates against the official SARIF 2.1.0 JSON schema', () => {
    expect(officialSarifErrors(JSON.parse(formatSarif(report, { cwd })))).toEqual([]);
    expect(officialSarifErrors({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).not.toEqual([]);
  });

  it('the validator catches what the schema forbids', () => {
    expect(validate({ version: '2.0.0', runs: [{ tool: { driver: {} }, extra: 1 }] }, 'log')).toEqual([
      '$.version: "2.0.0" not in 2.1.0',
      '$.runs[0].tool.driver: toolComponent requires name',
      '$.runs[0]: run does not allow property extra',
    ]);
    expect(check({ startLine: 0 }, { ref: 'region' }, '$')).toEqual(['$.startLine: must be an integer >= 1']);
  });

  it('is a valid SARIF 2.1.0 log', () => {
    const log = JSON.parse(formatSarif(report, { cwd })) as unknown;
    expect(validate(log, 'log')).toEqual([]);
  });

  it('has what GitHub code scanning needs: rules for every result, relative locations, suppressions', () => {
    const log = JSON.parse(formatSarif(report, { cwd })) as {
      runs: Array<{
        tool: { driver: { name: string; rules: Array<{ id: string }> } };
        results: Array<{ ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }>; suppressions?: Array<{ kind: string; justification?: string }> }>;
        invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: unknown[] }>;
        originalUriBaseIds: Record<string, { uri: string }>;
      }>;
    };
    const run = log.runs[0];
    if (!run) throw new Error('no run');
    expect(run.tool.driver.name).toBe('kreach');
    const ids = run.tool.driver.rules.map((r) => r.id);
    for (const result of run.results) {
      expect(ids[result.ruleIndex]).toBe(result.ruleId);
      const location = result.locations[0]?.physicalLocation;
      expect(location?.artifactLocation.uri).toBe('k8s%20dir%231/app.yaml');
      expect(location?.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(location?.region.startLine).toBeGreaterThan(0);
    }
    expect(run.originalUriBaseIds['%SRCROOT%']?.uri).toMatch(/^file:\/\/\/.*\/$/);
    expect(run.results.map((r) => [r.ruleId, r.level, r.suppressions])).toEqual([
      ['headless-port-mismatch', 'error', undefined],
      ['service-selects-nothing', 'warning', [{ kind: 'inSource', justification: 'pods | come <later>' }]],
    ]);
    expect(run.invocations[0]?.executionSuccessful).toBe(false);
    expect(run.invocations[0]?.toolExecutionNotifications).toHaveLength(1);
  });
});

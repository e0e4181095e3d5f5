import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/index.js';
import { MAX_ALIAS_COUNT, parseYamlStream, splitJsonValues } from './yaml.js';
import type { YamlDocument } from './yaml.js';

function parse(text: string): { docs: YamlDocument[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const docs = [...parseYamlStream(text, 'in.yaml', (f) => findings.push(f))];
  return { docs, findings };
}

function value(text: string): unknown {
  const { docs } = parse(text);
  const result = docs[0]!.valueAt([]);
  if (!result.ok) throw new Error(result.finding.message);
  return result.value;
}

describe('YAML 1.1 scalars, as kubectl (go-yaml v2) reads them', () => {
  const cases: Array<{ name: string; yaml: string; want: unknown }> = [
    { name: 'unquoted n is boolean false', yaml: 'v: n', want: false },
    { name: 'unquoted y is boolean true', yaml: 'v: y', want: true },
    { name: 'unquoted yes / no are booleans', yaml: 'v: [yes, no, Yes, NO]', want: [true, false, true, false] },
    { name: 'unquoted on / off are booleans', yaml: 'v: [on, off, On, OFF]', want: [true, false, true, false] },
    { name: 'quoted n stays a string', yaml: 'v: "n"', want: 'n' },
    { name: "single-quoted 'on' stays a string", yaml: "v: 'on'", want: 'on' },
    { name: 'a timestamp stays a string', yaml: 'v: 2025-01-10T09:00:00Z', want: '2025-01-10T09:00:00Z' },
    { name: 'a date stays a string', yaml: 'v: 2025-01-10', want: '2025-01-10' },
    { name: 'base-60 1:20 stays a string', yaml: 'v: 1:20', want: '1:20' },
    { name: 'leading-zero 0644 is octal', yaml: 'v: 0644', want: 420 },
    { name: '1e3 is a number', yaml: 'v: 1e3', want: 1000 },
    { name: '1.0 is a number', yaml: 'v: 1.0', want: 1 },
    {
      name: 'floats as go-yaml v2 reads them',
      yaml: 'v: [.5, 1., -1.5e-3, 1_000.5, +2E2, .inf, -.Inf]',
      want: [0.5, 1, -0.0015, 1000.5, 200, Infinity, -Infinity],
    },
    { name: 'e0 and E5 are strings, not NaN (a float needs a digit)', yaml: 'v: [e0, E5, e1e2]', want: ['e0', 'E5', 'e1e2'] },
    { name: 'a lone dot and dotted versions are strings', yaml: 'v: [., -., 1.2.3, 1e]', want: ['.', '-.', '1.2.3', '1e'] },
    { name: 'hex and binary integers', yaml: 'v: [0x1F, 0b101, -12, 1_000]', want: [31, 5, -12, 1000] },
    { name: 'merge keys are applied', yaml: 'a: &x {k: v}\nv:\n  <<: *x\n  z: 1', want: { k: 'v', z: 1 } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect((value(c.yaml) as { v: unknown }).v).toEqual(c.want);
    });
  }
});

describe('positions', () => {
  const text = [
    '# leading comment', // 1
    'apiVersion: v1', // 2
    'kind: Service', // 3
    'metadata:', // 4
    '  name: web', // 5
    'spec:', // 6
    '  ports:', // 7
    '  - port: 80', // 8
    '    targetPort: http', // 9
    '  - port: 443', // 10
  ].join('\n');
  const cases: Array<{ name: string; path: Array<string | number>; line: number; col: number }> = [
    { name: 'the document starts at its first content line', path: [], line: 2, col: 1 },
    { name: 'a field points at its value', path: ['metadata', 'name'], line: 5, col: 9 },
    { name: 'a list item field', path: ['spec', 'ports', 0, 'targetPort'], line: 9, col: 17 },
    { name: 'a list item', path: ['spec', 'ports', 1], line: 10, col: 5 },
    { name: 'an absent field points at its nearest ancestor', path: ['spec', 'ports', 1, 'targetPort'], line: 10, col: 5 },
    { name: 'an absent index points at the list', path: ['spec', 'ports', 7], line: 8, col: 3 },
  ];
  const doc = parse(text).docs[0]!;
  for (const c of cases) {
    it(c.name, () => {
      expect(doc.at(c.path)).toEqual({ file: 'in.yaml', docIndex: 0, line: c.line, col: c.col });
    });
  }
  it('counts documents and lines across a stream', () => {
    const { docs } = parse('a: 1\n---\nb: 2\n---\n\n  c: 3\n');
    expect(docs.map((d) => [d.docIndex, d.source.line, d.source.col])).toEqual([
      [0, 1, 1],
      [1, 3, 1],
      [2, 6, 3],
    ]);
  });
});

describe('errors and limits', () => {
  it('reports a syntax error with line and column, and keeps the other documents', () => {
    const { docs, findings } = parse('a: 1\n---\nb: [1, 2\nc: d\n---\nkind: Pod\n');
    expect(docs.map((d) => d.failed)).toEqual([false, true, false]);
    expect(findings).toHaveLength(1);
    // yaml notices the unclosed `[` where the next key starts.
    expect(findings[0]).toMatchObject({ code: 'yaml-syntax', severity: 'error', source: { file: 'in.yaml', docIndex: 1, line: 4 } });
    expect(docs[2]!.valueAt([])).toEqual({ ok: true, value: { kind: 'Pod' } });
  });

  it('warns about a duplicate key and uses the last value', () => {
    const { docs, findings } = parse('a: 1\nb: 2\na: 3\n');
    expect(findings).toMatchObject([{ code: 'yaml-duplicate-key', severity: 'warning', source: { line: 3 } }]);
    expect(findings[0]!.message).toContain('duplicate key "a"');
    expect(docs[0]!.failed).toBe(false);
    expect(docs[0]!.valueAt([])).toEqual({ ok: true, value: { a: 3, b: 2 } });
  });

  it('names a duplicate JSON key without its quotes', () => {
    const { findings } = parse('{"a": 1, "a": 2}');
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('duplicate key "a"')]);
  });

  it('refuses a YAML bomb quickly', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i++) {
      const [prev, name] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const started = Date.now();
    const { docs } = parse(levels.join('\n'));
    const result = docs[0]!.valueAt([]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.finding).toMatchObject({ code: 'yaml-alias-limit', severity: 'error' });
  });

  it('allows a few aliases', () => {
    const text = `a: &x {k: v}\n${Array.from({ length: 10 }, (_, i) => `b${i}: *x`).join('\n')}\n`;
    expect(parse(text).docs[0]!.valueAt([]).ok).toBe(true);
    expect(MAX_ALIAS_COUNT).toBeGreaterThanOrEqual(10);
  });

  it('refuses nesting too deep to read, without a stack overflow', () => {
    const { docs, findings } = parse('v: ' + '['.repeat(50_000) + ']'.repeat(50_000));
    expect(docs[0]!.failed).toBe(true);
    expect(findings[0]).toMatchObject({ code: 'yaml-too-deep', severity: 'error' });
  });
});

describe('JSON', () => {
  it('reads a single JSON object with positions', () => {
    const { docs } = parse('{\n  "kind": "Pod",\n  "metadata": {"name": "a"}\n}\n');
    expect(docs).toHaveLength(1);
    expect(docs[0]!.valueAt([])).toEqual({ ok: true, value: { kind: 'Pod', metadata: { name: 'a' } } });
    expect(docs[0]!.at(['metadata', 'name'])).toMatchObject({ line: 3, col: 24 });
  });

  it('reads JSON numbers and escapes as encoding/json does', () => {
    expect(value('{"v": 1e3, "s": "a\\/b", "n": "n"}')).toEqual({ v: 1000, s: 'a/b', n: 'n' });
  });

  it('reads a stream of JSON objects as separate documents', () => {
    const { docs } = parse('{"a": 1}\n{"b": 2}{"c": "}{"}\n');
    expect(docs.map((d) => [d.docIndex, d.source.line, d.valueAt([])])).toEqual([
      [0, 1, { ok: true, value: { a: 1 } }],
      [1, 2, { ok: true, value: { b: 2 } }],
      [2, 2, { ok: true, value: { c: '}{' } }],
    ]);
  });

  it('splits top-level values and leaves unbalanced text to the parser', () => {
    expect(splitJsonValues(' {"a": [1]} {"b": "\\""} ')).toEqual([
      [1, 11],
      [12, 23],
    ]);
    expect(splitJsonValues('{"a": 1} {"b": ')).toEqual([
      [0, 8],
      [9, 15],
    ]);
  });

  it('reports broken JSON with its position', () => {
    const { docs, findings } = parse('{"a": 1,\n "b": [}\n');
    expect(docs[0]!.failed).toBe(true);
    expect(findings[0]).toMatchObject({ code: 'yaml-syntax', source: { line: 2 } });
  });

  it('reads JSON-like flow YAML kubectl would reject, with a warning', () => {
    const { docs, findings } = parse('{apiVersion: "v1", kind: Namespace, metadata: {name: a},}');
    expect(docs[0]!.valueAt([])).toEqual({ ok: true, value: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } } });
    expect(findings).toMatchObject([{ code: 'json-syntax', severity: 'warning' }]);
  });
});

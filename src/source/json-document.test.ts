import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/index.js';
import type { FieldPath } from './context.js';
import { parseStrictJson } from './json-document.js';
import { parseYamlStream, type YamlDocument } from './yaml.js';

function docs(text: string, jsonFastPath: boolean): { docs: YamlDocument[]; findings: Finding[] } {
  const findings: Finding[] = [];
  return { docs: [...parseYamlStream(text, 'in.json', (f) => findings.push(f), { jsonFastPath })], findings };
}

/** Every path of a value, plus absent ones beside and below them. */
function pathsOf(value: unknown, prefix: FieldPath = []): FieldPath[] {
  const out: FieldPath[] = [prefix, [...prefix, 'absent'], [...prefix, 99]];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

/**
 * What a document answers for every path: the fast path must answer exactly as the YAML path.
 * Sizes are left out: yaml's node ranges count some of the whitespace after a node, the fast path
 * counts the node alone (see the size test below).
 */
function answers(doc: YamlDocument, paths: FieldPath[]): unknown[] {
  return [doc.docIndex, doc.source, doc.failed, ...paths.map((p) => [p, doc.at(p), doc.shapeAt(p), doc.lengthAt(p), doc.valueAt(p)])];
}

const SAMPLES: Array<{ name: string; text: string }> = [
  { name: 'the loader test dump (kubectl -o json, four-space indent)', text: readFileSync(new URL('../../testdata/loader/dump.json', import.meta.url), 'utf8') },
  {
    name: 'compact, with escapes, unicode, colons and every JSON type',
    text: '{"kind":"Pod","metadata":{"name":"a","annotations":{"x:y":"v:w:z","q\\"k":"é€😀","esc":"\\u00e9\\n\\\\"}},"n":[1,-2.5e3,0,true,false,null,[],{}],"e":{},"deep":[[[{"a":[{"b":"c"}]}]]]}',
  },
  { name: 'a stream of values on several lines, CRLF', text: '{"a": 1}\r\n{"b": [1, 2]}{"c": "}{"}\r\n  {\r\n  "d": {"e": null}\r\n}\r\n' },
  { name: 'tabs and blank lines around a List', text: '\n\t{\n\t"kind": "List",\n\t"items": [\n\t\t{"kind": "Service", "metadata": {"name": "s"}},\n\n\t\t{"kind": "Pod"}\n\t]\n}\n\n' },
];

describe('the JSON fast path answers as the YAML path does', () => {
  for (const sample of SAMPLES) {
    it(sample.name, () => {
      const slow = docs(sample.text, false);
      const fast = docs(sample.text, true);
      expect(fast.findings).toEqual(slow.findings);
      expect(fast.docs).toHaveLength(slow.docs.length);
      slow.docs.forEach((doc, i) => {
        const value = doc.valueAt([]);
        const paths = pathsOf(value.ok ? value.value : undefined);
        expect(answers(fast.docs[i] as YamlDocument, paths)).toEqual(answers(doc, paths));
      });
    });
  }
});

describe('sizes on the fast path', () => {
  const text = '{ "a": "é€",\n  "b": [1, 2] ,"c": {"d": null}}';
  const doc = docs(text, true).docs[0] as YamlDocument;
  const cases: Array<{ path: FieldPath; bytes: number }> = [
    { path: [], bytes: Buffer.byteLength(text) },
    { path: ['a'], bytes: 7 },
    { path: ['b'], bytes: 6 },
    { path: ['b', 1], bytes: 1 },
    { path: ['c', 'd'], bytes: 4 },
    { path: ['absent'], bytes: 0 },
  ];
  for (const c of cases) {
    it(`UTF-8 bytes of ${JSON.stringify(c.path)} are those of the node's own text`, () => {
      expect(doc.bytesAt(c.path)).toBe(c.bytes);
    });
  }
});

describe('what the fast path leaves to the YAML path', () => {
  const cases: Array<{ name: string; text: string; fast: boolean }> = [
    { name: 'strict JSON', text: '{"a": {"b": "c:d"}, "e": ["f:g"]}', fast: true },
    { name: 'a duplicate key', text: '{"a": 1, "a": 2}', fast: false },
    { name: 'a duplicate key whose first value held colons', text: '{"a": "x:y", "a": "z"}', fast: false },
    { name: 'a nested duplicate key', text: '{"m": {"k": 1, "k": 1}}', fast: false },
    { name: 'an escaped colon in a string', text: '{"a": "\\u003a", "b": "x:y"}', fast: true },
    { name: 'a duplicate key among escaped colons', text: '{"a": "\\u003a", "a": "x:y"}', fast: false },
    { name: 'a duplicate key written with an escape', text: '{"a": 1, "\\u0061": 2}', fast: false },
    { name: 'YAML flow syntax kubectl rejects', text: '{a: 1}', fast: false },
    { name: 'a trailing comma', text: '{"a": 1,}', fast: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(parseStrictJson(c.text) !== undefined).toBe(c.fast);
    });
  }

  it('still reports a duplicate JSON key, and reads the last value', () => {
    const { docs: read, findings } = docs('{"a": 1, "a": 2}', true);
    expect(findings).toMatchObject([{ code: 'yaml-duplicate-key', severity: 'warning' }]);
    expect(read[0]?.valueAt([])).toEqual({ ok: true, value: { a: 2 } });
  });
});

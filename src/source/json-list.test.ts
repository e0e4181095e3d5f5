/**
 * A JSON List read item by item gives the bundle the whole-text read gives: the same objects,
 * positions, findings, skipped entries and generated names, also when an item turns out not to be
 * strict JSON after the items before it were converted (they are dropped and the text read again).
 */
import { describe, expect, it } from 'vitest';
import { prng } from '../../test/random.js';
import { emptyManifests } from '../model/index.js';
import type { Manifests } from '../model/index.js';
import { newConvertState } from './convert.js';
import { convertText } from './file-part.js';
import { LineIndex } from './json-document.js';
import { lazyJsonList, NotStrictJson } from './json-list.js';
import { scanWholeList } from './yaml.js';

function convert(text: string, lazy: boolean, state = newConvertState()): Manifests {
  const m = emptyManifests();
  convertText(m, text, 'in.json', state, { lazyJsonLists: lazy });
  return m;
}

/** The lazy document of `text`, or undefined when the path declines it up front. */
function lazyDoc(text: string) {
  return lazyJsonList(text, 0, text.length, { file: 'in.json', docIndex: 0, lines: new LineIndex(text) });
}

const pod = (name: string, extra = '') =>
  `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "${name}", "labels": {"app": "web"}}, "spec": {"containers": [{"name": "c", "ports": [{"name": "http", "containerPort": 8080}]}]}${extra}}`;
const job = (prefix: string) => `{"apiVersion": "batch/v1", "kind": "Job", "metadata": {"generateName": "${prefix}"}, "spec": {"template": {"spec": {"containers": [{"name": "c"}]}}}}`;
const service = (name: string, port: string) => `{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "${name}"}, "spec": {"selector": {"app": "web"}, "ports": [{"port": ${port}}]}}`;
const list = (items: string[], head = '"apiVersion": "v1", "kind": "List"') => `{${head}, "items": [\n  ${items.join(',\n  ')}\n]}\n`;

/** Lists the lazy path reads through to the end. */
const READ: Array<{ name: string; text: string }> = [
  { name: 'pods, a Service and generated names', text: list([pod('a'), job('batch-'), service('web', '80'), job('batch-'), pod('b')]) },
  { name: 'kubectl -o json (indented, metadata on the List)', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: [JSON.parse(pod('a')), JSON.parse(service('s', '80'))] }, null, 4) },
  { name: 'a typed list whose items name no kind', text: '{"apiVersion": "v1", "kind": "PodList", "items": [{"metadata": {"name": "p"}, "spec": {"containers": []}}]}' },
  { name: 'a List inside a List', text: list([list([pod('inner')]), pod('outer')]) },
  { name: 'items that are not objects', text: list(['"text"', '42', '[1, 2]', 'null', 'true', pod('a')]) },
  { name: 'an empty List', text: '{"kind": "List", "items": []}' },
  { name: 'escaped keys and unicode', text: '{"kind": "List", "\\u0061pi": "x", "items": [{"kind": "Service", "apiVersion": "v1", "metadata": {"name": "é-\\u00e9", "annotations": {"k\\"q": "v:w"}}, "spec": {"ports": [{"port": 80}]}}]}' },
  { name: 'CRLF and tabs', text: '{\r\n\t"kind": "List",\r\n\t"items": [\r\n\t\t' + pod('a') + ' ,\r\n\t\t' + pod('b') + '\r\n\t]\r\n}\r\n' },
  { name: 'a Service whose port is invalid (a finding with its position)', text: list([pod('a'), service('bad', '"eighty"'), service('worse', '70000')]) },
];

describe('a JSON List read item by item', () => {
  for (const { name, text } of READ) {
    it(`${name}: the lazy path reads it, as the whole-text path does`, () => {
      expect(lazyDoc(text)).toBeDefined();
      expect(convert(text, true)).toStrictEqual(convert(text, false));
    });
  }

  it('a stream of two Lists: each read item by item, as the whole-text path does', () => {
    const text = list([pod('a'), job('x-')]) + list([job('x-'), pod('b')]);
    expect(convert(text, true)).toStrictEqual(convert(text, false));
    expect(convert(text, true).pods.map((p) => p.meta.name)).toEqual(['a', 'b']);
  });

  it('parses an item only when it is reached: items before a broken one are read first', () => {
    const doc = lazyDoc(list([pod('a'), pod('b'), '{"kind": "Pod",}', pod('c')]));
    expect(doc?.lengthAt(['items'])).toBe(4);
    expect(doc?.valueAt(['items', 1])).toMatchObject({ ok: true, value: { metadata: { name: 'b' } } });
    expect(() => doc?.valueAt(['items', 2])).toThrow(NotStrictJson);
  });
});

/** Text the lazy path declines up front (undefined) or gives up on at an item (throws). */
const NOT_STRICT: Array<{ name: string; text: string; found: 'up front' | 'at an item' }> = [
  { name: 'a trailing comma in an item', text: list([job('a-'), pod('b'), '{"kind": "Pod", "metadata": {"name": "c"},}', pod('d')]), found: 'at an item' },
  { name: 'a duplicate key in an item', text: list([job('a-'), pod('b', ', "spec": {}'), pod('c')]), found: 'at an item' },
  { name: 'a duplicate key deep in an item', text: list([job('a-'), '{"kind": "Pod", "metadata": {"name": "p", "labels": {"x": "1", "x": "2"}}}']), found: 'at an item' },
  { name: 'YAML flow syntax in an item', text: list([job('a-'), '{kind: Pod, metadata: {name: p}}']), found: 'at an item' },
  { name: 'two items without a comma', text: `{"kind": "List", "items": [${pod('a')} ${pod('b')}]}`, found: 'up front' },
  { name: 'a trailing comma after the last item', text: `{"kind": "List", "items": [${pod('a')},]}`, found: 'up front' },
  { name: 'a duplicate key on the List', text: `{"kind": "List", "kind": "List", "items": [${pod('a')}]}`, found: 'up front' },
  { name: 'items twice', text: `{"kind": "List", "items": [${pod('a')}], "items": [${pod('b')}]}`, found: 'up front' },
  { name: 'a duplicate key in the List metadata', text: `{"kind": "List", "metadata": {"a": 1, "a": 2}, "items": [${pod('a')}]}`, found: 'up front' },
  { name: 'an unquoted key on the List', text: `{kind: "List", "items": [${pod('a')}]}`, found: 'up front' },
  { name: 'an unclosed items array', text: `{"kind": "List", "items": [${pod('a')}, ${pod('b')}`, found: 'up front' },
  { name: 'an unclosed item', text: `{"kind": "List", "items": [${pod('a')}, {"kind": "Pod"`, found: 'up front' },
  { name: 'a second value glued to an item', text: `{"kind": "List", "items": [${pod('a')}"x"]}`, found: 'up front' },
];

describe('text that is not strict JSON: read again the other way, with nothing left from the first read', () => {
  for (const { name, text, found } of NOT_STRICT) {
    it(`${name} (found ${found})`, () => {
      const doc = lazyDoc(text);
      if (found === 'up front') expect(doc).toBeUndefined();
      else {
        expect(doc).toBeDefined();
        const count = doc?.lengthAt(['items']) ?? 0;
        expect(() => Array.from({ length: count }, (_, i) => doc?.valueAt(['items', i]))).toThrow(NotStrictJson);
      }
      expect(convert(text, true)).toStrictEqual(convert(text, false));
    });
  }

  it('names generated before the broken item are given back: the next file gets the same ones', () => {
    const broken = list([job('batch-'), job('batch-'), '{"kind": "Pod",}']);
    const next = list([job('batch-')]);
    const lazy = newConvertState();
    const whole = newConvertState();
    expect(convert(broken, true, lazy)).toStrictEqual(convert(broken, false, whole));
    expect([...lazy.generatedNames]).toEqual([...whole.generatedNames]);
    expect(convert(next, true, lazy)).toStrictEqual(convert(next, false, whole));
  });

  it('a bundle that already held objects keeps them, and gets the broken List once, read the YAML way', () => {
    const broken = list([pod('read-twice?'), '{"kind": "Pod", "metadata": {"name": "lenient"},}']);
    const m = convert(list([pod('kept')]), true);
    convertText(m, broken, 'in.json', newConvertState());
    const expected = convert(list([pod('kept')]), false);
    convertText(expected, broken, 'in.json', newConvertState(), { lazyJsonLists: false });
    expect(m).toStrictEqual(expected);
    // YAML reads past the trailing comma and warns that kubectl would not.
    expect(m.pods.map((p) => p.meta.name)).toEqual(['kept', 'read-twice?', 'lenient']);
    expect(m.findings.map((f) => f.code)).toContain('json-syntax');
  });

  it('300 seeded mutations of a List: both paths agree on every one', () => {
    const text = list([pod('a'), job('g-'), service('web', '80'), list([pod('inner')]), '"x"', pod('b', ', "status": {"podIP": "10.0.0.1"}')], '"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}');
    const random = prng(20261125);
    const alphabet = ['{', '}', '[', ']', ',', ':', '"', ' ', '\\', 'a', '1'];
    for (let run = 0; run < 300; run++) {
      let mutated = text;
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
        const at = Math.floor(random() * mutated.length);
        const choice = random();
        const char = alphabet[Math.floor(random() * alphabet.length)] as string;
        if (choice < 0.4) mutated = mutated.slice(0, at) + mutated.slice(at + 1);
        else if (choice < 0.8) mutated = mutated.slice(0, at) + char + mutated.slice(at);
        else mutated = mutated.slice(0, at) + char + mutated.slice(at + 1);
      }
      expect(convert(mutated, true), `run ${run}: ${mutated}`).toStrictEqual(convert(mutated, false));
    }
  });
});

describe('a List scanned ahead (scanWholeList, on a worker thread) and converted with that scan', () => {
  const withScan = (text: string) => {
    const m = emptyManifests();
    const listScan = scanWholeList(text);
    expect(listScan).toBeDefined();
    convertText(m, text, 'in.json', newConvertState(), { listScan });
    return m;
  };

  for (const { name, text } of READ) {
    it(`${name}: the same bundle as the whole-text path`, () => {
      expect(withScan(text)).toStrictEqual(convert(text, false));
    });
  }

  for (const { name, text } of NOT_STRICT.filter((c) => c.found === 'at an item')) {
    it(`${name}: scanned, then read again the other way at the item`, () => {
      expect(withScan(text)).toStrictEqual(convert(text, false));
    });
  }

  const NOT_SCANNED: Array<{ name: string; text: string }> = [
    ...NOT_STRICT.filter((c) => c.found === 'up front'),
    { name: 'YAML', text: 'apiVersion: v1\nkind: List\nitems: []\n' },
    { name: 'one object, not a List', text: pod('a') },
    { name: 'a stream of two Lists', text: list([pod('a')]) + list([pod('b')]) },
  ];
  for (const { name, text } of NOT_SCANNED) {
    it(`${name}: no scan is made`, () => {
      expect(scanWholeList(text)).toBeUndefined();
    });
  }

  it('a scan of another range is not used', () => {
    const text = list([pod('a'), pod('b')]);
    const scan = scanWholeList(text);
    const shifted = `  ${text}`;
    const m = emptyManifests();
    convertText(m, shifted, 'in.json', newConvertState(), { listScan: scan });
    expect(m).toStrictEqual(convert(shifted, false));
    expect(m.pods.map((p) => p.meta.name)).toEqual(['a', 'b']);
  });
});

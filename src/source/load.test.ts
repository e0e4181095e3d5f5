import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifests } from '../model/index.js';
import { convertedCount, loadManifests, parseManifestText } from './load.js';

const TREE = fileURLToPath(new URL('../../testdata/loader/tree/', import.meta.url));
const DUMP_JSON = fileURLToPath(new URL('../../testdata/loader/dump.json', import.meta.url));

const names = (m: Manifests) => m.namespaces.map((ns) => ns.meta.name);

describe('loadManifests', () => {
  const cases: Array<{ name: string; inputs: string[]; recursive?: boolean; stdin?: string; want: string[]; codes?: string[] }> = [
    { name: 'a folder without -R', inputs: [TREE], want: ['a', 'b', 'c'] },
    { name: 'a folder with -R', inputs: [TREE], recursive: true, want: ['a', 'b', 'c', 'd', 'e'] },
    { name: 'a comma list of files and folders', inputs: [`${join(TREE, 'sub')},${join(TREE, 'a.yaml')}`], want: ['d', 'a'] },
    {
      name: 'standard input among files',
      inputs: [join(TREE, 'a.yaml'), '-'],
      stdin: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: from-stdin}\n',
      want: ['a', 'from-stdin'],
    },
    {
      name: 'a missing file is an input error, the rest still loads',
      inputs: [join(TREE, 'nope.yaml'), join(TREE, 'b.yml')],
      want: ['b'],
      codes: ['input-not-found'],
    },
    { name: 'a JSON dump', inputs: [DUMP_JSON], want: ['shop'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const m = await loadManifests(c.inputs, { recursive: c.recursive ?? false, stdin: c.stdin ?? '' });
      expect(names(m)).toEqual(c.want);
      expect(m.findings.map((f) => f.code)).toEqual(c.codes ?? []);
      expect(convertedCount(m) + m.skipped.length).toBe(m.documentCount);
    });
  }

  it('reads standard input from a stream, once', async () => {
    const stdin = Readable.from(['apiVersion: v1\nkind: Namespace\n', 'metadata: {name: streamed}\n']);
    const m = await loadManifests(['-,-'], { stdin });
    expect(names(m)).toEqual(['streamed']);
    expect(m.namespaces[0]!.meta.source).toEqual({ file: '<stdin>', docIndex: 0, line: 1, col: 1 });
    expect(m.findings.map((f) => f.code)).toEqual(['input-stdin-repeated']);
  });

  it('objects keep the file they came from', async () => {
    const m = await loadManifests([TREE], { recursive: true });
    expect(m.namespaces.map((ns) => ns.meta.source?.file)).toEqual(
      ['a.yaml', 'b.yml', 'c.json', 'sub/d.yaml', 'sub/deeper/e.yaml'].map((f) => join(TREE, f)),
    );
  });
});

describe('parseManifestText', () => {
  it('applies defaultNamespace', () => {
    const m = parseManifestText('apiVersion: v1\nkind: Endpoints\nmetadata: {name: a}\n', 'x.yaml', { defaultNamespace: 'team' });
    expect(m.endpoints.map((e) => e.meta.namespace)).toEqual(['team']);
  });

  it('counts a List as its items', () => {
    const m = parseManifestText(
      'kind: List\nitems:\n- {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n- {apiVersion: v1, kind: Secret, metadata: {name: s}}\n',
      'x.yaml',
    );
    expect(m.documentCount).toBe(2);
    expect(names(m)).toEqual(['a']);
    expect(m.skipped.map((s) => s.reason)).toEqual(['Secret: not read']);
  });
});

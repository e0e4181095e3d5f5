import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/index.js';
import { groupOf, readObjects } from './documents.js';
import type { DocumentEntry } from './documents.js';
import { MAX_DOCUMENT_BYTES } from './yaml.js';

function read(text: string): { entries: DocumentEntry[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const entries = [...readObjects(text, 'in.yaml', (f) => findings.push(f))];
  return { entries, findings };
}

/** `kind/name` of objects, `!reason` of rejected documents. */
function summary(entries: DocumentEntry[]): string[] {
  return entries.map((e) => {
    if ('rejected' in e) return `!${e.rejected.reason}`;
    const meta = e.object.obj.metadata as { name?: string } | undefined;
    return `${String(e.object.obj.kind)}/${meta?.name ?? ''}`;
  });
}

describe('documents → objects', () => {
  const cases: Array<{ name: string; yaml: string; want: string[]; codes?: string[] }> = [
    {
      name: 'empty documents are ignored silently',
      yaml: '---\n---\n# only a comment\n---\n...\n---\nnull\n---\n~\n',
      want: [],
    },
    {
      name: 'several documents in order',
      yaml: 'kind: A\nmetadata: {name: a}\n---\nkind: B\nmetadata: {name: b}\n...\n',
      want: ['A/a', 'B/b'],
    },
    {
      name: 'kind: List is flattened',
      yaml: 'kind: List\napiVersion: v1\nitems:\n- {kind: Pod, apiVersion: v1, metadata: {name: a}}\n- {kind: Service, apiVersion: v1, metadata: {name: b}}\n',
      want: ['Pod/a', 'Service/b'],
    },
    {
      name: 'typed lists give their items kind and apiVersion',
      yaml: 'kind: PodList\napiVersion: v1\nitems:\n- metadata: {name: a}\n- metadata: {name: b}\n',
      want: ['Pod/a', 'Pod/b'],
    },
    {
      name: 'an item of kind List keeps its own kind',
      yaml: 'kind: ServiceList\napiVersion: v1\nitems:\n- {kind: Pod, metadata: {name: a}}\n',
      want: ['Pod/a'],
    },
    {
      name: 'nested lists are flattened',
      yaml: 'kind: List\nitems:\n- kind: List\n  items:\n  - {kind: Pod, metadata: {name: a}}\n- {kind: Pod, metadata: {name: b}}\n',
      want: ['Pod/a', 'Pod/b'],
    },
    { name: 'an empty list yields nothing', yaml: 'kind: List\napiVersion: v1\nitems: []\n', want: [] },
    {
      name: 'a *List kind without items is an ordinary object',
      yaml: 'kind: AccessList\nmetadata: {name: x}\n',
      want: ['AccessList/x'],
    },
    {
      name: 'a bare string is not an object',
      yaml: 'hello\n---\nkind: A\nmetadata: {name: a}\n',
      want: ['!not a Kubernetes object', 'A/a'],
      codes: ['not-an-object'],
    },
    {
      name: 'a top-level sequence is not an object',
      yaml: '- kind: A\n',
      want: ['!not a Kubernetes object'],
      codes: ['not-an-object'],
    },
    {
      name: 'a null list item is not an object',
      yaml: 'kind: List\nitems:\n- {kind: A, metadata: {name: a}}\n-\n',
      want: ['A/a', '!not a Kubernetes object'],
      codes: ['not-an-object'],
    },
    {
      name: 'a syntax error costs only its document',
      yaml: 'kind: A\nmetadata: {name: a}\n---\nkind: [\n---\nkind: B\nmetadata: {name: b}\n',
      want: ['A/a', '!YAML syntax error', 'B/b'],
      codes: ['yaml-syntax'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { entries, findings } = read(c.yaml);
      expect(summary(entries)).toEqual(c.want);
      expect(findings.map((f) => f.code)).toEqual(c.codes ?? []);
    });
  }
});

describe('positions of objects', () => {
  it('each List item keeps its own position', () => {
    const text = [
      'apiVersion: v1', // 1
      'kind: List', // 2
      'items:', // 3
      '- apiVersion: v1', // 4
      '  kind: Pod', // 5
      '  metadata:', // 6
      '    name: a', // 7
      '- apiVersion: v1', // 8
      '  kind: Pod', // 9
      '  metadata:', // 10
      '    name: b', // 11
    ].join('\n');
    const objects = read(text).entries.flatMap((e) => ('object' in e ? [e.object] : []));
    expect(objects.map((o) => [o.source.line, o.source.col])).toEqual([
      [4, 3],
      [8, 3],
    ]);
    expect(objects[1]!.at(['metadata', 'name'])).toMatchObject({ docIndex: 0, line: 11, col: 11 });
    expect(objects[1]!.at(['spec', 'containers'])).toMatchObject({ line: 8, col: 3 });
  });
});

describe('limits', () => {
  const big = 'x'.repeat(MAX_DOCUMENT_BYTES + 10);
  it('rejects an oversized document and keeps the next one', () => {
    const { entries, findings } = read(`kind: ConfigMap\ndata: {k: ${big}}\n---\nkind: A\nmetadata: {name: a}\n`);
    expect(summary(entries)).toEqual(['!rejected by an input limit', 'A/a']);
    expect(findings).toMatchObject([{ code: 'document-too-large', severity: 'error', source: { docIndex: 0, line: 1 } }]);
    const rejected = entries[0]!;
    expect('rejected' in rejected && rejected.rejected.kind).toBe('ConfigMap');
  });

  it('applies the limit to each List item, not to the whole List', () => {
    const half = 'x'.repeat(MAX_DOCUMENT_BYTES / 2);
    const items = [0, 1, 2].map((i) => `- {kind: ConfigMap, metadata: {name: c${i}}, data: {k: ${half}}}`).join('\n');
    const { entries, findings } = read(`kind: List\nitems:\n${items}\n- {kind: ConfigMap, data: {k: ${big}}}\n`);
    expect(summary(entries)).toEqual(['ConfigMap/c0', 'ConfigMap/c1', 'ConfigMap/c2', '!rejected by an input limit']);
    expect(findings).toMatchObject([{ code: 'document-too-large', source: { line: 6 } }]);
  });

  it('rejects a YAML bomb as a document, not the whole stream', () => {
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x]'];
    for (const [prev, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f']]) {
      bomb.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const { entries, findings } = read(`kind: ConfigMap\ndata:\n  ${bomb.join('\n  ')}\n---\nkind: A\nmetadata: {name: a}\n`);
    expect(summary(entries)).toEqual(['!rejected by an input limit', 'A/a']);
    expect(findings.map((f) => f.code)).toEqual(['yaml-alias-limit']);
  });
});

describe('identity helpers', () => {
  it('groupOf splits the API group off apiVersion', () => {
    expect([groupOf('v1'), groupOf('apps/v1'), groupOf('networking.k8s.io/v1'), groupOf('')]).toEqual([
      '',
      'apps',
      'networking.k8s.io',
      '',
    ]);
  });
});

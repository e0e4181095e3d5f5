import { mkdtemp, rm, writeFile, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/index.js';
import { readInput, resolveInputs, splitInputs } from './files.js';
import { MAX_FILE_BYTES } from './yaml.js';
import type { InputSource } from './files.js';

const LOADER = fileURLToPath(new URL('../../testdata/loader/', import.meta.url));
const TREE = join(LOADER, 'tree');

async function resolve(values: string[], recursive = false): Promise<{ files: string[]; findings: Finding[] }> {
  const findings: Finding[] = [];
  const sources = await resolveInputs(values, { recursive }, (f) => findings.push(f));
  const files = sources.map((s) => (s.kind === 'stdin' ? '-' : relative(LOADER, s.path)));
  return { files, findings };
}

describe('-f expansion', () => {
  const cases: Array<{ name: string; values: string[]; recursive?: boolean; want: string[]; codes?: string[] }> = [
    {
      name: 'a folder yields its .json, .yaml and .yml files in name order',
      values: [TREE],
      want: ['tree/a.yaml', 'tree/b.yml', 'tree/c.json'],
    },
    {
      name: 'with -R subfolders are entered where they sort',
      values: [TREE],
      recursive: true,
      want: ['tree/a.yaml', 'tree/b.yml', 'tree/c.json', 'tree/sub/d.yaml', 'tree/sub/deeper/e.yaml'],
    },
    {
      name: 'a file named directly is read whatever its extension',
      values: [join(TREE, 'notes.txt')],
      want: ['tree/notes.txt'],
    },
    {
      name: 'comma-separated values are split',
      values: [`${join(TREE, 'b.yml')},${join(TREE, 'sub')}`],
      want: ['tree/b.yml', 'tree/sub/d.yaml'],
    },
    {
      name: 'repeated values keep their order',
      values: [join(TREE, 'sub', 'd.yaml'), join(TREE, 'a.yaml')],
      want: ['tree/sub/d.yaml', 'tree/a.yaml'],
    },
    {
      name: 'a missing path is a finding, the others are still read',
      values: [join(TREE, 'missing.yaml'), join(TREE, 'a.yaml')],
      want: ['tree/a.yaml'],
      codes: ['input-not-found'],
    },
    {
      name: 'a folder without manifests is a warning',
      values: [join(TREE, 'notes')],
      want: [],
      codes: ['input-no-manifests'],
    },
    { name: '- is standard input', values: ['-'], want: ['-'] },
    {
      name: 'standard input is read only once',
      values: ['-', join(TREE, 'a.yaml'), '-'],
      want: ['-', 'tree/a.yaml'],
      codes: ['input-stdin-repeated'],
    },
    { name: 'URLs are refused', values: ['https://example.com/app.yaml'], want: [], codes: ['input-unreadable'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { files, findings } = await resolve(c.values, c.recursive);
      expect(files).toEqual(c.want);
      expect(findings.map((f) => f.code)).toEqual(c.codes ?? []);
    });
  }

  it('splitInputs drops empty parts and spaces', () => {
    expect(splitInputs(['a.yaml,,b/ ', ' c.json'])).toEqual(['a.yaml', 'b/', 'c.json']);
  });
});

describe('reading', () => {
  const stdin: InputSource = { kind: 'stdin' };
  const read = async (source: InputSource, text: string | NodeJS.ReadableStream) => {
    const findings: Finding[] = [];
    return { input: await readInput(source, text, (f) => findings.push(f)), findings };
  };

  it('reads standard input given as text', async () => {
    expect((await read(stdin, 'kind: A\n')).input).toEqual({ file: '<stdin>', text: 'kind: A\n' });
  });

  it('reads standard input given as a stream', async () => {
    const { input } = await read(stdin, Readable.from([Buffer.from('kind: '), 'A\n']));
    expect(input).toEqual({ file: '<stdin>', text: 'kind: A\n' });
  });

  it('drops a byte-order mark', async () => {
    expect((await read(stdin, '\uFEFF{"kind": "A"}')).input?.text).toBe('{"kind": "A"}');
  });

  it('reads a file under the name it was given', async () => {
    const path = join(TREE, 'a.yaml');
    const { input } = await read({ kind: 'file', path }, '');
    expect(input?.file).toBe(path);
    expect(input?.text).toContain('kind: Namespace');
  });

  it('refuses a file over the size limit without reading it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kreach-'));
    try {
      const path = join(dir, 'huge.yaml');
      await writeFile(path, '');
      await truncate(path, MAX_FILE_BYTES + 1); // sparse: no disk used
      const { input, findings } = await read({ kind: 'file', path }, '');
      expect(input).toBeUndefined();
      expect(findings).toMatchObject([{ code: 'input-too-large', severity: 'error', source: { file: path } }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a file that vanished before reading', async () => {
    const { input, findings } = await read({ kind: 'file', path: join(TREE, 'gone.yaml') }, '');
    expect(input).toBeUndefined();
    expect(findings.map((f) => f.code)).toEqual(['input-not-found']);
  });
});

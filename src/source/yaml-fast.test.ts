import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Document, stringify } from 'yaml';
import type { Finding } from '../model/index.js';
import type { FieldPath } from './context.js';
import { plainResolver, readSimpleYaml } from './yaml-fast.js';
import { parseYamlStream, YAML_OPTIONS, type YamlDocument } from './yaml.js';
import { prng } from '../../test/random.js';

const PLAIN = plainResolver(YAML_OPTIONS);

function read(text: string, yamlFastPath: boolean): { docs: YamlDocument[]; findings: Finding[] } {
  const findings: Finding[] = [];
  return { docs: [...parseYamlStream(text, 'in.yaml', (f) => findings.push(f), { yamlFastPath })], findings };
}

function pathsOf(value: unknown, prefix: FieldPath = []): FieldPath[] {
  const out: FieldPath[] = [prefix, [...prefix, 'absent'], [...prefix, 99]];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

/** Paths compared per document; big CRDs hold tens of thousands, so those are sampled evenly. */
const MAX_PATHS = 2000;

/** Everything a document answers but sizes (see json-document.test.ts). */
function answers(doc: YamlDocument): unknown[] {
  const root = doc.valueAt([]);
  const all = pathsOf(root.ok ? root.value : undefined);
  const step = Math.ceil(all.length / MAX_PATHS);
  const paths = all.filter((_, i) => i % step === 0);
  return [doc.docIndex, doc.failed, doc.shapeAt([]) === 'null' ? 'empty' : doc.source, ...paths.map((p) => [p, doc.at(p), doc.shapeAt(p), doc.lengthAt(p), doc.valueAt(p)])];
}

/** Documents the fast path reads itself (the others go to the yaml package one by one). */
function fastCount(text: string): number {
  return readSimpleYaml(text, PLAIN)?.filter((d) => !('slow' in d)).length ?? 0;
}

/** Read either way, every document and path must answer alike; true when some were read fast. */
function expectSameAsSlowPath(text: string, name: string): boolean {
  const a = read(text, true);
  const b = read(text, false);
  expect(a.findings, name).toEqual(b.findings);
  expect(a.docs.map(answers), name).toEqual(b.docs.map(answers));
  return fastCount(text) > 0;
}

const CASES: Array<{ name: string; text: string; fast: boolean }> = [
  { name: 'a manifest with comments, quotes and kubectl-style sequences', fast: true, text: '# c\napiVersion: v1\nkind: Service   # trailing\nmetadata:\n  name: "web"\n  labels: {}\nspec:\n  ports:\n  - name: http\n    port: 80\n    targetPort: \'http\'\n  - port: 443\n  selector:\n    app: web\n' },
  { name: 'YAML 1.1 scalars and keys', fast: true, text: 'a: yes\nb: n\nc: 0644\nd: 1e3\ne: ~\nf: 1:20\ng: .inf\nh: 2025-01-10\n80: x\ntrue: t\ni: -1\nj: +2\nk: 1_000\nl: 0x1F\nm:\nn: "\\u00e9\\t\\"x\\""\no: \'it\'\'s\'\np: a#b\nq: http://x:80/y\n' },
  { name: 'documents: implicit, empty, comment-only, trailing marker', fast: true, text: '# head\na: 1\n---\n---\n# only a comment\n--- # c\n- x\n-\n- - \n'.replace('- - \n', '- y\n') + '---\n' },
  { name: 'nested sequences of mappings with empty values', fast: true, text: 'items:\n- a:\n  b: 1\n  c:\n  - d: []\n    e:\n      f: g\n-\n- h\nlast: 1\n' },
  { name: 'an indented root and a scalar document', fast: true, text: '  a: 1\n  b: 2\n---\nplain text\n---\n"quoted"\n' },
  { name: 'a block scalar', fast: false, text: 'a: |\n  line\n' },
  { name: 'a folded scalar', fast: false, text: 'a: >-\n  line\n' },
  { name: 'a multi-line plain scalar', fast: false, text: 'a: one\n  two\n' },
  { name: 'a multi-line quoted scalar', fast: false, text: 'a: "one\n  two"\n' },
  { name: 'an anchor and alias', fast: false, text: 'a: &x 1\nb: *x\n' },
  { name: 'a tag', fast: false, text: 'a: !!str 1\n' },
  { name: 'a flow sequence with content', fast: false, text: 'a: [1, 2]\n' },
  { name: 'a flow mapping with content', fast: false, text: 'a: {b: 1}\n' },
  { name: 'a merge key', fast: false, text: 'a:\n  <<: {}\n' },
  { name: 'a duplicate key', fast: false, text: 'a: 1\na: 2\n' },
  { name: 'keys equal as JS keys', fast: false, text: '1: a\n"1": b\n' },
  { name: 'a tab', fast: false, text: 'a:\tb\n' },
  { name: 'CRLF line ends', fast: false, text: 'a: b\r\n' },
  { name: 'a directive', fast: false, text: '%YAML 1.1\n---\na: b\n' },
  { name: 'a document end marker', fast: false, text: 'a: b\n...\n' },
  { name: 'content on the --- line', fast: false, text: '--- a\n' },
  { name: 'a compact nested sequence', fast: false, text: '- - a\n' },
  { name: 'a complex key', fast: false, text: '? a\n: b\n' },
  { name: 'a nested mapping on one line', fast: false, text: 'a: b: c\n' },
  { name: 'bad indentation', fast: false, text: 'a:\n    b: 1\n  c: 2\n' },
  { name: 'an escape JSON lacks', fast: false, text: 'a: "\\x41"\n' },
  { name: 'a reserved indicator', fast: false, text: 'a: @b\n' },
  { name: 'a __proto__ key', fast: false, text: '__proto__: 1\n' },
  { name: 'a null key', fast: false, text: '~: 1\n' },
];

describe('the YAML fast path', () => {
  for (const c of CASES) {
    it(`${c.fast ? 'reads' : 'leaves to the yaml package'}: ${c.name}`, () => {
      expect(fastCount(c.text) > 0).toBe(c.fast);
      expectSameAsSlowPath(c.text, c.name);
      // Beside a document it reads, the other still goes to the yaml package, with its findings.
      expectSameAsSlowPath(`kind: Before\n---\n${c.text}---\nkind: After\n`, `${c.name}, between documents`);
    });
  }

  it('relies on the schema tags it was checked against (plain scalars starting otherwise are strings)', () => {
    // plainResolver skips the tag tests for text not starting with ~ + - . 0-9 n N y Y t T f F o O,
    // because none of these tests can match such text. A new tag in the yaml package fails this.
    const doc = new Document(null, YAML_OPTIONS);
    const tests = doc.schema.tags.filter((t) => t.default === true && t.test && !t.collection).map((t) => String(t.test));
    expect(tests).toEqual([
      '/^(?:~|[Nn]ull|NULL)?$/',
      '/^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/',
      '/^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/',
      '/^[-+]?0b[0-1_]+$/',
      '/^[-+]?0[0-7_]+$/',
      '/^[-+]?[0-9][0-9_]*$/',
      '/^[-+]?0x[0-9a-fA-F_]+$/',
      '/^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$/',
      '/^[-+]?(?:\\.[0-9][0-9_]*|[0-9][0-9_]*(?:\\.[0-9_]*)?)(?:[eE][-+]?[0-9][0-9_]*)?$/',
    ]);
    expect([PLAIN('Yes'), PLAIN('name'), PLAIN('0644'), PLAIN('2025-01-10'), PLAIN('~')]).toEqual([true, 'name', 420, '2025-01-10', null]);
    // It also takes words of six letters or more for strings: the null and boolean words above are
    // five at most. Short scalars are remembered, so asking twice answers the same.
    expect([PLAIN('FALSE'), PLAIN('nulls'), PLAIN('offset'), PLAIN('0644'), PLAIN('Yes')]).toEqual([false, 'nulls', 'offset', 420, true]);
  });

  it('answers as the yaml package for values yaml.stringify writes', () => {
    const rng = prng(7);
    const words = ['yes', 'No', 'on', 'null', '~', '0644', '1e3', '1:20', '.5', '-', 'a: b', '#x', 'a #b', "it's", 'say "hi"', 'é€', '', ' lead', 'trail ', '[x]', '{y}', '*z', '&w', '!v', '%u', '@t', '`s', '- r', '? q', 'p:', ':o', 'n,m', '0x1F', '+1', 'true', 'TRUE', '2025-01-10', 'http://h:1/p'];
    const value = (depth: number): unknown => {
      const r = rng();
      if (depth > 3 || r < 0.4) return r < 0.1 ? Math.floor(rng() * 1000) : r < 0.15 ? rng() > 0.5 : words[Math.floor(rng() * words.length)];
      if (r < 0.7) return Array.from({ length: Math.floor(rng() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rng() * 4) }, (_, i) => [`${words[Math.floor(rng() * words.length)]}${i}`, value(depth + 1)]));
    };
    let fast = 0;
    for (let i = 0; i < 300; i++) {
      const docs = Array.from({ length: 3 }, () => stringify({ kind: 'Thing', spec: value(0) }, { lineWidth: 0 }));
      if (expectSameAsSlowPath(docs.join('---\n'), `generated ${i}`)) fast++;
    }
    expect(fast).toBeGreaterThan(150);
  });
});

const CORPUS = fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
const TESTDATA = fileURLToPath(new URL('../../testdata', import.meta.url));

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

describe('the YAML fast path over real manifests', () => {
  // One test per corpus source (as test/corpus.test.ts), plus testdata, which is full of deliberately
  // odd input. Every file must answer alike either way; most real files hold documents read fast.
  const sources = existsSync(CORPUS)
    ? readdirSync(CORPUS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => [e.name, join(CORPUS, e.name)])
    : [];
  for (const [name, dir] of [...sources, ['testdata', TESTDATA]] as Array<[string, string]>) {
    it(`${name}: every file answers as the yaml package`, { timeout: 120_000 }, () => {
      const files = yamlFiles(dir);
      let fast = 0;
      for (const file of files) if (expectSameAsSlowPath(readFileSync(file, 'utf8'), file)) fast++;
      expect(fast).toBeGreaterThan(files.length * 0.2);
    });
  }
});


import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, corpusPresent } from '../../test/corpus.js';
import { emptyManifests } from '../model/index.js';
import type { Manifests } from '../model/index.js';
import type { InputSource } from './files.js';
import { loadFilePart, scanOrLoadFilePart } from './file-part.js';
import { loadManifests } from './load.js';
import type { LoadOptions } from './load.js';
import { LOAD_WORKER_URL } from './load-worker.js';
import { loadInParallel, parallelPlan } from './parallel-load.js';
import type { ParallelOptions } from './parallel-load.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The compiled loader (`npm run build`): only there can workers run, the test runner runs `.ts`. */
const DIST_LOAD = join(ROOT, 'dist/source/load.js');
const DIST_PLAN = join(ROOT, 'dist/source/parallel-load.js');

type Load = (inputs: string[], options?: LoadOptions) => Promise<Manifests>;
type Plan = typeof parallelPlan;

const SEQUENTIAL: ParallelOptions = { threads: 1 };
/** Parallel whatever the size, so small fixtures take the worker path. */
const PARALLEL: ParallelOptions = { threads: 4, minBytes: 0 };
/** One worker, which hands JSON Lists back scanned. */
const SCANNING: ParallelOptions = { threads: 2, minBytes: 0 };

const pod = (name: string, extra = '') => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, labels: {app: a}}\nspec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}\n${extra}`;
const generated = (prefix: string) => `apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: ${prefix}}\nspec: {template: {spec: {containers: [{name: c, image: i}]}}}\n`;
const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {selector: {app: a}, ports: [{port: 80}]}\n`;

/** Files of every kind of content the merge must keep in place, in input (name) order. */
const FILES: Record<string, string> = {
  '00-pods.yaml': [pod('p0'), pod('p1'), service('web')].join('---\n'),
  // The same generateName object in two files and twice in one: the later ones get other suffixes.
  '01-jobs.yaml': [generated('batch-'), generated('batch-'), generated('other-')].join('---\n'),
  '02-jobs-again.yaml': [generated('batch-'), pod('p2')].join('---\n'),
  '03-broken.yaml': `${service('ok')}---\nkind: Service\nmetadata: {name: [oops\n`,
  '04-unknown.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n',
  '05-dump.json': JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'shop' }, spec: { ports: [{ port: 8080 }] } },
    ],
  }),
  '06-invalid.json': '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"},\n  "spec": }\n',
  '07-empty.yaml': '',
  '08-only-generated.yaml': generated('other-'),
  // A List whose third item has a trailing comma: scanned ahead, then read the YAML way at that item.
  '09-dump-lenient.json': `{"apiVersion": "v1", "kind": "List", "items": [\n${JSON.stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'batch-' }, spec: {} })},\n${JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p9' }, spec: { containers: [] } })},\n{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "lenient"},}\n]}\n`,
};

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kreach-parallel-'));
  for (const [name, text] of Object.entries(FILES)) await writeFile(join(dir, name), text);
});

async function sequential(inputs: string[], options: LoadOptions = {}): Promise<Manifests> {
  return loadManifests(inputs, { ...options, parallel: SEQUENTIAL });
}

describe('parallel load: parts merged on the main thread', () => {
  it('equals the sequential load with no worker at all', async () => {
    const paths = Object.keys(FILES).map((name) => join(dir, name));
    const m = emptyManifests();
    await loadInParallel(m, { paths, workers: 0, workerUrl: LOAD_WORKER_URL, scanLists: false }, 'team');
    expect(m).toStrictEqual(await sequential([dir], { defaultNamespace: 'team' }));
  });

  it('the fixture has what the merge must keep in place', async () => {
    const m = await sequential([dir]);
    expect(m.workloads.map((w) => w.meta.name)).toHaveLength(6);
    expect(new Set(m.workloads.map((w) => w.meta.name)).size).toBe(6);
    expect(m.pods.map((p) => p.meta.name)).toEqual(expect.arrayContaining(['p9', 'lenient']));
    expect(m.findings.filter((f) => f.code === 'json-syntax').map((f) => f.source?.file)).toContain(join(dir, '09-dump-lenient.json'));
    expect(m.findings.map((f) => f.code)).toContain('yaml-syntax');
    expect(m.findings.find((f) => f.code === 'yaml-syntax')?.source).toEqual({ file: join(dir, '03-broken.yaml'), docIndex: 1, line: 8, col: 1 });
    expect(m.skipped.map((s) => s.kind)).toEqual(expect.arrayContaining(['Widget', 'Secret']));
  });
});

describe('parallel load: fallback when workers fail', () => {
  const workers: Array<{ name: string; source: string }> = [
    { name: 'a worker that throws on start', source: "throw new Error('boom');\n" },
    {
      name: 'a worker that exits on its first file',
      source: "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n",
    },
    {
      name: 'a worker that answers every file with an error',
      source: "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (t) => parentPort.postMessage({ index: t.index, error: 'no' }));\n",
    },
    {
      name: 'a worker that answers with a scan that does not fit its text',
      source:
        "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (t) => parentPort.postMessage({ index: t.index, scanned: { text: '{}', scan: { start: 0, end: 9 } } }));\n",
    },
    {
      name: 'a worker that answers with something that cannot be read',
      source:
        "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (t) => parentPort.postMessage({ index: t.index, part: { manifests: null, generated: [] } }));\n",
    },
  ];
  for (const w of workers) {
    it(`${w.name}: nothing is lost`, async () => {
      const path = join(dir, `${w.name.replaceAll(' ', '-')}.mjs`);
      await writeFile(path, w.source);
      const m = await loadManifests([dir], { parallel: { ...PARALLEL, workerUrl: pathToFileURL(path) } });
      expect(m).toStrictEqual(await sequential([dir]));
    });
  }
});

describe('parallelPlan', () => {
  const file = (path: string): InputSource => ({ kind: 'file', path });
  const cases: Array<{ name: string; sources: () => InputSource[]; options: ParallelOptions; parallel: boolean; scanLists?: boolean }> = [
    { name: 'several files, any size', sources: () => [file(join(dir, '00-pods.yaml')), file(join(dir, '01-jobs.yaml'))], options: { ...PARALLEL, workerUrl: distWorker() }, parallel: true },
    { name: 'one file', sources: () => [file(join(dir, '00-pods.yaml'))], options: { ...PARALLEL, workerUrl: distWorker() }, parallel: false },
    { name: 'standard input among files', sources: () => [file(join(dir, '00-pods.yaml')), { kind: 'stdin' }], options: { ...PARALLEL, workerUrl: distWorker() }, parallel: false },
    { name: 'small inputs', sources: () => [file(join(dir, '00-pods.yaml')), file(join(dir, '01-jobs.yaml'))], options: { threads: 4, workerUrl: distWorker() }, parallel: false },
    { name: 'one thread', sources: () => [file(join(dir, '00-pods.yaml')), file(join(dir, '01-jobs.yaml'))], options: { threads: 1, minBytes: 0, workerUrl: distWorker() }, parallel: false },
    { name: 'the .ts sources (no compiled worker)', sources: () => [file(join(dir, '00-pods.yaml')), file(join(dir, '01-jobs.yaml'))], options: PARALLEL, parallel: false },
    { name: 'one worker (two cores): Lists scanned', sources: () => [file(join(dir, '00-pods.yaml')), file(join(dir, '01-jobs.yaml'))], options: { ...SCANNING, workerUrl: distWorker() }, parallel: true, scanLists: true },
    { name: 'three workers: Lists converted', sources: () => Object.keys(FILES).map((name) => file(join(dir, name))), options: { ...PARALLEL, workerUrl: distWorker() }, parallel: true, scanLists: false },
    { name: 'one worker told not to scan', sources: () => [file(join(dir, '00-pods.yaml')), file(join(dir, '01-jobs.yaml'))], options: { ...SCANNING, scanLists: false, workerUrl: distWorker() }, parallel: true, scanLists: false },
    { name: 'a worker file that is not there', sources: () => [file(join(dir, '00-pods.yaml')), file(join(dir, '01-jobs.yaml'))], options: { ...PARALLEL, workerUrl: pathToFileURL(join(dir, 'nope.js')) }, parallel: false },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const plan = await parallelPlan(c.sources(), c.options);
      expect(plan !== undefined).toBe(c.parallel);
      if (c.scanLists !== undefined) expect(plan?.scanLists).toBe(c.scanLists);
    });
  }
});

function distWorker(): URL {
  return pathToFileURL(join(ROOT, 'dist/source/load-worker.js'));
}

/** The compiled loader, where workers really run; `npm run build` makes it. */
async function distLoader(): Promise<{ load: Load; plan: Plan }> {
  if (!existsSync(DIST_LOAD) || !existsSync(DIST_PLAN)) throw new Error(`${DIST_LOAD} missing: run npm run build first`);
  const load = ((await import(pathToFileURL(DIST_LOAD).href)) as { loadManifests: Load }).loadManifests;
  const plan = ((await import(pathToFileURL(DIST_PLAN).href)) as { parallelPlan: Plan }).parallelPlan;
  return { load, plan };
}

describe('parallel load on worker threads (built dist/)', () => {
  // The corpus lies beside the checkout; a clone without it skips those cases, as test/corpus.test.ts does.
  const inputs: Array<{ name: string; inputs: () => string[]; options?: LoadOptions; parallel?: ParallelOptions; corpus?: true }> = [
    { name: 'the generated multi-file input', inputs: () => [dir] },
    { name: 'the generated input with a default namespace', inputs: () => [dir], options: { defaultNamespace: 'team' } },
    { name: 'the generated input, one worker scanning Lists', inputs: () => [dir], parallel: SCANNING },
    { name: 'the corpus', inputs: () => [CORPUS], options: { recursive: true }, corpus: true },
    { name: 'the corpus, one worker scanning Lists', inputs: () => [CORPUS], options: { recursive: true }, parallel: SCANNING, corpus: true },
  ];
  for (const c of inputs) {
    it.skipIf(c.corpus && !corpusPresent)(`${c.name}: identical to the sequential load`, async () => {
      const { load, plan } = await distLoader();
      const sources: InputSource[] = [{ kind: 'file', path: join(dir, '00-pods.yaml') }, { kind: 'file', path: join(dir, '01-jobs.yaml') }];
      expect(await plan(sources, PARALLEL)).toBeDefined();
      const parallel = await load(c.inputs(), { ...c.options, parallel: c.parallel ?? PARALLEL });
      const alone = await load(c.inputs(), { ...c.options, parallel: SEQUENTIAL });
      expect(parallel.documentCount).toBeGreaterThan(0);
      expect(parallel).toStrictEqual(alone);
    });
  }
});

describe('what one worker answers when it scans Lists', () => {
  it('a file that is one JSON List: its text and scan, nothing converted', async () => {
    const answer = await scanOrLoadFilePart(join(dir, '05-dump.json'), 'default');
    expect('scanned' in answer && answer.scanned.scan.items.spans.length).toBe(2 * 3);
  });

  it('a List whose item is not strict JSON is still scanned: the main thread finds it at the item', async () => {
    expect('scanned' in (await scanOrLoadFilePart(join(dir, '09-dump-lenient.json'), 'default'))).toBe(true);
  });

  for (const name of ['00-pods.yaml', '06-invalid.json', '07-empty.yaml', 'no-such-file.json']) {
    it(`${name}: converted whole, as loadFilePart does`, async () => {
      expect(await scanOrLoadFilePart(join(dir, name), 'team')).toStrictEqual({ part: await loadFilePart(join(dir, name), 'team') });
    });
  }
});

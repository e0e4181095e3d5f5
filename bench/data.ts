/**
 * Generated clusters on disk: `bench/.data/<size>/json/*.json` (one compact `v1 List` per file, as the
 * API server returns it) and `yaml/*.yaml` (multi-document streams, as manifests live in git),
 * with a stamp naming generator version, seed and counts. A size whose stamp matches is reused.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { GENERATOR_VERSION, generateCluster, type GeneratedCounts, type RawObject, type Shape } from './generate.js';
import { DATA } from './paths.js';

export type Format = 'json' | 'yaml';

export interface Dataset {
  id: string;
  dir: string;
  pods: number;
  counts: GeneratedCounts;
  shape: Shape;
  /** Bytes per format. */
  bytes: Partial<Record<Format, number>>;
}

interface Stamp extends Omit<Dataset, 'dir'> {
  version: number;
  seed: number;
}

export function formatDir(dataset: Dataset, format: Format): string {
  return join(dataset.dir, format);
}

/** The dataset of `pods` pods in `formats`, generated unless a matching one is on disk. */
export function ensureDataset(id: string, pods: number, seed: number, formats: readonly Format[], log: (line: string) => void): Dataset {
  const dir = join(DATA, id);
  const stampFile = join(dir, 'stamp.json');
  const stamp = existsSync(stampFile) ? (JSON.parse(readFileSync(stampFile, 'utf8')) as Stamp) : undefined;
  const fresh = stamp && stamp.version === GENERATOR_VERSION && stamp.seed === seed && stamp.pods === pods;
  if (fresh && formats.every((f) => stamp.bytes[f] !== undefined && existsSync(join(dir, f)))) {
    return { id, dir, pods, counts: stamp.counts, shape: stamp.shape, bytes: stamp.bytes };
  }
  log(`generating ${id} (${pods.toLocaleString('en-US')} pods) as ${formats.join(' and ')}…`);
  rmSync(dir, { recursive: true, force: true });
  for (const format of formats) mkdirSync(join(dir, format), { recursive: true });
  const started = Date.now();
  const result = generateCluster(pods, seed, (file) => {
    for (const format of formats) writeFileSync(join(dir, format, `${file.name}.${format}`), format === 'json' ? toJson(file.objects) : toYaml(file.objects));
  });
  const { shape, ...counts } = result;
  const bytes: Dataset['bytes'] = {};
  for (const format of formats) bytes[format] = folderBytes(join(dir, format));
  const written: Stamp = { version: GENERATOR_VERSION, seed, id, pods, counts, shape, bytes };
  writeFileSync(stampFile, `${JSON.stringify(written, null, 2)}\n`);
  log(`  ${id}: ${formats.map((f) => `${f} ${mb(bytes[f] ?? 0)}`).join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { id, dir, pods, counts, shape, bytes };
}

/**
 * A List as the API server returns it (compact). `kubectl get -o json` indents by four spaces, which
 * triples the bytes of a pod dump without adding anything to read; the report gives MB/s so either
 * can be estimated.
 */
function toJson(objects: RawObject[]): string {
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: objects })}\n`;
}

/** Block YAML as kubectl and most tools write it: no anchors, no folded lines. */
function toYaml(objects: RawObject[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}

function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Where the benchmark reads and writes. The compiled benchmark runs from
 * `node_modules/.cache/kreach-bench/`, so paths are anchored at the repository root, found as the
 * nearest folder above this file holding kreach's package.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'kreach') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('bench: cannot find the kreach repository above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

export const ROOT = findRoot();
/** Generated clusters, zones, query files, profiles (git-ignored). */
export const DATA = join(ROOT, 'bench', '.data');
export const RESULTS = join(ROOT, 'bench', 'results');
/**
 * The compiled benchmark and the compiled sources it measures: the build this file runs from
 * (`<build>/bench/paths.js`), so a build made with another `--outDir` measures its own sources.
 */
export const BUILD = dirname(dirname(fileURLToPath(import.meta.url)));
/** The `kreach` command line, compiled with the benchmark. */
export const KREACH_CLI = join(BUILD, 'src', 'cli', 'main.js');
/** This benchmark's child entry point. */
export const CHILD = join(BUILD, 'bench', 'child.js');

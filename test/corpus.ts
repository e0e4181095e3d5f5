/**
 * Where the shared corpus of real-world manifests lives (`../shared/corpus`, beside the checkout)
 * and its sources, one folder per public project. The corpus tests skip when it is absent (a
 * checkout on its own), and say so.
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CORPUS = resolve(REPO_ROOT, '../shared/corpus');
export const corpusPresent = existsSync(CORPUS);

/** The corpus's source folders, sorted by name; none when the corpus is absent. */
export const corpusSources: string[] = corpusPresent
  ? readdirSync(CORPUS, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()
  : [];

/**
 * The loader over the shared corpus of real-world manifests (../shared/corpus, see its SOURCES.md):
 * nothing throws, no converter fails, and every object read is accounted for, either converted or
 * skipped with a reason. One test per upstream source, so a failure names the repository.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { convertedCount, loadManifests } from '../src/source/load.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = resolve(REPO_ROOT, '../shared/corpus');
const present = existsSync(CORPUS);
const sources = present
  ? readdirSync(CORPUS, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()
  : [];

/** Codes that mean kreach (not the input) is at fault, or that the input could not be read at all. */
const NEVER = ['internal-error', 'yaml-syntax', 'yaml-too-deep', 'yaml-alias-limit', 'document-too-large', 'input-not-found'];

describe.skipIf(!present)(`corpus (${CORPUS})`, () => {
  it('has sources', () => {
    expect(sources.length).toBeGreaterThan(0);
  });

  for (const source of sources) {
    it(`${source}: every object is converted or skipped with a reason`, async () => {
      const m = await loadManifests([join(CORPUS, source)], { recursive: true });
      const bad = m.findings
        .filter((f) => NEVER.includes(f.code))
        .map((f) => `${f.source?.file ?? ''}:${f.source?.line ?? ''}: ${f.code}: ${f.message}`);
      expect(bad).toEqual([]);
      expect(m.documentCount).toBeGreaterThan(0);
      expect(convertedCount(m) + m.skipped.length).toBe(m.documentCount);
      expect(m.skipped.filter((s) => s.reason.trim() === '')).toEqual([]);
    });
  }
});

if (!present) {
  describe('corpus', () => {
    it.skip(`skipped: corpus folder not found at ${CORPUS}`, () => {});
  });
}

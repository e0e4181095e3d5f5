/**
 * Live objects → the Manifests bundle, through the very converters `-f` uses (`convertObject`), so a
 * cluster read live and the same objects read from a file become the same lean objects. Findings
 * about a live object point at `<cluster CONTEXT>` instead of a file position, and name the object.
 */
import { emptyManifests, type Manifests, type SourceRef } from '../model/index.js';
import { convertObject, newConvertState, type ConvertState } from '../source/convert.js';
import type { ManifestObject } from '../source/documents.js';
import type { RawObject } from '../source/raw.js';

/** The `file` of a live object's SourceRef; `<` marks it as no file on disk (formatters skip it). */
export function liveSourceFile(context: string): string {
  return `<cluster ${context}>`;
}

/** Every object converted, in the order given. */
export function manifestsFromObjects(objects: readonly RawObject[], file: string): Manifests {
  const m = emptyManifests();
  const state = newConvertState();
  objects.forEach((obj, i) => addObject(m, obj, file, i, state));
  return m;
}

/** One object converted on its own (a watch event): a bundle holding just its lean form. */
export function convertOne(obj: RawObject, file: string): Manifests {
  const m = emptyManifests();
  addObject(m, obj, file, 0, newConvertState());
  return m;
}

function addObject(m: Manifests, obj: RawObject, file: string, docIndex: number, state: ConvertState): void {
  const source: SourceRef = { file, docIndex, line: 1, col: 1 };
  const object: ManifestObject = { obj, source, at: () => source };
  m.documentCount++;
  convertObject(object, m, state);
}

/**
 * Field positions for lint findings. The lean model keeps only where each object starts, so the
 * line of `spec.ports[1].targetPort` is found by reading the object's file again with the loader's
 * own document reader (which keeps positions), once per file, and walking the path there. Input
 * that cannot be read again (standard input, simulated objects, a file changed since) falls back to
 * the object's own position.
 */
import { readFileSync } from 'node:fs';
import type { SourceRef } from '../model/index.js';
import type { ManifestObject } from '../source/documents.js';
import { readObjects } from '../source/documents.js';
import type { FieldPath } from './types.js';

export class PositionResolver {
  /** file → its objects keyed `docIndex:line:col`, or null when it cannot be read. */
  private readonly files = new Map<string, Map<string, ManifestObject> | null>();

  /** The position of `path` inside the object that starts at `object`; `object` when unknown. */
  locate(object: SourceRef, path: FieldPath | undefined): SourceRef {
    if (!path || path.length === 0) return object;
    const found = this.objectsOf(object.file)?.get(keyOf(object));
    return found ? found.at(path) : object;
  }

  private objectsOf(file: string): Map<string, ManifestObject> | null {
    const cached = this.files.get(file);
    if (cached !== undefined) return cached;
    let objects: Map<string, ManifestObject> | null = null;
    if (!file.startsWith('<')) {
      try {
        const text = readFileSync(file, 'utf8');
        objects = new Map();
        for (const entry of readObjects(text, file, () => {})) {
          if ('object' in entry) objects.set(keyOf(entry.object.source), entry.object);
        }
      } catch {
        objects = null;
      }
    }
    this.files.set(file, objects);
    return objects;
  }
}

function keyOf(ref: SourceRef): string {
  return `${ref.docIndex}:${ref.line}:${ref.col}`;
}


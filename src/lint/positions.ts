/**
 * Field positions for lint findings. The lean model keeps only where each object starts, so the
 * line of `spec.ports[1].targetPort` is found by reading the object's file again and walking the
 * path there. All findings are placed in one batch, file by file: each file is read once and let go
 * before the next, so a run over a large input never holds the input's text or syntax all at once.
 *
 * Where the object is JSON (its start is a `{`), only the object itself is parsed, with the loader's
 * JSON fast path (`parseStrictJson`), which gives the same positions as a parse of the whole file:
 * offsets are into the file's text either way. Everything else (YAML, an object that does not parse
 * alone, one whose name is not the subject's) goes through the loader's document reader over the
 * whole file. Input that cannot be read again (standard input, simulated objects, a file changed
 * since) falls back to the object's own position.
 */
import { readFileSync } from 'node:fs';
import type { SourceRef } from '../model/index.js';
import type { ManifestObject } from '../source/documents.js';
import { readObjects } from '../source/documents.js';
import { jsonDocument, LineIndex, parseStrictJson, skipValue } from '../source/json-document.js';
import { objectAt, stringAt } from '../source/raw.js';
import type { FieldPath } from './types.js';

/** One position to find: the field `path` of the object that starts at `object`. */
export interface PositionRequest {
  object: SourceRef;
  path: FieldPath | undefined;
  /** The object's `metadata.name`, to tell it from another object now at that place. */
  name: string;
}

/**
 * The position of each request's field, in request order; the object's own position where the
 * path is empty or cannot be followed.
 */
export function locateAll(requests: readonly PositionRequest[]): SourceRef[] {
  const out = requests.map((r) => r.object);
  const byFile = new Map<string, number[]>();
  requests.forEach((r, i) => {
    if (!r.path || r.path.length === 0 || r.object.file.startsWith('<')) return;
    const list = byFile.get(r.object.file);
    if (list) list.push(i);
    else byFile.set(r.object.file, [i]);
  });
  for (const [file, indexes] of byFile) {
    const text = readText(file);
    if (text === undefined) continue;
    const json = new JsonObjects(file, text);
    const rest: number[] = [];
    for (const i of indexes) {
      const request = requests[i] as PositionRequest;
      const found = json.locate(request);
      if (found) out[i] = found;
      else rest.push(i);
    }
    if (rest.length === 0) continue;
    const objects = objectsOf(file, text, new Set(rest.map((i) => keyOf((requests[i] as PositionRequest).object))));
    for (const i of rest) {
      const request = requests[i] as PositionRequest;
      const found = objects?.get(keyOf(request.object));
      if (found && request.path) out[i] = found.at(request.path);
    }
  }
  return out;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Objects of one file read alone, where they are JSON. */
class JsonObjects {
  private readonly lines: LineIndex;

  constructor(
    private readonly file: string,
    private readonly text: string,
  ) {
    this.lines = new LineIndex(text);
  }

  /** The field's position, or undefined when the object cannot be read alone as JSON. */
  locate({ object, path, name }: PositionRequest): SourceRef | undefined {
    const start = this.lines.offsetOf(object.line, object.col);
    if (start === undefined || !path || this.text.charCodeAt(start) !== OPEN_OBJECT) return undefined;
    const parsed = parseStrictJson(this.text, start, skipValue(this.text, start));
    if (!parsed || stringAt(objectAt(parsed.value, 'metadata'), 'name') !== name) return undefined;
    return jsonDocument(parsed, { file: this.file, docIndex: object.docIndex, lines: this.lines }).at(path);
  }
}

const OPEN_OBJECT = 0x7b;

/** The objects of `text` whose keys are `wanted`; null when it cannot be read. */
function objectsOf(file: string, text: string, wanted: ReadonlySet<string>): Map<string, ManifestObject> | null {
  try {
    const objects = new Map<string, ManifestObject>();
    for (const entry of readObjects(text, file, () => {})) {
      if (!('object' in entry)) continue;
      const key = keyOf(entry.object.source);
      if (wanted.has(key)) objects.set(key, entry.object);
    }
    return objects;
  } catch {
    return null;
  }
}

function keyOf(ref: SourceRef): string {
  return `${ref.docIndex}:${ref.line}:${ref.col}`;
}

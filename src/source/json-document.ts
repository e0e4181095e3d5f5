/**
 * The fast path for JSON input: a strict JSON value is read with `JSON.parse` (native) instead of
 * the YAML composer (about 1 MB/s), and its positions come from a scanner that records where the
 * children of a container start and end. One pass over the text, made right after the parse, records
 * the top two levels (a List and its items) and counts the keys; deeper containers are scanned only
 * when a position inside them is asked for (a finding). A dump of 150,000 pods costs one parse and
 * one pass, not a syntax tree of the whole file.
 *
 * The fast path answers as the YAML path does for the same text: the same values (JSON is YAML 1.2,
 * and for strict JSON the core schema resolves as `JSON.parse` does), the same positions (the first
 * character of the node: a quote, a bracket, a digit). Sizes are the node's own text, where yaml's
 * ranges also count some whitespace after it. It only takes text it can answer for: anything
 * `JSON.parse` rejects, and any value with a duplicate key (which the YAML path reports as a
 * warning), go the YAML way.
 */
import type { SourceRef } from '../model/index.js';
import type { FieldPath } from './context.js';
import type { NodeShape, ValueResult, YamlDocument } from './yaml.js';

/** Line starts of one text, computed once on the first position asked. */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  /** 1-based line and column (in UTF-16 units, as yaml's LineCounter) of `offset`. */
  linePos(offset: number): { line: number; col: number } {
    const line = this.lineOf(offset);
    return { line: line + 1, col: offset - (this.starts?.[line] ?? 0) + 1 };
  }

  /** The position of `offset` in `file` (one object: this runs for every object read). */
  sourceRef(file: string, docIndex: number, offset: number): SourceRef {
    const line = this.lineOf(offset);
    return { file, docIndex, line: line + 1, col: offset - (this.starts?.[line] ?? 0) + 1 };
  }

  /** The offset of 1-based `line` and `col`; undefined past the last line. */
  offsetOf(line: number, col: number): number | undefined {
    const start = (this.starts ??= lineStarts(this.text))[line - 1];
    return start === undefined ? undefined : start + col - 1;
  }

  /** 0-based line of `offset`. */
  private lineOf(offset: number): number {
    const starts = (this.starts ??= lineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** A strict JSON value and the positions of its text. */
export interface StrictJson {
  value: unknown;
  positions: JsonPositions;
}

/**
 * `text[start, end)` read by the fast path, or undefined when the YAML path must read it: not
 * strict JSON, or a duplicate key. Outside strings every colon ends a key, so the pass that records
 * positions counts the keys written; the parsed value holds fewer when a key was repeated.
 */
export function parseStrictJson(text: string, start = 0, end = text.length): StrictJson | undefined {
  let value: unknown;
  let keys: number;
  try {
    value = JSON.parse(start === 0 && end === text.length ? text : text.slice(start, end));
    keys = countKeys(value);
  } catch {
    return undefined; // not strict JSON, or nested too deep to walk (the YAML path reports it)
  }
  const positions = new JsonPositions(text, firstNonSpace(text, start), lastNonSpace(text, end));
  return positions.keysWritten() === keys ? { value, positions } : undefined;
}

/** Keys of every object in `value`. */
export function countKeys(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object' && item !== null) n += countKeys(item);
    return n;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    n++;
    const v = record[key];
    if (typeof v === 'object' && v !== null) n += countKeys(v);
  }
  return n;
}

export interface JsonSlice {
  file: string;
  docIndex: number;
  lines: LineIndex;
}

/** A strict JSON value as a YamlDocument. */
export function jsonDocument({ value, positions }: StrictJson, slice: JsonSlice): YamlDocument {
  const ref = (offset: number): SourceRef => slice.lines.sourceRef(slice.file, slice.docIndex, offset);
  return {
    docIndex: slice.docIndex,
    source: ref(positions.root),
    failed: false,
    at: (path) => ref(positions.find(path).start),
    shapeAt: (path) => shapeOfValue(valueAtPath(value, path)),
    lengthAt: (path) => {
      const found = valueAtPath(value, path);
      return found.found && Array.isArray(found.value) ? found.value.length : 0;
    },
    bytesAt: (path) => positions.bytesAt(path),
    valueAt: (path): ValueResult => {
      const found = valueAtPath(value, path);
      return { ok: true, value: found.found ? found.value : undefined };
    },
  };
}

/** Walk `path` through objects (string parts) and arrays (number parts), as nodeAt does in yaml.ts. */
export function valueAtPath(value: unknown, path: FieldPath): { value: unknown; found: boolean } {
  let here = value;
  for (const part of path) {
    if (typeof part === 'string' && isRecord(here) && Object.hasOwn(here, part)) here = here[part];
    else if (typeof part === 'number' && Array.isArray(here) && part >= 0 && part < here.length) here = here[part] as unknown;
    else return { value: here, found: false };
  }
  return { value: here, found: true };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The shape of what valueAtPath found, as yaml.ts names shapes. */
export function shapeOfValue({ value, found }: { value: unknown; found: boolean }): NodeShape {
  if (!found) return 'absent';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'seq';
  return typeof value === 'object' ? 'map' : 'scalar';
}

/** Where the direct children of one container start and end. */
interface Children {
  keys?: Map<string, [number, number]>;
  items?: Array<[number, number]>;
}

/** The characters JSON's structure is made of (json-list.ts scans with them too). */
export const QUOTE = 0x22;
export const COLON = 0x3a;
export const COMMA = 0x2c;
export const OPEN_OBJECT = 0x7b;
export const CLOSE_OBJECT = 0x7d;
export const OPEN_ARRAY = 0x5b;
export const CLOSE_ARRAY = 0x5d;
const BACKSLASH = 0x5c;

/** Levels recorded by the first pass: the root's children, and theirs (a List's items). */
const EAGER_LEVELS = 2;

/**
 * Offsets in a text known to be strict JSON. Strings are skipped with indexOf, so a scan is linear
 * in the bytes it covers, and each container is scanned at most once.
 */
export class JsonPositions {
  private readonly children = new Map<number, Children>();
  /** Colons outside strings seen by the first pass: the keys the text writes. */
  private readonly written = { keys: 0 };
  private readonly rootEnd: number;

  constructor(
    private readonly text: string,
    readonly root: number,
    end: number,
  ) {
    const c = text.charCodeAt(root);
    this.rootEnd = c === OPEN_OBJECT || c === OPEN_ARRAY ? this.scan(root, EAGER_LEVELS, true) : end;
  }

  keysWritten(): number {
    return this.written.keys;
  }

  /**
   * The node at `path`: where it starts and ends; or the nearest existing ancestor, with `found`
   * false.
   */
  find(path: FieldPath): { start: number; end: number; found: boolean } {
    let start = this.root;
    let end = this.rootEnd;
    for (const part of path) {
      const c = this.text.charCodeAt(start);
      const kids = c === OPEN_OBJECT || c === OPEN_ARRAY ? this.childrenOf(start) : undefined;
      const next = typeof part === 'string' ? kids?.keys?.get(part) : kids?.items?.[part];
      if (!next) return { start, end, found: false };
      [start, end] = next;
    }
    return { start, end, found: true };
  }

  bytesAt(path: FieldPath): number {
    const node = this.find(path);
    return node.found ? Buffer.byteLength(this.text.slice(node.start, node.end), 'utf8') : 0;
  }

  private childrenOf(start: number): Children {
    if (!this.children.has(start)) this.scan(start, 1, false);
    return this.children.get(start) as Children;
  }

  /**
   * Scan the container at `start`, recording its children and, `levels` deep, theirs; returns its
   * end. `count` adds the colons outside strings to the key count (the first pass only).
   */
  private scan(start: number, levels: number, count: boolean): number {
    const text = this.text;
    const isObject = text.charCodeAt(start) === OPEN_OBJECT;
    const close = isObject ? CLOSE_OBJECT : CLOSE_ARRAY;
    const keys = isObject ? new Map<string, [number, number]>() : undefined;
    const items: Array<[number, number]> | undefined = isObject ? undefined : [];
    let i = firstNonSpace(text, start + 1);
    while (text.charCodeAt(i) !== close) {
      let key = '';
      if (keys) {
        const keyEnd = skipString(text, i);
        const raw = text.slice(i + 1, keyEnd - 1);
        key = raw.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : raw;
        if (count) this.written.keys++;
        i = firstNonSpace(text, firstNonSpace(text, keyEnd) + 1); // past the colon
      }
      const c = text.charCodeAt(i);
      const nested = c === OPEN_OBJECT || c === OPEN_ARRAY;
      let end: number;
      if (nested && levels > 1) end = this.scan(i, levels - 1, count);
      else if (nested && count) end = skipCountingKeys(text, i, this.written);
      else end = skipValue(text, i);
      if (keys) keys.set(key, [i, end]);
      else items?.push([i, end]);
      i = firstNonSpace(text, end);
      if (text.charCodeAt(i) === COMMA) i = firstNonSpace(text, i + 1);
    }
    this.children.set(start, keys ? { keys } : { items: items ?? [] });
    return i + 1;
  }
}

/**
 * skipValue that also adds the colons outside strings of a container (the keys it writes, in strict
 * JSON) to `counter.keys`; a scalar writes none.
 */
export function skipCountingKeys(text: string, start: number, counter: { keys: number }): number {
  const c = text.charCodeAt(start);
  if (c !== OPEN_OBJECT && c !== OPEN_ARRAY) return skipValue(text, start);
  let depth = 0;
  let keys = 0;
  for (let i = start; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d === QUOTE) i = skipString(text, i) - 1;
    else if (d === COLON) keys++;
    else if (d === OPEN_OBJECT || d === OPEN_ARRAY) depth++;
    else if ((d === CLOSE_OBJECT || d === CLOSE_ARRAY) && --depth === 0) {
      counter.keys += keys;
      return i + 1;
    }
  }
  counter.keys += keys;
  return text.length;
}

export function firstNonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The end of the text before `end` without trailing whitespace. */
function lastNonSpace(text: string, end: number): number {
  let i = end;
  while (i > 0 && isSpace(text.charCodeAt(i - 1))) i--;
  return i;
}

/** JSON's whitespace (RFC 8259 §2). */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The end of the string whose opening quote is at `start`. */
export function skipString(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** The end (exclusive) of the JSON value starting at `start`, strings skipped; text.length if it never ends. */
export function skipValue(text: string, start: number): number {
  const c = text.charCodeAt(start);
  if (c === QUOTE) return skipString(text, start);
  if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
    let depth = 0;
    for (let i = start; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d === QUOTE) i = skipString(text, i) - 1;
      else if (d === OPEN_OBJECT || d === OPEN_ARRAY) depth++;
      else if ((d === CLOSE_OBJECT || d === CLOSE_ARRAY) && --depth === 0) return i + 1;
    }
    return text.length;
  }
  // A number, true, false or null: up to the next delimiter.
  let i = start;
  while (i < text.length) {
    const d = text.charCodeAt(i);
    if (d === COMMA || d === CLOSE_OBJECT || d === CLOSE_ARRAY || isSpace(d)) break;
    i++;
  }
  return i;
}

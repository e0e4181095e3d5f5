/**
 * A JSON List read one item at a time. `kubectl get -o json` dumps are one List of thousands of
 * objects; parsed whole, every item's tree is alive until the last is converted, so the garbage
 * collector copies all of it out of the young generation before it dies. Here a first pass finds
 * where each item starts and ends, and an item is parsed only when the reader reaches it, so its
 * tree dies young once converted (a 97 MB dump: 20% less time, 30% less peak memory).
 *
 * The answers are the whole-text fast path's (json-document.ts), with one difference: an item that
 * is not strict JSON, or repeats a key, is only found when it is reached, after the items before it
 * were read. Reading it then throws NotStrictJson, and the caller that converted those items must
 * drop them and read the text again without this path (file-part.ts does), so the YAML path reports
 * the problem exactly as it does for whole text. Anything wrong outside the items is found up front:
 * then this path declines and nothing has been read.
 */
import type { SourceRef } from '../model/index.js';
import type { FieldPath } from './context.js';
import {
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  COLON,
  COMMA,
  countKeys,
  firstNonSpace,
  JsonPositions,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE,
  skipCountingKeys,
  skipString,
  shapeOfValue,
  valueAtPath,
  type JsonSlice,
} from './json-document.js';
import type { NodeShape, ValueResult, YamlDocument } from './yaml.js';

/** An item of a lazily read List is not strict JSON (or repeats a key): read the text again. */
export class NotStrictJson extends Error {
  constructor(readonly offset: number) {
    super(`not strict JSON at offset ${offset}; read again without the lazy List path`);
  }
}

/** Where a List's items are: the array's brackets, and each item's start, end and keys written. */
interface ItemSpans {
  open: number;
  close: number;
  /** start, end, keys written: three numbers an item. */
  spans: number[];
}

/**
 * What the first pass finds in `text[start, end)`: plain numbers, so another thread can make it
 * (parallel-load.ts) and the thread that converts the same text skip the pass.
 */
export interface ListScan {
  start: number;
  end: number;
  root: number;
  rootEnd: number;
  items: ItemSpans;
  keysOutsideItems: number;
}

/**
 * `text[start, end)` as a List document read item by item, or undefined when it is not a JSON
 * object whose `kind` ends in `List` with an `items` array, or when anything outside the items is
 * not strict JSON or repeats a key (the other paths read and report it). `ahead` is this range's
 * scan when one was made already (scanJsonList on the same text).
 */
export function lazyJsonList(text: string, start: number, end: number, slice: JsonSlice, ahead?: ListScan): YamlDocument | undefined {
  const scan = ahead?.start === start && ahead.end === end ? ahead : scanJsonList(text, start, end);
  const skeleton = scan && skeletonOf(text, scan);
  return skeleton ? new LazyListDocument(text, scan, skeleton, slice) : undefined;
}

/** The first pass over `text[start, end)`: undefined when the text is not an object read this way. */
export function scanJsonList(text: string, start: number, end: number): ListScan | undefined {
  const root = firstNonSpace(text, start);
  if (text.charCodeAt(root) !== OPEN_OBJECT) return undefined;
  const scanned = scanRoot(text, root, end);
  return scanned && { start, end, root, ...scanned };
}

/**
 * The root with an empty items array, which checks that the text outside the items is strict JSON
 * that repeats no key and names a List kind; undefined otherwise.
 */
export function skeletonOf(text: string, scan: ListScan): Record<string, unknown> | undefined {
  let skeleton: Record<string, unknown>;
  try {
    skeleton = JSON.parse(text.slice(scan.root, scan.items.open + 1) + text.slice(scan.items.close - 1, scan.rootEnd)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (countKeys(skeleton) !== scan.keysOutsideItems || typeof skeleton.kind !== 'string' || !skeleton.kind.endsWith('List')) return undefined;
  return skeleton;
}

/**
 * The members of the root object, with strict separators, up to `end`: where its `items` array's
 * items are, and the keys written outside them. Undefined for anything else.
 */
function scanRoot(text: string, root: number, end: number): { items: ItemSpans; rootEnd: number; keysOutsideItems: number } | undefined {
  const keys = new Set<string>();
  const counter = { keys: 0 };
  let items: ItemSpans | undefined;
  let i = firstNonSpace(text, root + 1);
  if (text.charCodeAt(i) === CLOSE_OBJECT) return undefined;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return undefined;
    const keyEnd = skipString(text, i);
    if (keyEnd > end) return undefined;
    const key = readKey(text, i, keyEnd);
    if (key === undefined || keys.has(key)) return undefined;
    keys.add(key);
    counter.keys++;
    i = firstNonSpace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) return undefined;
    i = firstNonSpace(text, i + 1);
    let valueEnd: number;
    if (key === 'items' && text.charCodeAt(i) === OPEN_ARRAY) {
      items = scanItems(text, i, end);
      if (!items) return undefined;
      valueEnd = items.close;
    } else {
      valueEnd = skipCountingKeys(text, i, counter);
      if (valueEnd <= i || valueEnd > end) return undefined;
    }
    i = firstNonSpace(text, valueEnd);
    const c = text.charCodeAt(i);
    if (c === COMMA) i = firstNonSpace(text, i + 1);
    else if (c === CLOSE_OBJECT) break;
    else return undefined;
  }
  const rootEnd = i + 1;
  if (!items || firstNonSpace(text, rootEnd) < end) return undefined;
  return { items, rootEnd, keysOutsideItems: counter.keys };
}

/** The key whose quoted text is `text[start, end)`, escapes decoded; undefined if it is not a string. */
function readKey(text: string, start: number, end: number): string | undefined {
  const raw = text.slice(start + 1, end - 1);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(text.slice(start, end)) as string;
  } catch {
    return undefined;
  }
}

/** The items of the array at `open`, separated strictly by commas; undefined if anything else is met. */
function scanItems(text: string, open: number, end: number): ItemSpans | undefined {
  const spans: number[] = [];
  let i = firstNonSpace(text, open + 1);
  if (text.charCodeAt(i) === CLOSE_ARRAY) return { open, close: i + 1, spans };
  for (;;) {
    const counter = { keys: 0 };
    const itemEnd = skipCountingKeys(text, i, counter);
    if (itemEnd <= i || itemEnd > end) return undefined;
    spans.push(i, itemEnd, counter.keys);
    i = firstNonSpace(text, itemEnd);
    const next = text.charCodeAt(i);
    if (next === CLOSE_ARRAY) return { open, close: i + 1, spans };
    if (next !== COMMA) return undefined;
    i = firstNonSpace(text, i + 1);
  }
}

/** A List whose items are parsed when first asked for, the last one kept. */
class LazyListDocument implements YamlDocument {
  readonly failed = false;
  readonly docIndex: number;
  readonly source: SourceRef;
  private readonly count: number;
  private parsedIndex = -1;
  private parsed: unknown;
  /** Positions inside the item last asked for, scanned on request (a finding). */
  private itemPositions: { index: number; positions: JsonPositions } | undefined;
  /** Positions of the root, outside the items: rarely asked for, so scanned on request. */
  private rootPositions: JsonPositions | undefined;

  private readonly root: number;
  private readonly rootEnd: number;
  private readonly items: ItemSpans;

  constructor(
    private readonly text: string,
    scan: ListScan,
    private readonly skeleton: Record<string, unknown>,
    private readonly slice: JsonSlice,
  ) {
    ({ root: this.root, rootEnd: this.rootEnd, items: this.items } = scan);
    this.docIndex = slice.docIndex;
    this.count = this.items.spans.length / 3;
    this.source = this.ref(this.root);
  }

  at(path: FieldPath): SourceRef {
    return this.ref(this.offsetOf(path));
  }

  shapeAt(path: FieldPath): NodeShape {
    // Known without parsing a single item.
    if (path.length === 0) return 'map';
    if (isItemsPath(path)) return 'seq';
    return shapeOfValue(this.lookup(path));
  }

  lengthAt(path: FieldPath): number {
    if (isItemsPath(path)) return this.count;
    const found = this.lookup(path);
    return found.found && Array.isArray(found.value) ? found.value.length : 0;
  }

  bytesAt(path: FieldPath): number {
    const index = this.itemIndex(path);
    if (index !== undefined && path.length === 2) {
      const spans = this.items.spans;
      return Buffer.byteLength(this.text.slice(spans[index * 3], spans[index * 3 + 1]), 'utf8');
    }
    if (index !== undefined) return this.positionsIn(index).bytesAt(path.slice(2));
    return this.rootPositionsOf().bytesAt(path);
  }

  valueAt(path: FieldPath): ValueResult {
    const found = this.lookup(path);
    return { ok: true, value: found.found ? found.value : undefined };
  }

  private lookup(path: FieldPath): { value: unknown; found: boolean } {
    const index = this.itemIndex(path);
    if (index !== undefined) return valueAtPath(this.item(index), path.slice(2));
    if (path.length === 0) return { value: { ...this.skeleton, items: this.allItems() }, found: true };
    if (isItemsPath(path)) return { value: this.allItems(), found: true };
    return valueAtPath(this.skeleton, path);
  }

  /** The index of the item `path` goes through, if it does. */
  private itemIndex(path: FieldPath): number | undefined {
    const index = path[1];
    return path[0] === 'items' && typeof index === 'number' && index >= 0 && index < this.count ? index : undefined;
  }

  /** Every item at once: only for a caller that asks for the whole List (the loader never does). */
  private allItems(): unknown[] {
    return Array.from({ length: this.count }, (_, i) => this.item(i));
  }

  private item(index: number): unknown {
    if (index === this.parsedIndex) return this.parsed;
    const spans = this.items.spans;
    const start = spans[index * 3] as number;
    let value: unknown;
    try {
      value = JSON.parse(this.text.slice(start, spans[index * 3 + 1]));
    } catch {
      throw new NotStrictJson(start);
    }
    if (countKeys(value) !== spans[index * 3 + 2]) throw new NotStrictJson(start);
    this.parsedIndex = index;
    this.parsed = value;
    return value;
  }

  private offsetOf(path: FieldPath): number {
    const index = this.itemIndex(path);
    if (index !== undefined) {
      const start = this.items.spans[index * 3] as number;
      return path.length === 2 ? start : this.positionsIn(index).find(path.slice(2)).start;
    }
    // The items array itself, or an item it does not have (the nearest node that exists).
    if (path[0] === 'items') return this.items.open;
    return this.rootPositionsOf().find(path).start;
  }

  private positionsIn(index: number): JsonPositions {
    if (this.itemPositions?.index !== index) {
      const spans = this.items.spans;
      this.itemPositions = { index, positions: new JsonPositions(this.text, spans[index * 3] as number, spans[index * 3 + 1] as number) };
    }
    return this.itemPositions.positions;
  }

  private rootPositionsOf(): JsonPositions {
    return (this.rootPositions ??= new JsonPositions(this.text, this.root, this.rootEnd));
  }

  private ref(offset: number): SourceRef {
    return this.slice.lines.sourceRef(this.slice.file, this.slice.docIndex, offset);
  }
}

function isItemsPath(path: FieldPath): boolean {
  return path.length === 1 && path[0] === 'items';
}

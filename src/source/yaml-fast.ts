/**
 * The fast path for YAML input: a reader for the block YAML that kubectl, generators and most
 * hand-written manifests use (block mappings and sequences, one-line plain and quoted scalars,
 * comments, `---` between documents, `[]` and `{}`), about twenty times faster than the yaml
 * package's composer. It gives the same values (plain scalars are resolved by the very tags of the
 * YAML 1.1 schema yaml.ts configures) and the same positions (a mapping starts at its first key, a
 * sequence at its first `-`, a scalar at its first character, an empty value right after its
 * indicator), and reports nothing. A document that uses anything else — anchors, tags, block
 * scalars, flow collections with content, multi-line scalars, duplicate or merge keys, anything the
 * yaml package would warn about or reject — is left to the yaml package, and so is a whole file
 * with tabs, CR, directives or `...`.
 */
import { Document, isScalar } from 'yaml';
import type { DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';
import type { SourceRef } from '../model/index.js';
import type { FieldPath } from './context.js';
import { shapeOfValue, valueAtPath, type LineIndex } from './json-document.js';
import type { ValueResult, YamlDocument } from './yaml.js';

/** Thrown inside the reader when the text leaves the subset; caught at the file level. */
class Unsupported extends Error {}

/** Characters the fast path never reads: tabs, CR, other controls, NEL, line separators, BOM. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ODD_CHARACTERS = /[\t\r\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\ufeff]/;

/** Where a node lies, with its children (positions mode only). */
interface PosNode {
  start: number;
  end: number;
  keys?: Map<string, PosNode>;
  items?: PosNode[];
}

/** A plain-scalar resolver: the default tags of the schema that `options` configure, in order. */
export type PlainResolver = (text: string) => unknown;

export function plainResolver(options: ParseOptions & DocumentOptions & SchemaOptions): PlainResolver {
  const doc = new Document(null, options);
  type ScalarResolve = (value: string, onError: (message: string) => void, options: unknown) => unknown;
  const tags = doc.schema.tags
    .filter((t) => t.default === true && t.test !== undefined && !t.collection)
    .map((t) => ({ test: t.test as RegExp, resolve: t.resolve as ScalarResolve | undefined }));
  const resolveOptions = doc.options;
  // Every such tag of the YAML 1.1 schema matches only text starting with one of these (or empty);
  // json-document.test.ts checks the tag list this relies on.
  const starters = new Set([...'~+-.0123456789nNyYtTfFoO'].map((c) => c.charCodeAt(0)));
  // Of those tags, text starting with a letter can only match a null or boolean word, five
  // characters at most (`False`): longer words (`namespace`, `targetPort`) are strings.
  const letters = new Set([...'nNyYtTfFoO'].map((c) => c.charCodeAt(0)));
  const known = new Map<string, unknown>();
  return (text) => {
    const first = text.charCodeAt(0);
    if (text.length > 0 && !starters.has(first)) return text;
    if (text.length > MAX_WORD && letters.has(first)) return text;
    // Short scalars (`TCP`, `8080`, `true`) repeat all through a manifest: resolve each once.
    const short = text.length <= MAX_KNOWN;
    if (short && known.has(text)) return known.get(text);
    const value = resolveByTags(text);
    if (short) {
      if (known.size >= KNOWN_LIMIT) known.clear();
      known.set(text, value);
    }
    return value;
  };

  function resolveByTags(text: string): unknown {
    const tag = tags.find((t) => t.test.test(text));
    if (!tag?.resolve) return text;
    let failed = false;
    const resolved = tag.resolve(text, () => (failed = true), resolveOptions);
    // Some tags resolve to a Scalar node (null, booleans), as composeScalar accepts.
    const value: unknown = isScalar(resolved) ? resolved.value : resolved;
    if (failed || (typeof value === 'object' && value !== null)) throw new Unsupported();
    return value;
  }
}

/** Longest null or boolean word of the YAML 1.1 schema (`false`). */
const MAX_WORD = 5;
/** Plain scalars up to this length are remembered once resolved, up to KNOWN_LIMIT of them. */
const MAX_KNOWN = 8;
const KNOWN_LIMIT = 4096;

/** One document read by the fast path. */
export interface FastDocument {
  docIndex: number;
  value: unknown;
  /** First character of the content (or where an empty document's content would be). */
  start: number;
  /** End of the content. */
  end: number;
  /** Where its content lines are, for reading positions again: after the `---` line, to the next. */
  from: number;
  to: number;
  /** Where an empty document's null content is: after `---` and its spaces. */
  emptyAt: number;
}

/** A document the fast path leaves to the yaml package: where its text lies (its `---` included). */
export interface SlowDocument {
  docIndex: number;
  slow: [number, number];
}

/**
 * Every document of `text`, each read here or marked for the yaml package; undefined when the file
 * as a whole is outside the subset (odd characters, directives, `...`).
 */
export function readSimpleYaml(text: string, resolve: PlainResolver): Array<FastDocument | SlowDocument> | undefined {
  if (ODD_CHARACTERS.test(text)) return undefined;
  const regions = splitDocuments(text);
  if (!regions) return undefined;
  return regions.map(([start, end, from, emptyAt], docIndex): FastDocument | SlowDocument => {
    try {
      const parsed = new BlockReader(text, from, end, resolve, false).document(emptyAt);
      return { docIndex, value: parsed.value, start: parsed.start, end: parsed.end, from, to: end, emptyAt };
    } catch (error) {
      if (error instanceof Unsupported || error instanceof RangeError) return { docIndex, slow: [start, end] };
      throw error;
    }
  });
}

/**
 * Documents as [start, end, content start, empty content at]: content before the first `---` is a
 * document when it holds more than comments, and every `---` line starts one (empty or not), as the
 * yaml package splits a stream. Undefined for directives, `...` and content after `---` on its line.
 */
function splitDocuments(text: string): Array<[number, number, number, number]> | undefined {
  const out: Array<[number, number, number, number]> = [];
  let current: [number, number, number, number] | undefined;
  let implicitContent = false;
  for (let lineStart = 0; lineStart < text.length; ) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const c = text.charCodeAt(lineStart);
    if (c === 0x2d && text.startsWith('---', lineStart) && (lineEnd === lineStart + 3 || text.charCodeAt(lineStart + 3) === 0x20)) {
      const rest = text.slice(lineStart + 3, lineEnd).trim();
      if (rest !== '' && !rest.startsWith('#')) return undefined;
      if (current) current[1] = lineStart;
      else if (implicitContent) out.push([0, lineStart, 0, 0]);
      current = [lineStart, text.length, Math.min(lineEnd + 1, text.length), firstNonSpace(text, lineStart + 3, lineEnd)];
      out.push(current);
    } else if ((c === 0x2e && text.startsWith('...', lineStart)) || c === 0x25) {
      return undefined;
    } else if (!current && !implicitContent) {
      const first = firstNonSpace(text, lineStart, lineEnd);
      if (first < lineEnd && text.charCodeAt(first) !== 0x23) implicitContent = true;
    }
    lineStart = lineEnd + 1;
  }
  if (!current && implicitContent) out.push([0, text.length, 0, 0]);
  return out;
}

/**
 * A copy of `text[start, end)` that does not keep `text` alive. V8 makes longer substrings views of
 * their parent; a pod name read from a 5 MB file would otherwise hold the whole file in memory for
 * as long as the pod lives. Concatenating flattens into a new string first.
 */
function own(text: string, start: number, end: number): string {
  return end - start < 13 ? text.slice(start, end) : `${text.slice(start, end)} `.slice(0, -1);
}

function firstNonSpace(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && text.charCodeAt(i) === 0x20) i++;
  return i;
}

/** Plain scalars and keys may not start with these (YAML 1.2 §5.3 c-indicator). */
const INDICATORS = new Set([...'-?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));

/** Longest implicit key the yaml package accepts. */
const MAX_KEY = 1024;

/**
 * A recursive-descent reader over lines. `line*` fields describe the current content line (blank
 * and comment lines are skipped by `next`); `at` is where reading continues on it.
 */
class BlockReader {
  private lineStart = 0;
  private lineEnd = 0;
  private indent = 0;
  /** First non-space character of the current line. */
  private content = 0;
  private hasLine = false;
  /** Where the next line starts. */
  private cursor: number;

  constructor(
    private readonly text: string,
    from: number,
    private readonly end: number,
    private readonly resolve: PlainResolver,
    private readonly positions: boolean,
  ) {
    this.cursor = from;
  }

  /** The document's root: a node, or null (placed at `emptyAt`) for an empty document. */
  document(emptyAt: number): { value: unknown; start: number; end: number; pos?: PosNode } {
    if (!this.next()) return { value: null, start: emptyAt, end: emptyAt, ...(this.positions ? { pos: { start: emptyAt, end: emptyAt } } : {}) };
    const start = this.content;
    const value = this.block(0);
    if (this.next()) throw new Unsupported(); // content left over: an indentation error
    return { value, start, end: this.lastEnd, ...(this.pos ? { pos: this.pos } : {}) };
  }

  /**
   * In positions mode, where the node just read lies. Readers return bare values and leave this
   * beside them, so reading values alone allocates nothing for positions.
   */
  private pos: PosNode | undefined;

  /** End of the last content consumed (positions of ends, for sizes). */
  private lastEnd = 0;

  /** Move to the next content line, if the current one is done; false at the end. */
  private next(): boolean {
    if (this.hasLine) return true;
    const text = this.text;
    while (this.cursor < this.end) {
      const start = this.cursor;
      let end = text.indexOf('\n', start);
      if (end < 0 || end > this.end) end = this.end;
      this.cursor = end + 1;
      const first = firstNonSpace(text, start, end);
      if (first === end || text.charCodeAt(first) === 0x23) continue;
      this.lineStart = start;
      this.lineEnd = end;
      this.indent = first - start;
      this.content = first;
      this.hasLine = true;
      return true;
    }
    return false;
  }

  /** The current line is used up. */
  private done(): void {
    this.hasLine = false;
  }

  private isSeqEntry(at: number): boolean {
    if (this.text.charCodeAt(at) !== 0x2d) return false;
    const next = at + 1;
    return next === this.lineEnd || this.text.charCodeAt(next) === 0x20;
  }

  /** A node starting at the current line, whose indentation is at least `min`. */
  private block(min: number): unknown {
    if (!this.next() || this.indent < min) throw new Unsupported();
    if (this.isSeqEntry(this.content)) return this.sequence(this.indent);
    if (this.keyColon(this.content) >= 0) return this.mapping(this.indent, this.content);
    const scalar = this.inline(this.content);
    this.done();
    if (this.next() && this.indent >= min) throw new Unsupported(); // a multi-line scalar
    return scalar;
  }

  /** Where the `:` of a `key: …` at `at` is, or -1 when the line holds no key there. */
  private keyColon(at: number): number {
    const text = this.text;
    const c = text.charCodeAt(at);
    let i = at;
    if (c === 0x22 || c === 0x27) {
      i = this.quoteEnd(at);
      if (i < 0) return -1;
      while (i < this.lineEnd && text.charCodeAt(i) === 0x20) i++;
      return text.charCodeAt(i) === 0x3a && (i + 1 === this.lineEnd || text.charCodeAt(i + 1) === 0x20) ? i : -1;
    }
    for (; i < this.lineEnd; i++) {
      const d = text.charCodeAt(i);
      if (d === 0x3a && (i + 1 === this.lineEnd || text.charCodeAt(i + 1) === 0x20)) return i;
      if (d === 0x23 && text.charCodeAt(i - 1) === 0x20) return -1;
    }
    return -1;
  }

  /** A block mapping whose keys sit at column `indent`; its first key is at `first` on this line. */
  private mapping(indent: number, first: number): unknown {
    const text = this.text;
    const out: Record<string, unknown> = {};
    const pos: PosNode | undefined = this.positions ? { start: first, end: first, keys: new Map() } : undefined;
    let keyAt = first;
    for (;;) {
      const colon = this.keyColon(keyAt);
      if (colon < 0) throw new Unsupported();
      const key = this.key(keyAt, colon);
      if (key === '__proto__' || key === '<<' || Object.hasOwn(out, key)) throw new Unsupported();
      let valueAt = colon + 1;
      while (valueAt < this.lineEnd && text.charCodeAt(valueAt) === 0x20) valueAt++;
      let value: unknown;
      if (valueAt === this.lineEnd || text.charCodeAt(valueAt) === 0x23) {
        this.done();
        if (this.next() && this.indent > indent) value = this.block(indent + 1);
        else if (this.next() && this.indent === indent && this.isSeqEntry(this.content)) value = this.sequence(indent);
        else value = this.empty(valueAt);
      } else {
        value = this.inline(valueAt);
        this.done();
        if (this.next() && this.indent > indent) throw new Unsupported(); // a multi-line scalar
      }
      out[key] = value;
      if (pos && this.pos) {
        pos.keys?.set(key, this.pos);
        pos.end = this.pos.end;
      }
      if (!this.next() || this.indent < indent) break;
      if (this.indent > indent || this.isSeqEntry(this.content)) throw new Unsupported();
      keyAt = this.content;
    }
    this.pos = pos;
    return out;
  }

  /** A block sequence whose `-` sit at column `indent`, starting on the current line. */
  private sequence(indent: number): unknown {
    const text = this.text;
    const out: unknown[] = [];
    const pos: PosNode | undefined = this.positions ? { start: this.content, end: this.content, items: [] } : undefined;
    for (;;) {
      let valueAt = this.content + 1;
      while (valueAt < this.lineEnd && text.charCodeAt(valueAt) === 0x20) valueAt++;
      let item: unknown;
      if (valueAt === this.lineEnd || text.charCodeAt(valueAt) === 0x23) {
        this.done();
        item = this.next() && this.indent > indent ? this.block(indent + 1) : this.empty(valueAt);
      } else if (this.isSeqEntry(valueAt)) {
        throw new Unsupported(); // `- - x`
      } else if (this.keyColon(valueAt) >= 0) {
        item = this.mapping(valueAt - this.lineStart, valueAt);
      } else {
        item = this.inline(valueAt);
        this.done();
        if (this.next() && this.indent > indent) throw new Unsupported();
      }
      out.push(item);
      if (pos && this.pos) {
        pos.items?.push(this.pos);
        pos.end = this.pos.end;
      }
      if (!this.next() || this.indent < indent) break;
      if (this.indent > indent) throw new Unsupported();
      if (!this.isSeqEntry(this.content)) break; // the next key of the mapping around us
    }
    this.pos = pos;
    return out;
  }

  /** An empty value: null, placed right after its indicator and the spaces that follow. */
  private empty(at: number): null {
    if (this.positions) this.pos = { start: at, end: at };
    return null;
  }

  /** A key's text as the yaml package makes it a JS key. */
  private key(at: number, colon: number): string {
    const text = this.text;
    const c = text.charCodeAt(at);
    let end = colon;
    while (end > at && text.charCodeAt(end - 1) === 0x20) end--;
    if (end - at > MAX_KEY) throw new Unsupported();
    if (c === 0x22 || c === 0x27) return this.quoted(at, end) as string;
    if (INDICATORS.has(c)) throw new Unsupported();
    const value = this.resolve(own(text, at, end));
    // A null key becomes '' in JS, where yaml.ts's path lookup would look for 'null'.
    if (value === null) throw new Unsupported();
    return String(value);
  }

  /** A scalar (or `[]`, `{}`) filling the rest of the line from `at`. */
  private inline(at: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(at);
    let value: unknown;
    let end: number;
    if (c === 0x22 || c === 0x27) {
      end = this.quoteEnd(at);
      if (end < 0) throw new Unsupported();
      value = this.quoted(at, end);
    } else if (c === 0x5b || c === 0x7b) {
      const close = c === 0x5b ? 0x5d : 0x7d;
      if (text.charCodeAt(at + 1) !== close) throw new Unsupported();
      end = at + 2;
      value = c === 0x5b ? [] : {};
    } else {
      if (INDICATORS.has(c) && c !== 0x2d && c !== 0x3f && c !== 0x3a) throw new Unsupported();
      if ((c === 0x2d || c === 0x3f || c === 0x3a) && (at + 1 === this.lineEnd || text.charCodeAt(at + 1) === 0x20)) throw new Unsupported();
      end = at;
      for (let i = at; i < this.lineEnd; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x23 && text.charCodeAt(i - 1) === 0x20) break;
        if (d === 0x3a && (i + 1 === this.lineEnd || text.charCodeAt(i + 1) === 0x20)) throw new Unsupported(); // `a: b: c`
        if (d !== 0x20) end = i + 1;
      }
      value = this.resolve(own(text, at, end));
      this.lastEnd = end;
      if (this.positions) this.pos = { start: at, end };
      return value;
    }
    // After a quoted or flow scalar: only spaces, then the end of the line or a comment.
    let i = end;
    while (i < this.lineEnd && text.charCodeAt(i) === 0x20) i++;
    if (i < this.lineEnd && !(text.charCodeAt(i) === 0x23 && i > end)) throw new Unsupported();
    this.lastEnd = end;
    if (this.positions) this.pos = { start: at, end };
    return value;
  }

  /** The end (after the closing quote) of the quoted scalar at `at`, on this line; -1 when not. */
  private quoteEnd(at: number): number {
    const text = this.text;
    const quote = text.charCodeAt(at);
    for (let i = at + 1; i < this.lineEnd; i++) {
      const d = text.charCodeAt(i);
      if (quote === 0x22 && d === 0x5c) i++;
      else if (d === quote) {
        if (quote === 0x27 && text.charCodeAt(i + 1) === 0x27) i++;
        else return i + 1;
      }
    }
    return -1;
  }

  /** The string of a quoted scalar spanning [at, end). */
  private quoted(at: number, end: number): string {
    const inner = own(this.text, at + 1, end - 1);
    if (this.text.charCodeAt(at) === 0x27) return inner.includes("''") ? inner.replace(/''/g, "'") : inner;
    if (!inner.includes('\\')) return inner;
    // Escapes JSON shares with YAML mean the same in both (YAML 1.2 §5.7); others go the slow way.
    if (/\\(?!["\\/bfnrt]|u[0-9a-fA-F]{4})/.test(inner)) throw new Unsupported();
    try {
      return JSON.parse(`"${inner}"`) as string;
    } catch {
      throw new Unsupported();
    }
  }
}

/** The positions of one document, read again with positions on the first position asked. */
function positionsOf(text: string, doc: FastDocument, resolve: PlainResolver): PosNode {
  return new BlockReader(text, doc.from, doc.to, resolve, true).document(doc.emptyAt).pos as PosNode;
}

function nodeAt(root: PosNode, path: FieldPath): { node: PosNode; found: boolean } {
  let node = root;
  for (const part of path) {
    const next = typeof part === 'string' ? node.keys?.get(part) : node.items?.[part];
    if (!next) return { node, found: false };
    node = next;
  }
  return { node, found: true };
}

/** A fast-path document as a YamlDocument. */
export function fastYamlDocument(text: string, doc: FastDocument, file: string, lines: LineIndex, resolve: PlainResolver): YamlDocument {
  const ref = (offset: number): SourceRef => lines.sourceRef(file, doc.docIndex, offset);
  let positions: PosNode | undefined;
  const tree = () => (positions ??= positionsOf(text, doc, resolve));
  return {
    docIndex: doc.docIndex,
    source: ref(doc.start),
    failed: false,
    at: (path) => ref(path.length === 0 ? doc.start : nodeAt(tree(), path).node.start),
    shapeAt: (path) => shapeOfValue(valueAtPath(doc.value, path)),
    lengthAt: (path) => {
      const found = valueAtPath(doc.value, path);
      return found.found && Array.isArray(found.value) ? found.value.length : 0;
    },
    bytesAt: (path) => {
      if (path.length === 0) return Buffer.byteLength(text.slice(doc.start, doc.end), 'utf8');
      const { node, found } = nodeAt(tree(), path);
      return found ? Buffer.byteLength(text.slice(node.start, node.end), 'utf8') : 0;
    },
    valueAt: (path): ValueResult => {
      const found = valueAtPath(doc.value, path);
      return { ok: true, value: found.found ? found.value : undefined };
    },
  };
}

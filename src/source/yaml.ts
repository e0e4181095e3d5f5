/**
 * Text → YAML documents that keep their source positions. Manifests are parsed the way kubectl
 * reads them: YAML 1.1 scalars (unquoted `y`, `n`, `on`, `off` are booleans; timestamps stay
 * strings), and text starting with `{` is a stream of JSON values. Documents are composed one at a
 * time, so a large multi-document file never holds more than one syntax tree, and JavaScript values
 * are built per node on request (`valueAt`), under an alias budget, so a YAML bomb is refused
 * instead of expanded. Syntax errors are reported with file, line and column and only cost their
 * own document.
 */
import { Composer, LineCounter, Parser, isAlias, isMap, isScalar, isSeq } from 'yaml';
import type {
  Document,
  DocumentOptions,
  Node as YamlNode,
  ParseOptions,
  ScalarTag,
  SchemaOptions,
  Tags,
} from 'yaml';
import type { Finding, SourceRef } from '../model/index.js';
import type { FieldPath } from './context.js';
import { jsonDocument, LineIndex, parseStrictJson } from './json-document.js';
import { lazyJsonList, scanJsonList, skeletonOf } from './json-list.js';
import type { ListScan } from './json-list.js';
import { fastYamlDocument, plainResolver, readSimpleYaml, type FastDocument, type SlowDocument } from './yaml-fast.js';
import { CODE, MSG } from './messages.js';

/** Largest object (a document, or one item of a List) read, in UTF-8 bytes. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** Largest file (or standard input) read, in bytes. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
/** Alias uses allowed while building one value; real manifests use a handful. */
export const MAX_ALIAS_COUNT = 100;

export type NodeShape = 'map' | 'seq' | 'scalar' | 'null' | 'absent';

export type ValueResult = { ok: true; value: unknown } | { ok: false; finding: Finding };

/** One document of a stream; nothing in it is converted until asked. */
export interface YamlDocument {
  docIndex: number;
  /** Where the document's content starts (or where its first error is). */
  source: SourceRef;
  /** Set when the document cannot be used (syntax error); its findings are already reported. */
  failed: boolean;
  /** Position of the node at `path`, or of its nearest existing ancestor. */
  at(path: FieldPath): SourceRef;
  shapeAt(path: FieldPath): NodeShape;
  /** Length of the sequence at `path` (0 when it is not one). */
  lengthAt(path: FieldPath): number;
  /** UTF-8 size of the node at `path`, in bytes (on the YAML path with some whitespace after it). */
  bytesAt(path: FieldPath): number;
  /** The JavaScript value of the node at `path`, or a finding when a limit refuses it. */
  valueAt(path: FieldPath): ValueResult;
}

/**
 * YAML 1.1 as go-yaml v2 (used by kubectl through sigs.k8s.io/yaml) resolves it, where the yaml
 * package's 1.1 schema differs: timestamps are left as strings for `interface{}` targets (go-yaml v2
 * decode.go), sexagesimal `1:20` is not a number (resolve.go has no base-60 rule), and a float needs
 * a digit (resolve.go `yamlStyleFloat`), so `e0` and `.` stay strings instead of becoming NaN.
 */
const FLOAT_TAG = 'tag:yaml.org,2002:float';
const GO_YAML_V2_FLOAT: ScalarTag = {
  identify: (value) => typeof value === 'number',
  default: true,
  tag: FLOAT_TAG,
  // go-yaml v2 strips `_` before matching ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
  test: /^[-+]?(?:\.[0-9][0-9_]*|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9][0-9_]*)?$/,
  resolve: (text) => parseFloat(text.replace(/_/g, '')),
};
const isInfOrNaN = (tag: ScalarTag): boolean => tag.test?.test('.nan') === true;

function goYamlV2Tags(tags: Tags): Tags {
  const out: Tags = [];
  for (const tag of tags) {
    if (typeof tag === 'string') out.push(tag);
    else if (tag.tag === 'tag:yaml.org,2002:timestamp' || ('format' in tag && tag.format === 'TIME')) continue;
    else if (tag.tag === FLOAT_TAG && !isInfOrNaN(tag as ScalarTag)) {
      if (!out.includes(GO_YAML_V2_FLOAT)) out.push(GO_YAML_V2_FLOAT);
    } else out.push(tag);
  }
  return out;
}

type Options = ParseOptions & DocumentOptions & SchemaOptions;

export const YAML_OPTIONS: Options = {
  version: '1.1',
  customTags: goYamlV2Tags,
};
/** JSON is a subset of YAML 1.2; read that way, `1e3` is a number as in encoding/json. */
const JSON_OPTIONS: Options = { version: '1.2' };

/** Plain scalars of the fast YAML path resolve through the same schema as YAML_OPTIONS. */
const PLAIN = plainResolver(YAML_OPTIONS);

export interface StreamOptions {
  /** Strict JSON read by json-document.ts. @default true */
  jsonFastPath?: boolean;
  /** Simple block YAML read by yaml-fast.ts. @default true */
  yamlFastPath?: boolean;
  /**
   * JSON Lists read item by item (json-list.ts). Off by default: its documents may throw
   * NotStrictJson after some items were read, and only a caller that can drop those takes it.
   */
  lazyJsonLists?: boolean;
  /** The whole text's List scan, made ahead by scanWholeList (on another thread); lazyJsonLists uses it. */
  listScan?: ListScan;
}

/**
 * The scan the lazy path makes when the whole text is one JSON List, made ahead of parseYamlStream
 * (a worker thread makes it, the main thread converts: parallel-load.ts); undefined when the text
 * would not take that path.
 */
export function scanWholeList(text: string): ListScan | undefined {
  if (!looksLikeJson(text)) return undefined;
  const scan = scanJsonList(text, 0, text.length);
  return scan && skeletonOf(text, scan) ? scan : undefined;
}

/**
 * Parse a whole input. `report` receives findings about the text (syntax, duplicate keys);
 * documents that failed are still yielded (`failed: true`) so callers can count them. Strict JSON
 * takes the fast path of json-document.ts and simple block YAML that of yaml-fast.ts, unless
 * `jsonFastPath` / `yamlFastPath` is false (tests compare the paths).
 */
export function* parseYamlStream(
  text: string,
  file: string,
  report: (finding: Finding) => void,
  options: StreamOptions = {},
): Generator<YamlDocument> {
  let docIndex = 0;
  if (looksLikeJson(text)) {
    const fast = options.jsonFastPath ?? true;
    const lazy = fast && options.lazyJsonLists === true;
    const lines = new LineIndex(text);
    // One strict JSON value (a List, an object): the fast path, without splitting the stream first.
    const list = lazy ? lazyJsonList(text, 0, text.length, { file, lines, docIndex }, options.listScan) : undefined;
    if (list) {
      yield list;
      return;
    }
    const whole = fast ? parseStrictJson(text) : undefined;
    if (whole) {
      yield jsonDocument(whole, { file, lines, docIndex });
      return;
    }
    for (const [start, end] of splitJsonValues(text)) {
      const list = lazy ? lazyJsonList(text, start, end, { file, lines, docIndex }) : undefined;
      if (list) {
        yield list;
        docIndex++;
        continue;
      }
      const strict = fast ? parseStrictJson(text, start, end) : undefined;
      if (strict) {
        yield jsonDocument(strict, { file, lines, docIndex: docIndex++ });
        continue;
      }
      const slice = text.slice(start, end);
      // Not strict JSON, or a duplicate key: the YAML composer reads it and reports what it finds.
      const tokens = new Parser().parse(slice);
      for (const doc of new Composer(JSON_OPTIONS).compose(tokens)) {
        const wrapped = wrap(doc, { text, file, lines, docIndex: docIndex++, base: start, report });
        if (!wrapped.failed) checkStrictJson(slice, wrapped, report);
        yield wrapped;
      }
    }
    return;
  }
  const simple = options.yamlFastPath ?? true ? readSimpleYaml(text, PLAIN) : undefined;
  const mixed = simple && readMixed(text, file, simple);
  if (mixed) {
    for (const { doc, findings } of mixed) {
      for (const finding of findings) report(finding);
      yield doc;
    }
    return;
  }
  const lines = new LineCounter();
  const tokens = new Parser(lines.addNewLine).parse(text);
  for (const doc of new Composer(YAML_OPTIONS).compose(tokens)) {
    yield wrap(doc, { text, file, lines, docIndex: docIndex++, base: 0, report });
  }
}

/**
 * The documents of a stream the fast path split: its own, and the others composed by the yaml
 * package one document at a time (positions offset into the whole text), each with the findings to
 * report as it is read. Undefined when a document's text does not compose to exactly one document:
 * then the caller reads the whole stream the usual way.
 */
function readMixed(text: string, file: string, docs: Array<FastDocument | SlowDocument>): Array<{ doc: YamlDocument; findings: Finding[] }> | undefined {
  const lines = new LineIndex(text);
  const out: Array<{ doc: YamlDocument; findings: Finding[] }> = [];
  for (const doc of docs) {
    if (!('slow' in doc)) {
      out.push({ doc: fastYamlDocument(text, doc, file, lines, PLAIN), findings: [] });
      continue;
    }
    const [start, end] = doc.slow;
    const composed = [...new Composer(YAML_OPTIONS).compose(new Parser().parse(text.slice(start, end)))];
    if (composed.length !== 1) return undefined;
    const findings: Finding[] = [];
    out.push({ doc: wrap(composed[0] as Document.Parsed, { text, file, lines, docIndex: doc.docIndex, base: start, report: (f) => findings.push(f) }), findings });
  }
  return out;
}

/**
 * kubectl decodes a stream as JSON when its first non-space character is `{`
 * (k8s.io/apimachinery `pkg/util/yaml` YAMLOrJSONDecoder, IsJSONBuffer).
 */
function looksLikeJson(text: string): boolean {
  return /^\s*\{/.test(text);
}

/**
 * YAML accepts more than JSON (unquoted keys, trailing commas, `"b": }`); kubectl's JSON decoder
 * does not. Such text is still read, with a warning.
 */
function checkStrictJson(slice: string, doc: YamlDocument, report: (finding: Finding) => void): void {
  try {
    JSON.parse(slice);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    report({ code: CODE.jsonSyntax, severity: 'warning', message: MSG.jsonSyntax(detail), source: doc.source });
  }
}

/**
 * Offsets of the top-level values of a JSON stream (`{…}{…}` is accepted by encoding/json's
 * Decoder, and so by kubectl). Anything unbalanced ends the last value at the end of the text, where
 * the parser then reports it.
 */
export function splitJsonValues(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth++ === 0) start = i;
    } else if (c === '}' || c === ']') {
      if (--depth === 0) out.push([start, i + 1]);
      if (depth < 0) break;
    } else if (depth === 0 && !/\s/.test(c ?? '')) {
      break;
    }
  }
  const last = out.length > 0 ? out[out.length - 1]![1] : 0;
  if (/\S/.test(text.slice(last))) out.push([start >= last ? start : last, text.length]);
  return out;
}

interface WrapInput {
  text: string;
  file: string;
  lines: { linePos(offset: number): { line: number; col: number } };
  docIndex: number;
  /** Offset of the parsed slice inside `text`. */
  base: number;
  report: (finding: Finding) => void;
}

function wrap(doc: Document.Parsed, input: WrapInput): YamlDocument {
  const { text, file, lines, docIndex, base, report } = input;
  const ref = (offset: number): SourceRef => ({ file, docIndex, ...lines.linePos(base + offset) });
  const start = ref(doc.contents?.range[0] ?? doc.range[0]);
  let failedAt: SourceRef | undefined;
  for (const error of doc.errors) {
    const at = ref(error.pos[0]);
    const detail = error.message.split('\n')[0] ?? error.message;
    if (error.code === 'DUPLICATE_KEY') {
      // The error points at the repeated key: quote it in the message, as written.
      const written = /^[^\n]*?(?=:(\s|$)|\n|$)/.exec(text.slice(base + error.pos[0], base + error.pos[0] + 256))?.[0] ?? '';
      const key = /^(["']).*\1$/.test(written) ? written.slice(1, -1) : written;
      report({ code: CODE.yamlDuplicateKey, severity: 'warning', message: MSG.yamlDuplicateKey(key), source: at });
    } else if (!failedAt) {
      // Only the first error: later ones are usually echoes of it.
      failedAt = at;
      const tooDeep = error.code === 'RESOURCE_EXHAUSTION';
      report({
        code: tooDeep ? CODE.yamlTooDeep : CODE.yamlSyntax,
        severity: 'error',
        message: tooDeep ? MSG.yamlTooDeep() : MSG.yamlSyntax(detail),
        source: at,
      });
    }
  }

  const lookup = (path: FieldPath) => nodeAt(doc, path);
  return {
    docIndex,
    source: failedAt ?? start,
    failed: failedAt !== undefined,
    at: (path) => {
      const node = lookup(path).node;
      return node?.range ? ref(node.range[0]) : start;
    },
    shapeAt: (path) => shapeOf(lookup(path)),
    lengthAt: (path) => {
      const { node, found } = lookup(path);
      return found && isSeq(node) ? node.items.length : 0;
    },
    bytesAt: (path) => {
      const { node, found } = lookup(path);
      if (!found || !node?.range) return 0;
      return Buffer.byteLength(text.slice(base + node.range[0], base + node.range[2]), 'utf8');
    },
    valueAt: (path) => toValue(doc, lookup(path), ref),
  };
}

interface Lookup {
  /** The node at the path, or the nearest ancestor when `found` is false. */
  node: YamlNode | null;
  found: boolean;
}

/** Walk `path` through maps and sequences, following aliases. */
function nodeAt(doc: Document.Parsed, path: FieldPath): Lookup {
  let node: YamlNode | null = doc.contents;
  for (const part of path) {
    const here: YamlNode | null = isAlias(node) ? (node.resolve(doc) ?? null) : node;
    let next: unknown;
    if (isMap(here) && typeof part === 'string') {
      next = here.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === part)?.value;
    } else if (isSeq(here) && typeof part === 'number') {
      next = here.items[part];
    }
    if (!next || typeof next !== 'object' || !('range' in next)) return { node, found: false };
    node = next as YamlNode;
  }
  return { node: isAlias(node) ? (node.resolve(doc) ?? node) : node, found: true };
}

function shapeOf({ node, found }: Lookup): NodeShape {
  if (!found || node === null) return found ? 'null' : 'absent';
  if (isMap(node)) return 'map';
  if (isSeq(node)) return 'seq';
  if (isScalar(node) && (node.value === null || node.value === undefined)) return 'null';
  return 'scalar';
}

function toValue(doc: Document.Parsed, { node, found }: Lookup, ref: (offset: number) => SourceRef): ValueResult {
  if (!found || node === null) return { ok: true, value: undefined };
  const source = ref(node.range?.[0] ?? 0);
  try {
    return { ok: true, value: node.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT }) as unknown };
  } catch (error) {
    // yaml throws a ReferenceError ("Excessive alias count …") for the alias budget and a
    // RangeError when the stack runs out; anything else is a bug, left to the caller.
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      return {
        ok: false,
        finding: { code: CODE.yamlAliasLimit, severity: 'error', message: MSG.yamlAliasLimit(MAX_ALIAS_COUNT), source },
      };
    }
    if (error instanceof RangeError) {
      return { ok: false, finding: { code: CODE.yamlTooDeep, severity: 'error', message: MSG.yamlTooDeep(), source } };
    }
    throw error;
  }
}

/**
 * YAML documents → Kubernetes objects. A document is skipped silently when empty (`---` alone,
 * comments only, `null`), flattened when it is a List (`kind: List`, `PodList`, any `*List` with
 * `items`), and otherwise must be a mapping. Every object keeps its own position, List items
 * included, and every document that cannot become an object is yielded as rejected, with a reason,
 * so the loader can account for it. Also home to the readers of an object's identity (kind,
 * apiVersion, name, namespace) that dispatch uses.
 */
import type { Finding, SourceRef } from '../model/index.js';
import type { FieldPath } from './context.js';
import { CODE, MSG, SKIP } from './messages.js';
import { objectAt, stringAt } from './raw.js';
import type { RawObject } from './raw.js';
import { MAX_DOCUMENT_BYTES, parseYamlStream } from './yaml.js';
import type { StreamOptions, YamlDocument } from './yaml.js';

/** A Kubernetes object read from the input. */
export interface ManifestObject {
  obj: RawObject;
  /** Where the object starts. */
  source: SourceRef;
  /** Position of one of its fields (or of the nearest field that exists). */
  at(path: FieldPath): SourceRef;
}

/** Who an object says it is; empty strings where the input does not say. */
export interface Identity {
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string;
}

/** A document that could not become an object, already reported as a finding. */
export interface RejectedDocument extends Identity {
  source: SourceRef;
  reason: string;
}

export type DocumentEntry = { object: ManifestObject } | { rejected: RejectedDocument };

/** Lists inside Lists are flattened this deep; deeper ones are rejected as not objects. */
const MAX_LIST_DEPTH = 4;

/** How text is read: JSON Lists item by item (`lazyJsonLists`), with a scan made ahead (`listScan`). */
export type ReadOptions = Pick<StreamOptions, 'lazyJsonLists' | 'listScan'>;

/** Every object in `text`, in input order, List items in place of their List. */
export function* readObjects(
  text: string,
  file: string,
  report: (finding: Finding) => void,
  options: ReadOptions = {},
): Generator<DocumentEntry> {
  for (const doc of parseYamlStream(text, file, report, options)) {
    if (doc.failed) {
      yield rejected(doc, [], SKIP.yamlSyntax);
      continue;
    }
    // kubectl skips empty and `null` documents (k8s.io/cli-runtime resource.StreamVisitor).
    if (doc.shapeAt([]) === 'null') continue;
    yield* objectsAt(doc, [], undefined, 0, report);
  }
}

function* objectsAt(
  doc: YamlDocument,
  path: FieldPath,
  list: { kind: string; apiVersion: string } | undefined,
  depth: number,
  report: (finding: Finding) => void,
): Generator<DocumentEntry> {
  const shape = doc.shapeAt(path);
  if (shape !== 'map') {
    const found = shape === 'seq' ? 'a list' : shape === 'null' ? 'empty' : 'a plain value';
    report({ code: CODE.notAnObject, severity: 'error', message: MSG.notAnObject(found), source: doc.at(path) });
    yield rejected(doc, path, SKIP.notAnObject);
    return;
  }
  const kind = scalarString(doc, [...path, 'kind']);
  const itemsShape = doc.shapeAt([...path, 'items']);
  if (kind.endsWith('List') && (itemsShape === 'seq' || itemsShape === 'null') && depth < MAX_LIST_DEPTH) {
    // Items without kind and apiVersion take them from a typed list (`PodList` → `Pod`), as
    // apimachinery's unstructured decoder does (unstructured.go decodeToList).
    const inherit = { kind: kind.slice(0, -'List'.length), apiVersion: scalarString(doc, [...path, 'apiVersion']) };
    const count = doc.lengthAt([...path, 'items']);
    for (let i = 0; i < count; i++) yield* objectsAt(doc, [...path, 'items', i], inherit, depth + 1, report);
    return;
  }
  const size = doc.bytesAt(path);
  if (size > MAX_DOCUMENT_BYTES) {
    const what = path.length === 0 ? 'document' : 'List item';
    report({
      code: CODE.documentTooLarge,
      severity: 'error',
      message: MSG.documentTooLarge(what, size, MAX_DOCUMENT_BYTES),
      source: doc.at(path),
    });
    yield rejected(doc, path, SKIP.limit);
    return;
  }
  const result = doc.valueAt(path);
  if (!result.ok) {
    report(result.finding);
    yield rejected(doc, path, SKIP.limit);
    return;
  }
  let obj = result.value as RawObject;
  if (list && list.kind && obj.kind === undefined && obj.apiVersion === undefined) {
    obj = { ...obj, kind: list.kind, apiVersion: list.apiVersion };
  }
  yield { object: { obj, source: doc.at(path), at: (sub) => doc.at([...path, ...sub]) } };
}

/** A scalar read without building anything bigger; `''` when not a string. */
function scalarString(doc: YamlDocument, path: FieldPath): string {
  if (doc.shapeAt(path) !== 'scalar') return '';
  const result = doc.valueAt(path);
  return result.ok && typeof result.value === 'string' ? result.value : '';
}

function rejected(doc: YamlDocument, path: FieldPath, reason: string): { rejected: RejectedDocument } {
  const source = path.length === 0 ? doc.source : doc.at(path);
  const identity: Identity = doc.failed
    ? { kind: '', apiVersion: '', name: '', namespace: '' }
    : {
        kind: scalarString(doc, [...path, 'kind']),
        apiVersion: scalarString(doc, [...path, 'apiVersion']),
        name: scalarString(doc, [...path, 'metadata', 'name']),
        namespace: scalarString(doc, [...path, 'metadata', 'namespace']),
      };
  return { rejected: { ...identity, source, reason } };
}

/** The identity fields of a parsed object. */
export function identityOf(obj: RawObject): Identity {
  const metadata = objectAt(obj, 'metadata');
  return {
    kind: stringAt(obj, 'kind') ?? '',
    apiVersion: stringAt(obj, 'apiVersion') ?? '',
    name: stringAt(metadata, 'name') ?? '',
    namespace: stringAt(metadata, 'namespace') ?? '',
  };
}

/** `apps/v1` → `apps`; `v1` → `` (the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

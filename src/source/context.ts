/**
 * The conversion context a source hands to each converter: where the document came from, how to
 * locate one of its fields, and where to report findings about it.
 */
import type { Finding, SourceRef } from '../model/index.js';

export type FieldPath = Array<string | number>;

export interface ConvertContext {
  /** The document's own position (its first line). */
  source: SourceRef;
  /** Position of a field inside the document; the nearest existing ancestor when the field is absent. */
  at(path: FieldPath): SourceRef;
  /** Record a finding; `fieldPath` is turned into `path` text and a precise `source`. */
  report(finding: Omit<Finding, 'source' | 'path'> & { fieldPath?: FieldPath }): void;
}

/** `['spec', 'ports', 1, 'targetPort']` → `spec.ports[1].targetPort`. */
export function formatFieldPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}

/** A context for objects built in code (tests, generators): positions are the document start. */
export function literalContext(findings: Finding[] = [], file = '<literal>'): ConvertContext {
  const source: SourceRef = { file, docIndex: 0, line: 1, col: 1 };
  return {
    source,
    at: () => source,
    report: ({ fieldPath, ...rest }) =>
      findings.push({ ...rest, source, ...(fieldPath ? { path: formatFieldPath(fieldPath) } : {}) }),
  };
}

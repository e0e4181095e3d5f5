/**
 * Objects the input names twice. The API server holds one object per kind, namespace and name, and
 * `kubectl apply -f` of the whole input leaves the last one applied; the cluster keeps that one too.
 * The earlier definition is gone, so the user is told where both are rather than left to wonder why
 * an edit had no effect.
 */
import type { Finding, ObjectMeta, SourceRef } from '../model/index.js';
import { keyOf } from '../model/index.js';

export function duplicateObjectFinding(kind: string, kept: ObjectMeta, replaced: ObjectMeta): Finding {
  const earlier = replaced.source ? ` (first at ${where(replaced.source)})` : '';
  return {
    code: 'duplicate-object',
    severity: 'warning',
    message: `${kind} ${keyOf(kept)} is defined twice${earlier}: the later definition is used, as kubectl apply would leave it`,
    object: `${kind} ${keyOf(kept)}`,
    ...(kept.source ? { source: kept.source } : {}),
  };
}

function where(source: SourceRef): string {
  return `${source.file}:${source.line}:${source.col}`;
}

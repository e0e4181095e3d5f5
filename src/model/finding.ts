/**
 * Findings: everything kreach reports about the input instead of crashing on it. Detection creates
 * them; formatting is done elsewhere.
 */
import type { SourceRef } from './meta.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** A stable identifier tests and users can match (`yaml-syntax`, `service-invalid`, …). */
  code: string;
  severity: Severity;
  message: string;
  /** Where in the input, when known. */
  source?: SourceRef;
  /** The field path inside the object (`spec.ports[1].targetPort`). */
  path?: string;
  /** The object the finding is about (`Service default/web`). */
  object?: string;
}

/** A document the loader did not turn into a kreach object, with the reason. */
export interface SkippedDocument {
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string;
  reason: string;
  source: SourceRef;
}

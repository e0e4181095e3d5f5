/**
 * `metadata` of namespaced objects (pods, workloads, pod templates) → lean `ObjectMeta`, plus the
 * controller owner from `metadata.ownerReferences`. Labels are checked against the apimachinery
 * label syntax because selection depends on them; a bad label is reported and kept as written.
 */
import type { ObjectMeta, OwnerRef } from '../model/index.js';
import { labelValueErrors, qualifiedNameErrors } from '../model/validation.js';
import type { ConvertContext, FieldPath } from './context.js';
import { MSG } from './messages.js';
import { arrayAt, booleanAt, isObject, nonStringEntries, objectAt, stringAt, stringMapAt } from './raw.js';

/** Namespace of objects that do not name one (what `kubectl apply` uses without `-n`). */
export const DEFAULT_NAMESPACE = 'default';

export interface MetaOptions {
  /** Finding code for invalid fields (`pod-invalid`, `workload-invalid`). */
  code: string;
  /** Where `metadata` sits (`[]` for an object, `['spec', 'template']` for a template). */
  path?: FieldPath;
  /** Namespace to use instead of the object's own (templates inherit the workload's). */
  namespace?: string;
  /** A template has no name of its own; do not require one. */
  template?: boolean;
  /** The object's kind: findings then name the object (`Pod shop/web`). */
  kind?: string;
}

/** Lean metadata; `source` is the document's position. */
export function metaFromObject(obj: unknown, ctx: ConvertContext, options: MetaOptions): ObjectMeta {
  const path = [...(options.path ?? []), 'metadata'];
  const metadata = objectAt(obj, 'metadata');
  const name = options.template ? '' : (stringAt(metadata, 'name') ?? '');
  const namespace = options.namespace ?? (stringAt(metadata, 'namespace') || DEFAULT_NAMESPACE);
  const meta: ObjectMeta = {
    name,
    namespace,
    labels: stringMapAt(metadata, 'labels') ?? {},
    annotations: stringMapAt(metadata, 'annotations') ?? {},
    source: ctx.source,
  };
  const uid = stringAt(metadata, 'uid');
  if (uid) meta.uid = uid;
  const deletionTimestamp = stringAt(metadata, 'deletionTimestamp');
  if (deletionTimestamp) meta.deletionTimestamp = deletionTimestamp;

  const reporting = options.kind ? reportingFor(ctx, objectLabel(options.kind, meta)) : ctx;
  if (!options.template && !name) {
    reporting.report({ code: options.code, severity: 'error', message: 'metadata.name is required', fieldPath: [...path, 'name'] });
  }
  for (const field of ['labels', 'annotations'] as const) {
    for (const [key, value] of nonStringEntries(metadata, field)) {
      reporting.report({ code: options.code, severity: 'error', message: MSG.notAString(value), fieldPath: [...path, field, key] });
    }
  }
  for (const [key, value] of Object.entries(meta.labels)) {
    const problem = qualifiedNameErrors(key).join('; ') || labelValueErrors(value).join('; ');
    if (problem) {
      reporting.report({
        code: options.code,
        severity: 'error',
        message: `label '${key}: ${value}' is invalid: ${problem}`,
        fieldPath: [...path, 'labels', key],
      });
    }
  }
  return meta;
}

/**
 * The controlling owner (`controller: true`), else the first owner reference; undefined when the
 * object has none. Only kind and name are kept.
 */
export function controllerOwner(obj: unknown): OwnerRef | undefined {
  const refs = arrayAt(objectAt(obj, 'metadata'), 'ownerReferences').filter(isObject);
  const ref = refs.find((r) => booleanAt(r, 'controller') === true) ?? refs[0];
  const kind = stringAt(ref, 'kind');
  const name = stringAt(ref, 'name');
  return kind && name ? { kind, name } : undefined;
}

/** `Kind namespace/name`, the `object` field of findings. */
export function objectLabel(kind: string, meta: ObjectMeta): string {
  return `${kind} ${meta.namespace}/${meta.name}`;
}

/** The same context, with `object` filled into every finding that does not name one. */
export function reportingFor(ctx: ConvertContext, object: string): ConvertContext {
  return { ...ctx, report: (finding) => ctx.report({ object, ...finding }) };
}

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
import type { RawObject } from './raw.js';

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
  // Paths and the reporting context are built only for a finding: most objects have none.
  const path = (...rest: FieldPath): FieldPath => [...(options.path ?? []), 'metadata', ...rest];
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

  const report = (message: string, fieldPath: FieldPath): void => {
    const reporting = options.kind ? reportingFor(ctx, objectLabel(options.kind, meta)) : ctx;
    reporting.report({ code: options.code, severity: 'error', message, fieldPath });
  };
  if (!options.template && !name) report('metadata.name is required', path('name'));
  for (const field of META_MAPS) {
    for (const [key, value] of nonStringEntries(metadata, field)) report(MSG.notAString(value), path(field, key));
  }
  const labels = meta.labels;
  for (const key in labels) {
    const value = labels[key] as string;
    const problem = qualifiedNameErrors(key).join('; ') || labelValueErrors(value).join('; ');
    if (problem) report(`label '${key}: ${value}' is invalid: ${problem}`, path('labels', key));
  }
  return meta;
}

/** The string maps of `metadata`, whose values must all be strings. */
const META_MAPS = ['labels', 'annotations'] as const;

/**
 * The controlling owner (`controller: true`), else the first owner reference; undefined when the
 * object has none. Only kind and name are kept.
 */
export function controllerOwner(obj: unknown): OwnerRef | undefined {
  let ref: RawObject | undefined;
  for (const item of arrayAt(objectAt(obj, 'metadata'), 'ownerReferences')) {
    if (!isObject(item)) continue;
    if (booleanAt(item, 'controller') === true) {
      ref = item;
      break;
    }
    ref ??= item;
  }
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

/**
 * Raw workload (Deployment, ReplicaSet, ReplicationController, StatefulSet, DaemonSet, Job, CronJob)
 * → lean `Workload`, with the API server's defaults (`pkg/apis/apps/v1/defaults.go`,
 * `pkg/apis/core/v1/defaults.go`, `pkg/apis/batch/v1/defaults.go`) and the validation errors that
 * would stop its pods from existing. The pod template becomes a `Pod` with assumed status; the
 * pods themselves are generated later by `src/cluster/expand.ts`.
 */
import { matchesSelector, selectorFromMap } from '../model/labels.js';
import type { LabelSelector, OwnerRef, Workload, WorkloadKind } from '../model/index.js';
import type { ConvertContext, FieldPath } from './context.js';
import { selectorFromObject } from './label-selector.js';
import { controllerOwner, metaFromObject, objectLabel, reportingFor } from './object-meta.js';
import { podFromTemplate } from './pod.js';
import type { RawObject } from './raw.js';
import { isObject, numberAt, objectAt, stringMapAt } from './raw.js';
import { applyJobFields, applyStatefulSetFields } from './workload-fields.js';

export const WORKLOAD_KINDS = [
  'Deployment',
  'ReplicaSet',
  'ReplicationController',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
] as const;

/** Thrown when a caller hands over a document that is not a workload (a bug in the dispatcher). */
export class NotAWorkloadError extends Error {
  readonly code = 'not-a-workload';
  constructor(kind: unknown) {
    super(`workloadFromObject called with kind ${JSON.stringify(kind)}, which is not one of ${WORKLOAD_KINDS.join(', ')}`);
  }
}

export function isWorkloadKind(kind: unknown): kind is WorkloadKind {
  return typeof kind === 'string' && (WORKLOAD_KINDS as readonly string[]).includes(kind);
}

/** Kinds of `apps/v1`, whose `spec.selector` is required and must not be empty. */
const APPS_KINDS: readonly WorkloadKind[] = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'];

/** Converts a workload document; bad fields become findings, never exceptions. */
export function workloadFromObject(obj: RawObject, ctx: ConvertContext): Workload {
  const kind = obj['kind'];
  if (!isWorkloadKind(kind)) throw new NotAWorkloadError(kind);
  const code = 'workload-invalid';
  const meta = metaFromObject(obj, ctx, { code, kind });
  const reporting = reportingFor(ctx, objectLabel(kind, meta));
  const spec = objectAt(obj, 'spec');
  // A CronJob's pods come from spec.jobTemplate.spec.template; everything else has spec.template.
  const podsPath: FieldPath = kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec'] : ['spec'];
  const podsSpec = kind === 'CronJob' ? objectAt(objectAt(spec, 'jobTemplate'), 'spec') : spec;
  const templateRaw = objectAt(podsSpec, 'template');
  const templatePath = [...podsPath, 'template'];
  if (!templateRaw) reporting.report({ code, severity: 'error', message: 'a pod template is required', fieldPath: templatePath });
  const owner: OwnerRef = { kind, name: meta.name };
  const template = podFromTemplate(templateRaw, { ctx: reporting, path: templatePath, namespace: meta.namespace, owner, code });

  const workload: Workload = {
    kind,
    meta,
    replicas: kind === 'DaemonSet' ? 0 : replicasOf(kind, spec, reporting),
    selector: selectorOf(kind, podsSpec, podsPath, template.meta.labels, reporting),
    templateLabels: { ...template.meta.labels },
    template,
    podNames: [],
  };
  const ownedBy = controllerOwner(obj);
  if (ownedBy) workload.ownedBy = ownedBy;
  if (kind === 'StatefulSet') applyStatefulSetFields(workload, spec, reporting);
  if (kind === 'Job' || kind === 'CronJob') applyJobFields(workload, spec, reporting);
  return workload;
}

/** `spec.replicas`, defaulting to 1; 0 is honoured. Jobs are counted in `workload-fields.ts`. */
function replicasOf(kind: WorkloadKind, spec: RawObject | undefined, ctx: ConvertContext): number {
  if (kind === 'Job' || kind === 'CronJob' || !isObject(spec) || spec['replicas'] === undefined || spec['replicas'] === null) return 1;
  const replicas = numberAt(spec, 'replicas');
  if (replicas === undefined || !Number.isInteger(replicas) || replicas < 0) {
    ctx.report({
      code: 'workload-invalid',
      severity: 'error',
      message: `replicas ${JSON.stringify(spec['replicas'])} must be a non-negative integer; 1 assumed`,
      fieldPath: ['spec', 'replicas'],
    });
    return 1;
  }
  return replicas;
}

/**
 * The pod selector. ReplicationControllers have a plain map; everything else a metav1.LabelSelector.
 * Missing, it defaults to the template labels (SetDefaults_ReplicationController; apps/v1 requires it,
 * Jobs get one generated). Validation requires it to select the template's own labels.
 */
function selectorOf(
  kind: WorkloadKind,
  podsSpec: RawObject | undefined,
  podsPath: FieldPath,
  templateLabels: Record<string, string>,
  ctx: ConvertContext,
): LabelSelector {
  const path = [...podsPath, 'selector'];
  const report = (message: string): void => ctx.report({ code: 'workload-invalid', severity: 'error', message, fieldPath: path });
  let selector: LabelSelector | undefined;
  if (kind === 'ReplicationController') {
    const map = stringMapAt(podsSpec, 'selector');
    if (map && Object.keys(map).length > 0) selector = selectorFromMap(map);
  } else if (objectAt(podsSpec, 'selector')) {
    selector = selectorFromObject(objectAt(podsSpec, 'selector'), { ctx, path, code: 'workload-invalid' });
    if (APPS_KINDS.includes(kind) && Object.keys(selector.matchLabels).length + selector.matchExpressions.length === 0) {
      report(`an empty selector is invalid for a ${kind}`);
    }
  } else if (APPS_KINDS.includes(kind)) {
    report(`spec.selector is required for apps/v1 ${kind}; the template labels are used`);
  }
  if (!selector) return selectorFromMap(templateLabels);
  if (!matchesSelector(selector, templateLabels)) report('selector does not match template labels');
  return selector;
}

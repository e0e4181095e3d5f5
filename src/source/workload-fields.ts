/**
 * Kind-specific workload fields: StatefulSet identity (serviceName, podManagementPolicy,
 * ordinals.start) and Job counts (parallelism, completions, completionMode, suspend), defaulted as
 * the API server does and checked against the rules that would make the controller's pods invalid.
 */
import { cronJobName } from '../cluster/names.js';
import type { Workload } from '../model/index.js';
import { dns1123LabelErrors } from '../model/validation.js';
import type { ConvertContext, FieldPath } from './context.js';
import type { RawObject } from './raw.js';
import { booleanAt, isObject, numberAt, objectAt, stringAt } from './raw.js';

const CODE = 'workload-invalid';

/** Longest StatefulSet name whose pods' `controller-revision-hash` (`<name>-<10-char hash>`) fits 63. */
export const MAX_STATEFULSET_NAME = 52;
/** `ValidateCronJob`: Job names append 11 characters (`-<minutes>`), so 52 at most. */
export const MAX_CRONJOB_NAME = 52;

export function applyStatefulSetFields(w: Workload, spec: RawObject | undefined, ctx: ConvertContext): void {
  const report = (message: string, fieldPath: FieldPath): void => ctx.report({ code: CODE, severity: 'error', message, fieldPath });
  const serviceName = stringAt(spec, 'serviceName');
  if (serviceName) {
    // The pods' subdomain is serviceName, and a subdomain must be a DNS-1123 label.
    const problem = dns1123LabelErrors(serviceName).join('; ');
    if (problem) report(`serviceName '${serviceName}' is invalid as the pods' subdomain: ${problem}`, ['spec', 'serviceName']);
    w.serviceName = serviceName;
  }
  // SetDefaults_StatefulSet: OrderedReady.
  const policy = stringAt(spec, 'podManagementPolicy') || 'OrderedReady';
  if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    report(`podManagementPolicy '${policy}' is not supported (OrderedReady, Parallel)`, ['spec', 'podManagementPolicy']);
  }
  w.podManagementPolicy = policy;
  w.ordinalsStart = countAt(objectAt(spec, 'ordinals'), 'start', ['spec', 'ordinals', 'start'], ctx) ?? 0;

  if (w.replicas === 0) return;
  const name = w.meta.name;
  if (name.length > MAX_STATEFULSET_NAME) {
    report(
      `StatefulSet name is ${name.length} characters; its pods' label controller-revision-hash=<name>-<hash> would exceed 63 characters, so the API server rejects every pod (kubernetes/kubernetes#64023) and none are simulated`,
      ['metadata', 'name'],
    );
  }
  // getPodName: `<name>-<ordinal>` is also the pod's hostname, which must be a DNS-1123 label.
  const last = `${name}-${w.ordinalsStart + w.replicas - 1}`;
  const problem = dns1123LabelErrors(last).join('; ');
  if (problem) report(`pod hostname '${last}' would be invalid (${problem}); such pods are not simulated`, ['metadata', 'name']);
}

/** Job (or a CronJob's job template) counts, per SetDefaults_Job and ValidateJob. */
export function applyJobFields(w: Workload, spec: RawObject | undefined, ctx: ConvertContext): void {
  const report = (message: string, fieldPath: FieldPath): void => ctx.report({ code: CODE, severity: 'error', message, fieldPath });
  const cron = w.kind === 'CronJob';
  const path: FieldPath = cron ? ['spec', 'jobTemplate', 'spec'] : ['spec'];
  const jobSpec = cron ? objectAt(objectAt(spec, 'jobTemplate'), 'spec') : spec;
  let parallelism = countAt(jobSpec, 'parallelism', [...path, 'parallelism'], ctx);
  let completions = countAt(jobSpec, 'completions', [...path, 'completions'], ctx);
  // SetDefaults_Job: both unset → 1 and 1; only completions set → parallelism 1; only parallelism
  // set → completions stays unset (a work queue: parallelism pods run).
  if (parallelism === undefined && completions === undefined) completions = 1;
  parallelism ??= 1;
  w.parallelism = parallelism;
  if (completions !== undefined) w.completions = completions;

  const mode = stringAt(jobSpec, 'completionMode');
  if (mode === 'Indexed') w.indexed = true;
  else if (mode !== undefined && mode !== 'NonIndexed') {
    report(`completionMode '${mode}' is not supported (NonIndexed, Indexed)`, [...path, 'completionMode']);
  }
  if (w.indexed && completions === undefined) report('completions is required when completionMode is Indexed', [...path, 'completions']);

  const suspended = booleanAt(jobSpec, 'suspend') === true || (cron && booleanAt(spec, 'suspend') === true);
  if (suspended) w.suspended = true;
  w.replicas = suspended ? 0 : completions === undefined ? parallelism : Math.min(parallelism, completions);

  const name = w.meta.name;
  if (cron && name.length > MAX_CRONJOB_NAME) {
    report(`CronJob name must be no more than ${MAX_CRONJOB_NAME} characters (its Jobs append -<minutes>)`, ['metadata', 'name']);
  }
  if (!cron && name.length > 63) {
    report('Job name must be no more than 63 characters: it becomes the job-name label of its pods', ['metadata', 'name']);
  }
  // ValidateJob: an Indexed Job's last pod hostname `<job>-<completions-1>` must be a DNS-1123 label.
  if (w.indexed && completions !== undefined && completions > 0) {
    const hostname = `${cron ? cronJobName(name) : name}-${completions - 1}`;
    const problem = dns1123LabelErrors(hostname).join('; ');
    if (problem) report(`will not be able to create pods with hostname '${hostname}': ${problem}`, ['metadata', 'name']);
  }
}

/** A non-negative integer field; reported and undefined when it is anything else. */
function countAt(obj: unknown, key: string, path: FieldPath, ctx: ConvertContext): number | undefined {
  if (!isObject(obj) || obj[key] === undefined || obj[key] === null) return undefined;
  const value = numberAt(obj, key);
  if (value !== undefined && Number.isInteger(value) && value >= 0) return value;
  const message = `${key} ${JSON.stringify(obj[key])} must be a non-negative integer`;
  ctx.report({ code: CODE, severity: 'error', message, fieldPath: path });
  return undefined;
}

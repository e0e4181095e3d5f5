/**
 * Raw Pod / PodTemplateSpec → lean `Pod`. A `kind: Pod` document may be a plain manifest (no status:
 * kreach assumes it Running and Ready and will give it an IP and a node) or part of a
 * `kubectl get -o yaml` dump (status read as the EndpointSlice controller reads it). Pod templates
 * of workloads use the same spec converter and always carry assumed status.
 */
import type { OwnerRef, Pod } from '../model/index.js';
import type { ConvertContext, FieldPath } from './context.js';
import { controllerOwner, metaFromObject, objectLabel, reportingFor } from './object-meta.js';
import { podSpecFromObject } from './pod-spec.js';
import { hasStatus, podStatusFromObject } from './pod-status.js';
import type { RawObject } from './raw.js';
import { objectAt } from './raw.js';

/** Label the Deployment controller puts on a ReplicaSet and its pods (`pod-template-hash`). */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** A `kind: Pod` document (manifest or dump with status). Never throws; problems become findings. */
export function podFromObject(obj: RawObject, ctx: ConvertContext): Pod {
  const code = 'pod-invalid';
  const meta = metaFromObject(obj, ctx, { code, kind: 'Pod' });
  const reporting = reportingFor(ctx, objectLabel('Pod', meta));
  const spec = podSpecFromObject(objectAt(obj, 'spec'), { ctx: reporting, path: ['spec'], code });
  const status = podStatusFromObject(obj['status'], { ctx: reporting, path: ['status'], code });
  const pod: Pod = { meta, ...spec, phase: status.phase, ready: status.ready, podIPs: status.podIPs, assumed: [] };
  if (status.assumed) pod.assumed.push('status');
  // Without any status the pod is only a manifest: its IP and (unless pinned) its node are kreach's.
  if (!hasStatus(obj['status'])) {
    pod.assumed.push('ip');
    if (!pod.nodeName) pod.assumed.push('node');
  }
  const owner = podOwner(obj, meta.labels);
  if (owner) pod.owner = owner;
  return pod;
}

export interface TemplateOptions {
  ctx: ConvertContext;
  /** Path of the template (`['spec', 'template']`). */
  path: FieldPath;
  /** The workload's namespace; templates have none of their own. */
  namespace: string;
  owner?: OwnerRef;
  code: string;
}

/**
 * A workload's pod template as a Pod: name `''`, the workload's namespace, the template's labels and
 * annotations, and the state simulated pods assume (Running, Ready, IP and node to be assigned).
 */
export function podFromTemplate(template: unknown, options: TemplateOptions): Pod {
  const { ctx, path, code } = options;
  const meta = metaFromObject(template, ctx, { code, path, namespace: options.namespace, template: true });
  const spec = podSpecFromObject(objectAt(template, 'spec'), { ctx, path: [...path, 'spec'], code });
  const pod: Pod = { meta, ...spec, phase: 'Running', ready: true, podIPs: [], assumed: ['object', 'status', 'ip', 'node'] };
  if (options.owner) pod.owner = { ...options.owner };
  return pod;
}

/**
 * The workload that would (re)create this pod. A ReplicaSet named `<deployment>-<hash>`, where the
 * pod's `pod-template-hash` label is that hash, belongs to a Deployment (`pkg/controller/deployment`
 * names ReplicaSets so); the pod is then shown as the Deployment's. Other owners are kept as named.
 */
export function podOwner(obj: unknown, labels: Record<string, string>): OwnerRef | undefined {
  const ref = controllerOwner(obj);
  if (!ref) return undefined;
  const hash = labels[POD_TEMPLATE_HASH_LABEL];
  if (ref.kind === 'ReplicaSet' && hash && ref.name.length > hash.length + 1 && ref.name.endsWith(`-${hash}`)) {
    return { kind: 'Deployment', name: ref.name.slice(0, -(hash.length + 1)) };
  }
  return ref;
}

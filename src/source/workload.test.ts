/**
 * Workload conversion for every kind. Rows cite kubernetes/kubernetes: `apps defaults` is
 * pkg/apis/apps/v1/defaults.go, `core defaults` pkg/apis/core/v1/defaults.go, `batch defaults`
 * pkg/apis/batch/v1/defaults.go, `apps validation` pkg/apis/apps/validation/validation.go, `batch
 * validation` pkg/apis/batch/validation/validation.go.
 */
import { describe, expect, it } from 'vitest';
import type { Finding, Workload } from '../model/index.js';
import { literalContext } from './context.js';
import type { RawObject } from './raw.js';
import { NotAWorkloadError, workloadFromObject } from './workload.js';

const template = (labels: Record<string, string> = { app: 'web' }): RawObject => ({
  metadata: { labels, annotations: { team: 'a' } },
  spec: { containers: [{ name: 'app', ports: [{ name: 'http', containerPort: 8080 }] }] },
});

const doc = (kind: string, spec: RawObject, metadata: RawObject = {}): RawObject => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name: 'web', namespace: 'shop', ...metadata },
  spec,
});

const matchApp = { matchLabels: { app: 'web' } };

function convert(obj: RawObject): { w: Workload; findings: Finding[] } {
  const findings: Finding[] = [];
  return { w: workloadFromObject(obj, literalContext(findings)), findings };
}

describe('workloadFromObject: fields and defaults per kind', () => {
  const rows: Array<[string, RawObject, Partial<Workload>]> = [
    ['Deployment: replicas default 1 (apps defaults SetDefaults_Deployment)', doc('Deployment', { selector: matchApp, template: template() }), { kind: 'Deployment', replicas: 1 }],
    ['Deployment: replicas 0 is honoured', doc('Deployment', { replicas: 0, selector: matchApp, template: template() }), { replicas: 0 }],
    [
      'Deployment: matchExpressions selector',
      doc('Deployment', { replicas: 3, selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }, template: template() }),
      { replicas: 3, selector: { matchLabels: {}, matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] } },
    ],
    [
      'ReplicaSet owned by a Deployment records ownedBy',
      doc('ReplicaSet', { replicas: 2, selector: matchApp, template: template() }, { ownerReferences: [{ kind: 'Deployment', name: 'web', controller: true }] }),
      { kind: 'ReplicaSet', replicas: 2, ownedBy: { kind: 'Deployment', name: 'web' } },
    ],
    [
      'ReplicationController: plain map selector',
      doc('ReplicationController', { replicas: 2, selector: { app: 'web' }, template: template({ app: 'web', v: '1' }) }),
      { selector: { matchLabels: { app: 'web' }, matchExpressions: [] }, templateLabels: { app: 'web', v: '1' } },
    ],
    [
      'ReplicationController: selector defaults to template labels (core defaults SetDefaults_ReplicationController)',
      doc('ReplicationController', { template: template({ app: 'web', v: '1' }) }),
      { selector: { matchLabels: { app: 'web', v: '1' }, matchExpressions: [] } },
    ],
    [
      'StatefulSet: serviceName, podManagementPolicy default OrderedReady (apps defaults), ordinals.start default 0',
      doc('StatefulSet', { replicas: 3, serviceName: 'web-peers', selector: matchApp, template: template() }),
      { serviceName: 'web-peers', podManagementPolicy: 'OrderedReady', ordinalsStart: 0, replicas: 3 },
    ],
    [
      'StatefulSet: Parallel and ordinals.start 5',
      doc('StatefulSet', { replicas: 2, podManagementPolicy: 'Parallel', ordinals: { start: 5 }, selector: matchApp, template: template() }),
      { podManagementPolicy: 'Parallel', ordinalsStart: 5 },
    ],
    ['DaemonSet: replicas decided by nodes at expansion', doc('DaemonSet', { selector: matchApp, template: template() }), { kind: 'DaemonSet', replicas: 0 }],
    ['Job: parallelism and completions default 1 (batch defaults SetDefaults_Job)', doc('Job', { template: template() }), { parallelism: 1, completions: 1, replicas: 1 }],
    ['Job: Indexed with neither count gets completions 1 (batch defaults)', doc('Job', { completionMode: 'Indexed', template: template() }), { indexed: true, completions: 1, replicas: 1 }],
    ['Job: parallelism only is a work queue, completions unset', doc('Job', { parallelism: 3, template: template() }), { parallelism: 3, completions: undefined, replicas: 3 }],
    ['Job: min(parallelism, completions) run', doc('Job', { parallelism: 2, completions: 5, template: template() }), { parallelism: 2, completions: 5, replicas: 2 }],
    ['Job: completions only → parallelism 1', doc('Job', { completions: 4, template: template() }), { parallelism: 1, completions: 4, replicas: 1 }],
    ['Job: Indexed', doc('Job', { completionMode: 'Indexed', completions: 3, parallelism: 3, template: template() }), { indexed: true, replicas: 3 }],
    ['Job: suspended runs nothing', doc('Job', { suspend: true, template: template() }), { suspended: true, replicas: 0 }],
    [
      'CronJob: jobTemplate.spec carries counts and template',
      doc('CronJob', { schedule: '*/5 * * * *', jobTemplate: { spec: { parallelism: 2, completions: 2, completionMode: 'Indexed', template: template() } } }),
      { kind: 'CronJob', parallelism: 2, completions: 2, indexed: true, replicas: 2, templateLabels: { app: 'web' } },
    ],
    ['CronJob: spec.suspend', doc('CronJob', { suspend: true, jobTemplate: { spec: { template: template() } } }), { suspended: true, replicas: 0 }],
  ];
  it.each(rows)('%s', (_name, obj, expected) => {
    const { w, findings } = convert(obj);
    expect(findings).toEqual([]);
    const present = Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== undefined));
    expect(w).toMatchObject(present);
    for (const [key, value] of Object.entries(expected)) if (value === undefined) expect(w[key as keyof Workload]).toBeUndefined();
  });

  it('the template becomes a Pod with assumed state, the workload namespace and template metadata', () => {
    const { w } = convert(doc('Deployment', { selector: matchApp, template: template() }));
    expect(w.podNames).toEqual([]);
    expect(w.template).toMatchObject({
      meta: { name: '', namespace: 'shop', labels: { app: 'web' }, annotations: { team: 'a' } },
      phase: 'Running',
      ready: true,
      podIPs: [],
      assumed: ['object', 'status', 'ip', 'node'],
      owner: { kind: 'Deployment', name: 'web' },
      containers: [{ name: 'app', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }],
    });
  });
});

describe('workloadFromObject: invalid input becomes findings', () => {
  const rows: Array<[string, RawObject, string[], Partial<Workload>]> = [
    ['apps/v1 selector is required (apps validation); template labels used', doc('Deployment', { template: template() }), ['spec.selector'], { selector: { matchLabels: { app: 'web' }, matchExpressions: [] } }],
    ['selector must match template labels (apps validation ValidateDeploymentSpec)', doc('Deployment', { selector: { matchLabels: { app: 'api' } }, template: template() }), ['spec.selector'], {}],
    ['empty selector is invalid for apps/v1', doc('DaemonSet', { selector: {}, template: template() }), ['spec.selector'], {}],
    ['negative replicas → 1', doc('Deployment', { replicas: -1, selector: matchApp, template: template() }), ['spec.replicas'], { replicas: 1 }],
    ['replicas as a string → 1', doc('StatefulSet', { replicas: '3', selector: matchApp, template: template() }), ['spec.replicas'], { replicas: 1 }],
    ['missing template', doc('Deployment', { selector: matchApp }), ['spec.template', 'spec.template.spec.containers', 'spec.selector'], {}],
    [
      'StatefulSet name over 52 characters: controller-revision-hash too long (kubernetes/kubernetes#64023)',
      doc('StatefulSet', { selector: matchApp, template: template() }, { name: 's'.repeat(53) }),
      ['metadata.name'],
      {},
    ],
    ['StatefulSet negative ordinals.start', doc('StatefulSet', { ordinals: { start: -1 }, selector: matchApp, template: template() }), ['spec.ordinals.start'], { ordinalsStart: 0 }],
    ['Indexed Job needs completions (batch validation)', doc('Job', { completionMode: 'Indexed', parallelism: 2, template: template() }), ['spec.completions'], { indexed: true }],
    [
      'Indexed Job: <job>-<completions-1> must be a DNS-1123 label (batch validation ValidateJob)',
      doc('Job', { completionMode: 'Indexed', completions: 10, template: template() }, { name: 'j'.repeat(62) }),
      ['metadata.name'],
      {},
    ],
    ['CronJob name over 52 characters (batch validation ValidateCronJob)', doc('CronJob', { jobTemplate: { spec: { template: template() } } }, { name: 'c'.repeat(53) }), ['metadata.name'], {}],
    ['unknown completionMode', doc('Job', { completionMode: 'Sequential', template: template() }), ['spec.completionMode'], {}],
  ];
  it.each(rows)('%s', (_name, obj, paths, expected) => {
    const { w, findings } = convert(obj);
    expect(findings.map((f) => f.path)).toEqual(paths);
    expect(findings.every((f) => f.code === 'workload-invalid' && f.object?.startsWith(`${String(obj['kind'])} shop/`))).toBe(true);
    expect(w).toMatchObject(expected);
  });

  it('a non-workload kind is a caller bug: throws with a code', () => {
    expect(() => workloadFromObject({ kind: 'Service' }, literalContext())).toThrowError(NotAWorkloadError);
    expect(() => workloadFromObject({ kind: 'Service' }, literalContext())).toThrowError(expect.objectContaining({ code: 'not-a-workload' }));
  });
});

/**
 * Workload expansion per services.md §6. Rows cite the kubernetes/kubernetes controller code that
 * defines each rule: pkg/controller/deployment (sync.go, ReplicaSet `<name>-<pod-template-hash>`),
 * staging apiserver `storage/names/generate.go` (SimpleNameGenerator: 58-char prefix + 5 characters),
 * pkg/controller/statefulset/stateful_set_utils.go (getPodName, initIdentity, updateIdentity),
 * pkg/controller/daemon (one pod per node), pkg/controller/job (manageJob, podGenerateNameWithIndex,
 * indexed_job_utils.go) and pkg/controller/cronjob/utils.go (getJobName).
 */
import { describe, expect, it } from 'vitest';
import type { Pod, Workload } from '../model/index.js';
import { dns1123SubdomainErrors } from '../model/validation.js';
import { literalContext } from '../source/context.js';
import type { RawObject } from '../source/raw.js';
import { workloadFromObject } from '../source/workload.js';
import { expandWorkload } from './expand.js';
import { CRONJOB_SCHEDULED_MINUTE } from './names.js';

const SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]{5}';
const HASH = '[bcdfghjklmnpqrstvwxz2456789]{10}';
const NODES = ['node-a', 'node-b', 'node-c'];

function workload(kind: string, spec: RawObject, metadata: RawObject = {}, podSpec: RawObject = {}): Workload {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', ports: [{ name: 'http', containerPort: 8080 }] }], ...podSpec } };
  const podsSpec = kind === 'CronJob' ? { jobTemplate: { spec: { ...spec, template } } } : { selector: { matchLabels: { app: 'web' } }, ...spec, template };
  return workloadFromObject({ kind, metadata: { name: 'web', namespace: 'shop', ...metadata }, spec: podsSpec }, literalContext());
}

const names = (pods: Pod[]): string[] => pods.map((p) => p.meta.name);

describe('expandWorkload: names per kind', () => {
  const rows: Array<[string, Workload, RegExp[]]> = [
    ['Deployment → <deployment>-<pod-template-hash>-<5> (deployment sync.go + SimpleNameGenerator)', workload('Deployment', { replicas: 3 }), Array(3).fill(new RegExp(`^web-${HASH}-${SUFFIX}$`))],
    ['Deployment with replicas 0 → no pods', workload('Deployment', { replicas: 0 }), []],
    ['ReplicaSet → <rs>-<5>', workload('ReplicaSet', { replicas: 2 }), Array(2).fill(new RegExp(`^web-${SUFFIX}$`))],
    ['ReplicationController → <rc>-<5>', workload('ReplicationController', { replicas: 2, selector: { app: 'web' } }), Array(2).fill(new RegExp(`^web-${SUFFIX}$`))],
    ['StatefulSet → <sts>-<ordinal> (getPodName)', workload('StatefulSet', { replicas: 3 }), [/^web-0$/, /^web-1$/, /^web-2$/]],
    ['StatefulSet ordinals.start 5 → web-5… (getStartOrdinal)', workload('StatefulSet', { replicas: 2, ordinals: { start: 5 } }), [/^web-5$/, /^web-6$/]],
    ['DaemonSet over 3 nodes → one <ds>-<5> each', workload('DaemonSet', {}), Array(3).fill(new RegExp(`^web-${SUFFIX}$`))],
    ['Job → min(parallelism, completions) pods <job>-<5> (manageJob)', workload('Job', { parallelism: 2, completions: 5 }), Array(2).fill(new RegExp(`^web-${SUFFIX}$`))],
    ['Job work queue → parallelism pods', workload('Job', { parallelism: 4 }), Array(4).fill(new RegExp(`^web-${SUFFIX}$`))],
    ['Job suspended → none', workload('Job', { suspend: true }), []],
    ['Indexed Job → <job>-<index>-<5> (podGenerateNameWithIndex)', workload('Job', { completionMode: 'Indexed', completions: 3, parallelism: 3 }), [0, 1, 2].map((i) => new RegExp(`^web-${i}-${SUFFIX}$`))],
    ['CronJob → Job <cronjob>-<minutes> → <job>-<5> (cronjob getJobName)', workload('CronJob', { parallelism: 1 }), [new RegExp(`^web-${CRONJOB_SCHEDULED_MINUTE}-${SUFFIX}$`)]],
    ['CronJob with Indexed job template', workload('CronJob', { completionMode: 'Indexed', completions: 2, parallelism: 2 }), [0, 1].map((i) => new RegExp(`^web-${CRONJOB_SCHEDULED_MINUTE}-${i}-${SUFFIX}$`))],
  ];
  it.each(rows)('%s', (_name, w, patterns) => {
    const pods = expandWorkload(w, NODES);
    expect(pods).toHaveLength(patterns.length);
    pods.forEach((pod, i) => expect(pod.meta.name).toMatch(patterns[i] as RegExp));
    expect(new Set(names(pods)).size).toBe(pods.length);
    expect(w.podNames).toEqual(pods.map((p) => `shop/${p.meta.name}`));
  });

  it('CronJob scheduled minute stands for 2025-01-01T00:00Z', () => {
    expect(new Date(CRONJOB_SCHEDULED_MINUTE * 60_000).toISOString()).toBe('2025-01-01T00:00:00.000Z');
  });
});

describe('expandWorkload: what every generated pod carries', () => {
  it.each(['Deployment', 'ReplicaSet', 'StatefulSet', 'Job', 'CronJob'])('%s pods: owner is the workload, assumed object, no IP, no node', (kind) => {
    const w = workload(kind, kind === 'CronJob' || kind === 'Job' ? {} : { replicas: 2 });
    for (const pod of expandWorkload(w, NODES)) {
      expect(pod.owner).toEqual({ kind, name: 'web' });
      expect(pod.meta.namespace).toBe('shop');
      expect(pod.meta.labels['app']).toBe('web');
      expect(pod.assumed).toEqual(['object', 'status', 'ip', 'node']);
      expect(pod.podIPs).toEqual([]);
      expect(pod.nodeName).toBeUndefined();
      expect(pod.containers[0]?.ports[0]).toEqual({ name: 'http', containerPort: 8080, protocol: 'TCP' });
    }
  });

  it('Deployment: pod-template-hash label equals the hash in the name', () => {
    const [pod] = expandWorkload(workload('Deployment', {}), NODES);
    const hash = pod?.meta.labels['pod-template-hash'] ?? '';
    expect(hash).toMatch(new RegExp(`^${HASH}$`));
    expect(pod?.meta.name.startsWith(`web-${hash}-`)).toBe(true);
  });

  it('StatefulSet identity: hostname, subdomain = serviceName, pod-name / pod-index / controller-revision-hash labels (initIdentity)', () => {
    const pods = expandWorkload(workload('StatefulSet', { replicas: 2, serviceName: 'web-peers', ordinals: { start: 3 } }), NODES);
    expect(pods.map((p) => [p.hostname, p.subdomain, p.meta.labels['statefulset.kubernetes.io/pod-name'], p.meta.labels['apps.kubernetes.io/pod-index']])).toEqual([
      ['web-3', 'web-peers', 'web-3', '3'],
      ['web-4', 'web-peers', 'web-4', '4'],
    ]);
    expect(pods[0]?.meta.labels['controller-revision-hash']).toMatch(new RegExp(`^web-${HASH}$`));
  });

  it('StatefulSet without serviceName clears a template subdomain (initIdentity sets Subdomain = serviceName)', () => {
    const [pod] = expandWorkload(workload('StatefulSet', {}, {}, { subdomain: 'other' }), NODES);
    expect(pod?.subdomain).toBeUndefined();
    expect(pod?.hostname).toBe('web-0');
  });

  it('Deployment replicas share a template hostname (every replica gets it: a lint target)', () => {
    const pods = expandWorkload(workload('Deployment', { replicas: 2 }, {}, { hostname: 'fixed' }), NODES);
    expect(pods.map((p) => p.hostname)).toEqual(['fixed', 'fixed']);
  });

  it('Indexed Job: hostname <job>-<index>, completion index label and annotation (indexed_job_utils.go)', () => {
    const pods = expandWorkload(workload('Job', { completionMode: 'Indexed', completions: 2, parallelism: 2 }), NODES);
    expect(pods.map((p) => [p.hostname, p.meta.labels['batch.kubernetes.io/job-completion-index'], p.meta.annotations['batch.kubernetes.io/job-completion-index']])).toEqual([
      ['web-0', '0', '0'],
      ['web-1', '1', '1'],
    ]);
    expect(pods[0]?.meta.labels).toMatchObject({ 'batch.kubernetes.io/job-name': 'web', 'job-name': 'web' });
  });

  it('CronJob pods: job-name is the Job <cronjob>-<minutes>, owner the CronJob', () => {
    const [pod] = expandWorkload(workload('CronJob', {}), NODES);
    expect(pod?.meta.labels['job-name']).toBe(`web-${CRONJOB_SCHEDULED_MINUTE}`);
    expect(pod?.owner).toEqual({ kind: 'CronJob', name: 'web' });
  });

  it('CronJob suspended → no Job, no pods', () => {
    expect(expandWorkload(workloadFromObject({ kind: 'CronJob', metadata: { name: 'c' }, spec: { suspend: true, jobTemplate: { spec: { template: {} } } } }, literalContext()), NODES)).toEqual([]);
  });
});

describe('expandWorkload: DaemonSet placement (pkg/controller/daemon NodeShouldRunDaemonPod, simplified)', () => {
  it.each<[string, RawObject, string[]]>([
    ['every node', {}, NODES],
    ['nodeSelector kubernetes.io/hostname pins one node', { nodeSelector: { 'kubernetes.io/hostname': 'node-b' } }, ['node-b']],
    ['other nodeSelector keys are ignored (node labels unknown): every node', { nodeSelector: { disktype: 'ssd' } }, NODES],
    ['template nodeName restricts to that node', { nodeName: 'node-c' }, ['node-c']],
  ])('%s', (_name, podSpec, nodes) => {
    const w = workload('DaemonSet', {}, {}, podSpec);
    const pods = expandWorkload(w, NODES);
    expect(pods.map((p) => p.nodeName)).toEqual(nodes);
    expect(w.replicas).toBe(nodes.length);
    for (const pod of pods) {
      expect(pod.assumed).toEqual(['object', 'status', 'ip']);
      expect(pod.meta.labels['controller-revision-hash']).toMatch(new RegExp(`^${HASH}$`));
      expect(pod.meta.labels['pod-template-generation']).toBe('1');
    }
  });

  it('no nodes → no pods', () => {
    expect(expandWorkload(workload('DaemonSet', {}), [])).toEqual([]);
  });

  it('a pod keeps its name when another node is added', () => {
    const before = expandWorkload(workload('DaemonSet', {}), NODES);
    const after = expandWorkload(workload('DaemonSet', {}), [...NODES, 'node-d']);
    expect(after.slice(0, 3).map((p) => p.meta.name)).toEqual(names(before));
  });
});

describe('expandWorkload: determinism and name validity', () => {
  const kinds: Array<[string, RawObject]> = [
    ['Deployment', { replicas: 5 }],
    ['ReplicaSet', { replicas: 5 }],
    ['StatefulSet', { replicas: 5 }],
    ['DaemonSet', {}],
    ['Job', { parallelism: 5 }],
    ['CronJob', { completionMode: 'Indexed', completions: 5, parallelism: 5 }],
  ];
  it.each(kinds)('%s: expanding twice, or converting again, gives the same names', (kind, spec) => {
    const w = workload(kind, spec);
    const first = names(expandWorkload(w, NODES));
    expect(names(expandWorkload(w, NODES))).toEqual(first);
    expect(names(expandWorkload(workload(kind, spec), NODES))).toEqual(first);
  });

  it('the pod-template-hash follows the template content, not where it was written', () => {
    const raw = (hostNetwork: boolean): RawObject => ({
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { hostNetwork, containers: [{ name: 'app' }] } } },
    });
    const elsewhere = { ...literalContext(), source: { file: 'other.yaml', docIndex: 4, line: 90, col: 1 } };
    const hash = (w: Workload): string | undefined => expandWorkload(w, NODES)[0]?.meta.labels['pod-template-hash'];
    const original = hash(workloadFromObject(raw(false), literalContext()));
    expect(hash(workloadFromObject(raw(false), elsewhere))).toBe(original);
    expect(hash(workloadFromObject(raw(true), literalContext()))).not.toBe(original);
  });

  it.each<[string, Workload]>([
    ['long Deployment name: prefix cut to 58, pod name 63 (SimpleNameGenerator)', workload('Deployment', { replicas: 3 }, { name: 'd'.repeat(60) })],
    ['long ReplicaSet name', workload('ReplicaSet', { replicas: 3 }, { name: `r.${'r'.repeat(70)}` })],
    ['long Indexed Job name: index kept after truncation (podGenerateNameWithIndex)', workload('Job', { completionMode: 'Indexed', completions: 1 }, { name: 'j'.repeat(60) })],
    ['long DaemonSet name', workload('DaemonSet', {}, { name: 'a'.repeat(63) })],
  ])('%s: names are DNS-1123 subdomains of at most 63 characters', (_name, w) => {
    const pods = expandWorkload(w, NODES);
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) {
      expect(pod.meta.name.length).toBeLessThanOrEqual(63);
      expect(dns1123SubdomainErrors(pod.meta.name)).toEqual([]);
    }
    if (w.indexed) expect(pods[0]?.meta.name).toMatch(new RegExp(`^j{55}-0-${SUFFIX}$`));
  });

  it.each<[string, Workload]>([
    ['StatefulSet name of 53 characters: revision label over 63 (kubernetes/kubernetes#64023)', workload('StatefulSet', { replicas: 2 }, { name: 's'.repeat(53) })],
    ['StatefulSet name with a dot: hostname <sts>-<ordinal> is not a DNS-1123 label', workload('StatefulSet', { replicas: 1 }, { name: 'web.v1' })],
  ])('%s: the controller cannot create the pods, so none are simulated', (_name, w) => {
    expect(expandWorkload(w, NODES)).toEqual([]);
    expect(w.podNames).toEqual([]);
  });

  it('pods are copies: changing one leaves the template and its siblings alone', () => {
    const w = workload('Deployment', { replicas: 2 });
    const [a, b] = expandWorkload(w, NODES);
    a?.containers[0]?.ports.push({ containerPort: 1, protocol: 'UDP' });
    if (a) a.meta.labels['x'] = 'y';
    expect(b?.containers[0]?.ports).toHaveLength(1);
    expect(w.template.containers[0]?.ports).toHaveLength(1);
    expect(w.template.meta.labels).toEqual({ app: 'web' });
    expect(w.template.meta.name).toBe('');
  });
});

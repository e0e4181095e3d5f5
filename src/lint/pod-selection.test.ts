/**
 * The selection memo answers as a scan of the namespace would (`cluster.pods(ns)`, running pods,
 * `matchesSelector`), in the same order, and forgets its answers when the store changes.
 */
import { describe, expect, it } from 'vitest';
import { makePod } from '../../test/fixtures.js';
import { policyCluster, sel } from '../../test/policy-fixtures.js';
import type { Cluster } from '../cluster/cluster.js';
import { isTerminal } from '../model/index.js';
import { matchesSelector } from '../model/labels.js';
import { podSelection } from './pod-selection.js';

const labelled = (name: string, labels: string, ns = 'shop', tweak: Parameters<typeof makePod>[1] = () => {}) =>
  makePod(name, (p) => ((p.meta.labels = sel(labels).matchLabels), tweak(p)), ns);

function setup(): Cluster {
  return policyCluster([
    labelled('web-b', 'app=web,tier=frontend'),
    labelled('web-a', 'app=web,tier=frontend'),
    labelled('web-done', 'app=web,tier=frontend', 'shop', (p) => (p.phase = 'Succeeded')),
    labelled('api', 'app=api,tier=backend'),
    labelled('host', 'app=web,tier=frontend', 'shop', (p) => (p.hostNetwork = true)),
    labelled('web-other', 'app=web', 'tools'),
  ], []);
}

/** What the memo stands in for. */
function scan(cluster: Cluster, ns: string, text: string): string[] {
  const selector = sel(text);
  return cluster.pods(ns).filter((p) => !isTerminal(p) && matchesSelector(selector, p.meta.labels)).map((p) => p.meta.name);
}

const cases: Array<{ name: string; ns: string; selector: string; want: string[] }> = [
  { name: 'matchLabels, by name, terminal left out, hostNetwork kept', ns: 'shop', selector: 'app=web', want: ['host', 'web-a', 'web-b'] },
  { name: 'two matchLabels pairs', ns: 'shop', selector: 'app=web,tier=frontend', want: ['host', 'web-a', 'web-b'] },
  { name: 'matchLabels and an expression', ns: 'shop', selector: 'app=web,tier notin (frontend)', want: [] },
  { name: 'expressions only', ns: 'shop', selector: 'tier in (backend,frontend),app!=web', want: ['api'] },
  { name: 'empty selector: every running pod', ns: 'shop', selector: '', want: ['api', 'host', 'web-a', 'web-b'] },
  { name: 'a label no pod has', ns: 'shop', selector: 'app=db', want: [] },
  { name: 'only the namespace asked', ns: 'tools', selector: 'app=web', want: ['web-other'] },
  { name: 'a namespace without pods', ns: 'empty', selector: '', want: [] },
];

describe('podSelection', () => {
  for (const c of cases) {
    it(c.name, () => {
      const cluster = setup();
      const got = podSelection(cluster).matching(c.ns, sel(c.selector)).map((p) => p.meta.name);
      expect(got).toEqual(c.want);
      expect(got).toEqual(scan(cluster, c.ns, c.selector));
      // Asked again: the same answer, from the memo.
      expect(podSelection(cluster).matching(c.ns, sel(c.selector))).toBe(podSelection(cluster).matching(c.ns, sel(c.selector)));
    });
  }

  it('forgets its answers when the store changes', () => {
    const cluster = setup();
    const before = podSelection(cluster);
    expect(before.matching('shop', sel('app=api')).map((p) => p.meta.name)).toEqual(['api']);
    expect(before.covers('tools')).toBe(true);
    cluster.store.upsert('Pod', labelled('api-2', 'app=api'));
    cluster.store.remove('Pod', 'tools', 'web-other');
    const after = podSelection(cluster);
    expect(after).not.toBe(before);
    expect(after.matching('shop', sel('app=api')).map((p) => p.meta.name)).toEqual(['api', 'api-2']);
    expect(after.covers('tools')).toBe(false);
  });

  it('keeps one memo per cluster', () => {
    const one = setup();
    const two = setup();
    expect(podSelection(one)).toBe(podSelection(one));
    expect(podSelection(one)).not.toBe(podSelection(two));
  });
});

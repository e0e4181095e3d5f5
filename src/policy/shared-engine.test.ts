/**
 * One engine per cluster, kept across questions, and still right after the cluster changes (the
 * engine follows the store; cache.test.ts covers each kind of change in depth).
 */
import { describe, expect, it } from 'vitest';
import { makePod } from '../../test/fixtures.js';
import { makePolicy, policyCluster, sel } from '../../test/policy-fixtures.js';
import type { Pod } from '../model/index.js';
import { sharedPolicyEngine } from './shared-engine.js';
import { podPeer } from './types.js';

function setup() {
  const client = makePod('client', (p) => ((p.meta.labels = { app: 'client' }), (p.podIPs = ['10.244.2.10'])), 'shop');
  const api = makePod('api', (p) => ((p.meta.labels = { app: 'api' }), (p.podIPs = ['10.244.1.20'])), 'shop');
  const cluster = policyCluster([client, api], []);
  const allowed = () => sharedPolicyEngine(cluster).evaluate(podPeer(cluster.pod('shop', 'client') as Pod), podPeer(cluster.pod('shop', 'api') as Pod), 8080, 'TCP').allowed;
  return { cluster, allowed };
}

describe('sharedPolicyEngine', () => {
  it('is one engine per cluster', () => {
    const one = setup().cluster;
    const two = setup().cluster;
    expect(sharedPolicyEngine(one)).toBe(sharedPolicyEngine(one));
    expect(sharedPolicyEngine(one)).not.toBe(sharedPolicyEngine(two));
  });

  it('follows policies added, changed and removed after its first answer', () => {
    const { cluster, allowed } = setup();
    const engine = sharedPolicyEngine(cluster);
    expect(allowed()).toBe(true);
    cluster.store.upsert('NetworkPolicy', makePolicy('deny-api', (p) => (p.podSelector = sel('app=api')), 'shop'));
    expect(allowed()).toBe(false);
    cluster.store.upsert('NetworkPolicy', makePolicy('deny-api', (p) => (p.podSelector = sel('app=other')), 'shop'));
    expect(allowed()).toBe(true);
    cluster.store.upsert('NetworkPolicy', makePolicy('deny-api', (p) => (p.podSelector = sel('app=api')), 'shop'));
    cluster.store.remove('NetworkPolicy', 'shop', 'deny-api');
    expect(allowed()).toBe(true);
    expect(sharedPolicyEngine(cluster)).toBe(engine);
  });
});

/**
 * The engine follows the cluster store: every cached answer (policies per namespace, selections per
 * label set, namespaceSelector matches) must give way when a policy, pod or namespace changes.
 * Each case evaluates once to fill the caches, changes the store, and evaluates again.
 */
import { describe, expect, it } from 'vitest';
import { makePod } from '../../test/fixtures.js';
import type { Pod } from '../model/index.js';
import { PolicyEngine } from './engine.js';
import { ipBlock, makeNamespace, makePolicy, peer, policyCluster, rule, sel } from '../../test/policy-fixtures.js';
import type { Peer } from './types.js';

const at = (name: string, ns: string, labels: string, ip: string) =>
  makePod(name, (p) => ((p.meta.labels = sel(labels).matchLabels), (p.podIPs = [ip])), ns);

function setup() {
  const client = at('client', 'tools', 'app=client', '10.244.2.10');
  const api = at('api', 'shop', 'app=api', '10.244.1.20');
  const cluster = policyCluster([client, api], [], [makeNamespace('tools', { team: 'tools' }), makeNamespace('shop')]);
  const engine = new PolicyEngine(cluster);
  const current = (key: 'client' | 'api'): Peer => {
    const pod = key === 'client' ? cluster.pod('tools', 'client') : cluster.pod('shop', 'api');
    return { kind: 'pod', pod: pod as Pod };
  };
  const allowed = () => engine.evaluate(current('client'), current('api'), 8080, 'TCP').allowed;
  return { cluster, engine, allowed };
}

const fromTools = makePolicy('from-tools', (p) => ((p.podSelector = sel('app=api')), (p.ingress = [rule([peer({ ns: 'team=tools' })])])), 'shop');

describe('PolicyEngine follows store changes', () => {
  it('a policy added, replaced and removed', () => {
    const { cluster, allowed } = setup();
    expect(allowed()).toBe(true);
    cluster.store.upsert('NetworkPolicy', makePolicy('deny', () => {}, 'shop'));
    expect(allowed()).toBe(false);
    cluster.store.upsert('NetworkPolicy', makePolicy('deny', (p) => (p.podSelector = sel('app=other')), 'shop'));
    expect(allowed()).toBe(true);
    cluster.store.upsert('NetworkPolicy', makePolicy('deny', () => {}, 'shop'));
    expect(allowed()).toBe(false);
    cluster.store.remove('NetworkPolicy', 'shop', 'deny');
    expect(allowed()).toBe(true);
  });

  it('a policy in another namespace does not disturb, one in the source namespace isolates egress', () => {
    const { cluster, allowed, engine } = setup();
    expect(allowed()).toBe(true);
    cluster.store.upsert('NetworkPolicy', makePolicy('deny-out', (p) => (p.policyTypes = ['Egress']), 'tools'));
    expect(allowed()).toBe(false);
    expect(engine.policiesSelecting(cluster.pod('tools', 'client') as Pod, 'egress').map((p) => p.meta.name)).toEqual(['deny-out']);
  });

  it('a pod relabelled into and out of a policy selector', () => {
    const { cluster, allowed } = setup();
    cluster.store.upsert('NetworkPolicy', makePolicy('deny-api', (p) => (p.podSelector = sel('app=api')), 'shop'));
    expect(allowed()).toBe(false);
    cluster.store.upsert('Pod', at('api', 'shop', 'app=api-v2', '10.244.1.20'));
    expect(allowed()).toBe(true);
    // The same object edited in place and upserted again: the label-set cache must not keep it.
    const pod = cluster.pod('shop', 'api') as Pod;
    pod.meta.labels.app = 'api';
    cluster.store.upsert('Pod', pod);
    expect(allowed()).toBe(false);
  });

  it('a source pod relabelled out of a podSelector peer', () => {
    const { cluster, allowed } = setup();
    cluster.store.upsert('NetworkPolicy', makePolicy('from-client', (p) => (p.ingress = [rule([peer({ ns: '', pods: 'app=client' })])]), 'shop'));
    expect(allowed()).toBe(true);
    cluster.store.upsert('Pod', at('client', 'tools', 'app=other', '10.244.2.10'));
    expect(allowed()).toBe(false);
  });

  it('namespace labels changed: namespaceSelector matches are recomputed', () => {
    const { cluster, allowed } = setup();
    cluster.store.upsert('NetworkPolicy', fromTools);
    expect(allowed()).toBe(true);
    cluster.store.upsert('Namespace', makeNamespace('tools', { team: 'platform' }));
    expect(allowed()).toBe(false);
    cluster.store.upsert('Namespace', makeNamespace('tools', { team: 'tools' }));
    expect(allowed()).toBe(true);
  });

  it('a namespace missing from the store still has its kubernetes.io/metadata.name label (§2.6)', () => {
    const { cluster, allowed } = setup();
    cluster.store.upsert('NetworkPolicy', makePolicy('by-name', (p) => (p.ingress = [rule([peer({ ns: 'kubernetes.io/metadata.name=tools' })])]), 'shop'));
    cluster.store.remove('Namespace', '', 'tools');
    expect(allowed()).toBe(true);
    cluster.store.upsert('NetworkPolicy', fromTools);
    cluster.store.remove('NetworkPolicy', 'shop', 'by-name');
    expect(allowed()).toBe(false);
  });

  it('a policy edited in place and upserted again: its selector and ipBlock results are recomputed', () => {
    const { cluster, allowed } = setup();
    const policy = makePolicy('edit', (p) => (p.ingress = [rule([peer({ ns: 'team=tools' }), ipBlock('192.0.2.0/24')])]), 'shop');
    cluster.store.upsert('NetworkPolicy', policy);
    expect(allowed()).toBe(true);
    const [byNs, byIp] = policy.ingress[0]?.peers ?? [];
    if (!byNs?.namespaceSelector || !byIp?.ipBlock) throw new Error('fixture shape');
    byNs.namespaceSelector.matchLabels.team = 'platform';
    cluster.store.upsert('NetworkPolicy', policy);
    expect(allowed()).toBe(false);
    byIp.ipBlock.cidr = '10.244.2.0/24';
    cluster.store.upsert('NetworkPolicy', policy);
    expect(allowed()).toBe(true);
  });

  it('close() stops following the store', () => {
    const { cluster, engine, allowed } = setup();
    expect(allowed()).toBe(true);
    engine.close();
    cluster.store.upsert('NetworkPolicy', makePolicy('deny', () => {}, 'shop'));
    // The namespace group was cached before close(), so the engine keeps its old answer.
    expect(allowed()).toBe(true);
  });
});

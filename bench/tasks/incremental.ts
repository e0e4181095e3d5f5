/**
 * Incremental updates: how long from a store change to a DNS answer that shows it. Each event is one
 * `store.upsert`/`store.remove` followed by `engine.answer` for the headless name whose records the
 * change moves, checked for the address that must (dis)appear; the time covers both. Three kinds:
 * a pod's readiness flipped and flipped back, a pod deleted and added again, and a rolling update of
 * a 250-pod Deployment (each step adds one new ready pod, then deletes one old pod: 500 events).
 * The store is left as it was, except for the rolled Deployment.
 */
import type { Cluster } from '../../src/cluster/cluster.js';
import type { ClusterDnsEngine } from '../../src/dns/engine.js';
import type { Pod } from '../../src/model/index.js';
import { sparePodAddresses } from '../generate.js';
import { Random } from '../random.js';
import { summarize, type Summary } from '../stats.js';
import { dnsEngineOf, loadCluster, now } from './common.js';

export interface IncrementalResult {
  readiness: Summary;
  deleteAdd: Summary;
  rolling: Summary & { totalMs: number };
  /** Every event's latency together. */
  all: Summary;
  events: number;
}

/** A headless Service and the pods behind it. */
interface Target {
  name: string;
  pods: Pod[];
}

export async function runIncremental(args: { dir: string; events: number; seed: number }): Promise<IncrementalResult> {
  const cluster = await loadCluster(args.dir);
  const engine = dnsEngineOf(cluster);
  const rng = new Random(args.seed);
  const targets = headlessTargets(cluster);
  const readiness: number[] = [];
  const deleteAdd: number[] = [];
  for (let i = 0; i < args.events / 2; i++) {
    const target = rng.pick(targets);
    const pod = rng.pick(target.pods);
    const current = cluster.store.pods.get(pod.meta.namespace, pod.meta.name) ?? pod;
    const ip = current.podIPs[0] ?? '';
    // Flip to the other state and back: two events, each checked.
    readiness.push(timed(() => cluster.store.upsert('Pod', { ...current, ready: !current.ready }), engine, target.name, ip, !current.ready));
    readiness.push(timed(() => cluster.store.upsert('Pod', current), engine, target.name, ip, current.ready));
  }
  for (let i = 0; i < args.events / 2; i++) {
    const target = rng.pick(targets);
    const pod = rng.pick(target.pods);
    const current = cluster.store.pods.get(pod.meta.namespace, pod.meta.name) ?? pod;
    const ip = current.podIPs[0] ?? '';
    deleteAdd.push(timed(() => cluster.store.remove('Pod', current.meta.namespace, current.meta.name), engine, target.name, ip, false));
    deleteAdd.push(timed(() => cluster.store.upsert('Pod', current), engine, target.name, ip, current.ready));
  }
  const rolling = rollingUpdate(cluster, engine);
  return {
    readiness: summarize(readiness),
    deleteAdd: summarize(deleteAdd),
    rolling: { ...summarize(rolling), totalMs: rolling.reduce((a, b) => a + b, 0) },
    all: summarize([...readiness, ...deleteAdd, ...rolling]),
    events: readiness.length + deleteAdd.length + rolling.length,
  };
}

/** Time `change` plus the answer that must show `ip` (or not). */
function timed(change: () => void, engine: ClusterDnsEngine, name: string, ip: string, present: boolean): number {
  const t0 = now();
  change();
  const answer = engine.answer({ name, type: 'A' });
  const t1 = now();
  const has = answer.answer.some((rr) => rr.data === ip);
  if (has !== present) throw new Error(`${name}: after the change ${ip} should ${present ? '' : 'not '}be answered`);
  return t1 - t0;
}

/** Headless Services with a selector, as DNS names with their pods. */
function headlessTargets(cluster: Cluster): Target[] {
  const out: Target[] = [];
  for (const svc of cluster.store.services.list()) {
    if (svc.clusterIPs[0] !== 'None' || !svc.selector || svc.meta.namespace === 'kube-system') continue;
    const pods = cluster.store.podsMatching(svc.meta.namespace, svc.selector);
    if (pods.length > 0) out.push({ name: `${svc.meta.name}.${svc.meta.namespace}.svc.cluster.local`, pods });
  }
  if (out.length === 0) throw new Error('no headless Service with pods');
  return out;
}

/**
 * The `web` Deployment of the first namespace, rolled one pod at a time to a new template hash:
 * add a ready pod of the new ReplicaSet, then delete one of the old.
 */
function rollingUpdate(cluster: Cluster, engine: ClusterDnsEngine): number[] {
  const namespace = 'ns-00';
  const name = `web-headless.${namespace}.svc.cluster.local`;
  const old = cluster.store.podsMatching(namespace, { app: 'web' }).sort((a, b) => (a.meta.name < b.meta.name ? -1 : 1));
  const hash = 'r011ed0ver';
  const out: number[] = [];
  old.forEach((pod, i) => {
    const [v4, v6] = sparePodAddresses(i);
    const fresh: Pod = {
      ...pod,
      meta: { ...pod.meta, name: `web-${hash}-${String(i).padStart(5, '0')}`, labels: { ...pod.meta.labels, 'pod-template-hash': hash } },
      ready: true,
      podIPs: [v4, v6],
    };
    out.push(timed(() => cluster.store.upsert('Pod', fresh), engine, name, v4, true));
    out.push(timed(() => cluster.store.remove('Pod', namespace, pod.meta.name), engine, name, pod.podIPs[0] ?? '', false));
  });
  return out;
}

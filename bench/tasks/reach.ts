/**
 * Reachability questions on one cluster: random "pod → Service:port" questions asked with
 * `trace()` (src/trace, what `kreach trace` runs: the client's resolver walk, the answer, kube-proxy's
 * translation, policy and listener per endpoint, the verdict), each by the short name a pod of
 * another namespace would use (`tcp://web.ns-03:80`). Beside it, the core a trace runs for the
 * connection itself, timed alone: `route()` to the ClusterIP, then `PolicyEngine.evaluate` to the
 * chosen endpoint. The first question of each is timed apart: it builds the proxy view, the DNS
 * index's memo tables and the policy index.
 */
import { PolicyEngine } from '../../src/policy/index.js';
import { podPeer } from '../../src/policy/types.js';
import { route } from '../../src/proxy/route.js';
import { parseTarget, trace } from '../../src/trace/index.js';
import type { Pod, Service } from '../../src/model/index.js';
import { Random } from '../random.js';
import { summarize, type Summary } from '../stats.js';
import { dnsEngineOf, loadCluster, now, peakRssMiB } from './common.js';

export interface QuestionTimes {
  firstMs: number;
  questions: Summary;
  outcomes: Record<string, number>;
}

export interface ReachResult {
  what: string;
  trace: QuestionTimes;
  core: QuestionTimes;
  peakRssMiB: number;
}

export async function runReach(args: { dir: string; questions: number; seed: number }): Promise<ReachResult> {
  const cluster = await loadCluster(args.dir);
  const dns = dnsEngineOf(cluster);
  const pods = cluster.store.pods.list().filter((p) => !p.hostNetwork && p.podIPs.length > 0 && p.meta.namespace !== 'kube-system');
  const services = cluster.store.services.list().filter((s) => s.clusterIPs[0] !== 'None' && s.clusterIPs.length > 0 && s.ports.length > 0);

  const traced = (rng: Random): string => {
    const src = rng.pick(pods);
    const svc = rng.pick(services);
    const port = rng.pick(svc.ports);
    const parsed = parseTarget(`${port.protocol.toLowerCase()}://${svc.meta.name}.${svc.meta.namespace}:${port.port}`);
    if (!parsed.ok) throw new Error(parsed.message);
    return trace(cluster, dns, { from: { kind: 'pod', pod: src }, target: parsed.target }).verdict.reachable;
  };

  const policy = new PolicyEngine(cluster);
  const core = (rng: Random): string => {
    const src: Pod = rng.pick(pods);
    const svc: Service = rng.pick(services);
    const port = rng.pick(svc.ports);
    const routed = route(cluster, {
      dst: svc.clusterIPs[0] ?? '',
      port: port.port,
      protocol: port.protocol,
      client: { node: src.nodeName ?? '', internal: true, ip: src.podIPs[0] ?? '' },
      mode: 'iptables',
    });
    if (routed.kind !== 'translated') return routed.kind;
    const chosen = routed.candidates[0];
    const dst = chosen && cluster.store.podsByIP(chosen.ip)[0];
    if (!chosen || !dst) return 'translated, no pod';
    const verdict = policy.evaluate(podPeer(src), podPeer(dst), chosen.port, port.protocol);
    return verdict.allowed === true ? 'allowed' : verdict.allowed === false ? 'denied' : 'undefined';
  };

  return {
    what: 'trace() from src/trace; core: route() + PolicyEngine.evaluate',
    trace: timeQuestions(traced, args.questions, new Random(args.seed)),
    core: timeQuestions(core, args.questions, new Random(args.seed + 1)),
    peakRssMiB: peakRssMiB(),
  };
}

function timeQuestions(ask: (rng: Random) => string, count: number, rng: Random): QuestionTimes {
  const t0 = now();
  ask(rng);
  const firstMs = now() - t0;
  const samples: number[] = [];
  const outcomes: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const t = now();
    const outcome = ask(rng);
    samples.push(now() - t);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  return { firstMs, questions: summarize(samples), outcomes };
}

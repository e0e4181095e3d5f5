/**
 * `trace`: why a client can or cannot reach a target, as six steps along the packet's way —
 * resolve (the client's resolver and its path to the cluster DNS), answer (what the name points
 * at, and why), route (kube-proxy's translation or its absence), policy and listener (per endpoint
 * after DNAT), and the verdict with fixes and commands to confirm it. Each step is its own module;
 * this one only runs them in order and assembles the plain-data Trace (types.ts). A step that has
 * nothing to work on is `skip`; a failed lookup still lets later steps show what would follow if
 * only DNS were fixed, when an address is known.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { DnsEngine } from '../dns/types.js';
import { sharedPolicyEngine, type PolicyEngine } from '../policy/index.js';
import { answerStep } from './answer.js';
import { clientInfo } from './client.js';
import { clusterDnsService, type TraceContext } from './context.js';
import { confirmCommands } from './confirm.js';
import { fixesFor } from './fixes.js';
import { listenerStep } from './listener.js';
import { policyStep } from './policy-step.js';
import { resolveStep } from './resolve.js';
import { routeStep } from './route-step.js';
import type { Step, Trace, TraceInput } from './types.js';
import { decide, endpointTraces } from './verdict.js';

/**
 * Trace `input.from` → `input.target` over `cluster`, with `dns` standing for the cluster DNS.
 * Pure with respect to its inputs: nothing in the cluster changes, and the same input gives the
 * same Trace. Policies are evaluated with the cluster's shared engine (src/policy/shared-engine.ts),
 * so its caches carry over from one trace to the next and follow changes to the cluster.
 */
export function trace(cluster: Cluster, dns: DnsEngine, input: TraceInput): Trace {
  return run(contextOf(cluster, dns, sharedPolicyEngine(cluster), input));
}

function contextOf(cluster: Cluster, dns: DnsEngine, policy: PolicyEngine, input: TraceInput): TraceContext {
  const zone = input.clusterDomain ?? dns.zones.find((z) => !z.endsWith('.arpa')) ?? 'cluster.local';
  const dnsService = clusterDnsService(cluster);
  return {
    cluster,
    dns,
    policy,
    client: input.from,
    target: input.target,
    libc: input.libc ?? 'glibc',
    mode: input.proxyMode ?? 'iptables',
    zone,
    namespace: input.from.kind === 'pod' ? input.from.pod.meta.namespace : 'default',
    ...(dnsService ? { dnsService } : {}),
    problems: [],
  };
}

function run(ctx: TraceContext): Trace {
  const resolved = ctx.target.hostKind === 'name' ? resolveStep(ctx) : undefined;
  const resolveRow: Step = resolved?.step ?? {
    id: 'resolve',
    verdict: 'skip',
    summary: `${ctx.target.host} is an address: no lookup`,
    evidence: [],
  };
  const answer = answerStep(ctx, resolved?.info);
  if (resolved?.blocked) answer.step.evidence.unshift("what the cluster DNS would answer; the client's queries do not reach it");
  const routed = routeStep(ctx, answer.info, answer.service);
  const policies = policyStep(ctx, routed.destinations);
  const listeners = listenerStep(ctx, routed.destinations);
  const facts = {
    ...(resolved?.blocked ? { blocked: resolved.blocked } : {}),
    answer: answer.info,
    route: routed.info,
    destinations: routed.destinations,
    policies: policies.infos,
    listeners: listeners.infos,
    outsideClient: ctx.problems.some((p) => p.code === 'outside-client'),
  };
  const endpoints = endpointTraces(facts);
  const decided = decide(facts, endpoints);
  const verdict = { ...decided.verdict, fixes: fixesFor(ctx), confirm: confirmCommands(ctx, answer.info, routed.destinations) };
  return {
    schema: 'kreach.trace/v1',
    client: clientInfo(ctx.client),
    target: ctx.target,
    options: { libc: ctx.libc, proxyMode: ctx.mode, clusterDomain: ctx.zone },
    steps: [resolveRow, answer.step, routed.step, policies.step, listeners.step, decided.step],
    ...(resolved ? { resolution: resolved.info } : {}),
    answer: answer.info,
    route: routed.info,
    endpoints,
    verdict,
  };
}

/**
 * Step 4, policy, per destination: the client's egress and the destination pod's ingress, each
 * with the policies that isolate it and the rule that decided (netpol.md §7 "Trace step"). The
 * port checked is the one the pod sees: after DNAT the pod IP and targetPort, for headless Services
 * the port dialled (netpol.md §2.8). When a side denies and a rule of it would have admitted the
 * Service port instead, the policy was written against the Service port — said so, with the rule.
 * Undefined cases (self traffic, hostNetwork, §2.9) are read the common way and flagged.
 */
import { keyOf } from '../model/index.js';
import { formatAddress } from '../proxy/result.js';
import { explainVerdict, externalPeer, formatRuleMatch, podPeer, type DirectionVerdict, type Verdict } from '../policy/index.js';
import { clientIp, clientPeer } from './client.js';
import type { PeerFacts, TraceContext } from './context.js';
import type { Destination } from './route-step.js';
import type { DirectionInfo, PolicyInfo, Step } from './types.js';

/** Evaluate every destination; returns the infos in destination order and the step row. */
export function policyStep(ctx: TraceContext, destinations: Destination[]): { infos: PolicyInfo[]; step: Step } {
  if (destinations.length === 0) return { infos: [], step: { id: 'policy', verdict: 'skip', summary: 'no endpoint to check', evidence: [] } };
  const infos = destinations.map((d) => evaluate(ctx, d));
  const evidence: string[] = [];
  destinations.forEach((d, i) => {
    const info = infos[i] as PolicyInfo;
    const name = `${formatAddress(d.ip, d.port, d.protocol)}${d.pod ? ` ${keyOf(d.pod.meta)}` : ''}`;
    const undef = info.allowed === 'undefined' ? 'undefined by the API (self or hostNetwork traffic, netpol.md §2.9), read the common way; ' : '';
    evidence.push(`${name}: ${undef}egress ${side(info.egress)}; ingress ${side(info.ingress)}`);
    for (const note of info.notes ?? []) evidence.push(`${name}: ${note}`);
  });
  const passing = infos.filter((p) => p.passes).length;
  const undefinedCount = infos.filter((p) => p.allowed === 'undefined').length;
  const total = infos.length;
  if (passing === 0) return { infos, step: { id: 'policy', verdict: 'fail', summary: `denied to all ${total} endpoint(s): ${denial(infos[0] as PolicyInfo)}`, evidence } };
  if (passing < total) {
    const denied = infos.find((p) => !p.passes) as PolicyInfo;
    return { infos, step: { id: 'policy', verdict: 'fail', summary: `allowed to ${passing} of ${total} endpoints; ${denial(denied)}`, evidence } };
  }
  const undefinedNote = undefinedCount > 0 ? `; ${undefinedCount} undefined by the API (self or hostNetwork traffic, read the common way)` : '';
  const flagged = infos.some((p) => p.allowed === 'undefined' && (p.egress.isolated || p.ingress.isolated || p.egress.reason === 'host-network' || p.ingress.reason === 'host-network'));
  return { infos, step: { id: 'policy', verdict: flagged ? 'warn' : 'ok', summary: `allowed to ${passing} of ${total} endpoint(s)${undefinedNote}`, evidence } };
}

function evaluate(ctx: TraceContext, d: Destination): PolicyInfo {
  const src = clientPeer(ctx.client);
  const dst = d.pod ? podPeer(d.pod, d.ip) : externalPeer(d.ip);
  const verdict = ctx.policy.evaluate(src, dst, d.port, d.protocol);
  // A side whose policies are undefined (hostNetwork) is not enforced by most plugins (§2.9).
  const passes = verdict.egress.allowed !== false && verdict.ingress.allowed !== false;
  const lines = explainVerdict(verdict);
  const notes: string[] = [];
  if (!passes) {
    for (const side of [verdict.egress, verdict.ingress]) {
      if (side.allowed !== false) continue;
      const hint = servicePortHint(ctx, d, side, verdict);
      if (hint) notes.push(hint);
      else {
        // A named targetPort resolves per pod; a rule naming it follows every pod (netpol.md §2.8).
        const named = d.translated && typeof d.servicePort?.targetPort === 'string' ? { namedPort: d.servicePort.targetPort } : {};
        ctx.problems.push({ code: 'policy-denied', direction: side.direction, subject: side.subject ?? '', policies: side.policies, peer: peerFacts(ctx, d, side), port: d.port, protocol: d.protocol, ...named });
      }
    }
  }
  return { allowed: verdict.allowed, passes, egress: direction(verdict.egress), ingress: direction(verdict.ingress), lines: [...lines, ...notes], ...(notes.length > 0 ? { notes } : {}) };
}

/** netpol.md §2.8: a rule naming the Service port does not match after DNAT. Evaluated with the Service port to find it. */
function servicePortHint(ctx: TraceContext, d: Destination, side: DirectionVerdict, verdict: Verdict): string | undefined {
  const sp = d.servicePort;
  if (!d.translated || !sp || sp.port === d.port) return undefined;
  const again = ctx.policy.evaluate(verdict.src, verdict.dst, sp.port, d.protocol);
  const match = (side.direction === 'egress' ? again.egress : again.ingress).match;
  if (!match) return undefined;
  ctx.problems.push({ code: 'policy-service-port', policy: match.policy, direction: side.direction, rule: match.rule, servicePort: sp.port, targetPort: d.port, protocol: d.protocol });
  return `${side.direction}: ${formatRuleMatch(match)} allows ${d.protocol} ${sp.port}, the Service port; after DNAT the pod sees ${d.port} (targetPort), so it does not match (netpol.md §2.8)`;
}

/** The other end of the denied side, as a new rule would have to name it. */
function peerFacts(ctx: TraceContext, d: Destination, side: DirectionVerdict): PeerFacts {
  if (side.direction === 'ingress') {
    if (ctx.client.kind === 'external') return { kind: 'external', ip: ctx.client.ip };
    const pod = ctx.client.pod;
    return { kind: 'pod', ip: clientIp(ctx.client), namespace: pod.meta.namespace, labels: pod.meta.labels };
  }
  if (!d.pod) return { kind: 'external', ip: d.ip };
  return { kind: 'pod', ip: d.ip, namespace: d.pod.meta.namespace, labels: d.pod.meta.labels };
}

function direction(d: DirectionVerdict): DirectionInfo {
  return {
    allowed: d.allowed,
    reason: d.reason,
    isolated: d.isolated,
    policies: d.policies,
    ...(d.match ? { rule: formatRuleMatch(d.match) } : {}),
  };
}

/** One side in a few words: `allowed by app/allow-web spec.ingress[0] (…)`, `not isolated`, `DENIED: isolated by …`. */
function side(d: DirectionInfo): string {
  switch (d.reason) {
    case 'not-isolated':
      return 'allowed (no policy isolates it)';
    case 'rule':
      return `allowed by ${d.rule ?? ''}`;
    case 'no-rule':
      return `DENIED: isolated by ${d.policies.join(', ')} and no rule admits it`;
    case 'external':
      return 'not checked (outside the cluster)';
    default:
      return `undefined (hostNetwork)${d.policies.length > 0 ? `, selected by ${d.policies.join(', ')}` : ''}`;
  }
}

/** The first denying side of a verdict, in words. */
function denial(info: PolicyInfo): string {
  const line = info.lines.find((l) => / denied: /.test(l)) ?? info.lines[0] ?? '';
  return line;
}

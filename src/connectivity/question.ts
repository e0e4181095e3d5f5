/**
 * One connectivity question: may `from` open a connection to `to` on a protocol and port? Each end
 * may stand for several pods (a workload), so every pod pair is evaluated with the policy engine
 * and pairs decided the same way (same outcome, same deciding rules) are grouped; each group keeps
 * one verdict for its explanation (`explainVerdict`). The port is the one the destination pod sees
 * (netpol.md §1 takeaway 2); a port name resolves on each destination pod by name and protocol
 * (§2.7), and a name some destination pod does not declare is a mistake in the question.
 *
 * The overall answer is denied when any pair is denied, allowed when every defined pair is allowed,
 * and undefined when no pair is defined (a pod to itself, a hostNetwork end, §2.9).
 */
import { findPort } from '../cluster/find-port.js';
import { keyOf, type Pod, type Protocol } from '../model/index.js';
import { explainVerdict, externalPeer, podPeer, type DirectionVerdict, type Peer, type PolicyEngine, type Verdict } from '../policy/index.js';
import type { QuestionEnd } from './endpoints.js';

export type Outcome = boolean | 'undefined';

/** Pod pairs decided alike, with the verdict of the first as their explanation. */
export interface OutcomeGroup {
  allowed: Outcome;
  /** `namespace/name` (or address) of each pair, and the port number the destination saw. */
  pairs: Array<{ src: string; dst: string; port: number }>;
  verdict: Verdict;
  explanation: string[];
}

export interface Answer {
  from: string;
  to: string;
  protocol: Protocol;
  /** As asked: a number, or a port name resolved per destination pod. */
  port: number | string;
  allowed: Outcome;
  counts: { allowed: number; denied: number; undefined: number };
  outcomes: OutcomeGroup[];
}

export type Asked = { ok: true; answer: Answer } | { ok: false; message: string };

/** Evaluate every pod pair of the question. */
export function ask(engine: PolicyEngine, from: QuestionEnd, to: QuestionEnd, port: number | string, protocol: Protocol): Asked {
  if (from.kind === 'address' && to.kind === 'address') {
    return { ok: false, message: `${from.label} and ${to.label} are both outside the cluster: at least one end must be a pod` };
  }
  if (typeof port === 'string' && to.kind === 'address') {
    return { ok: false, message: `port name "${port}" needs a destination pod to resolve on; ${to.label} is an address (netpol.md §2.7)` };
  }
  const dsts = peersOf(to);
  const ports = new Map<Peer, number>();
  for (const dst of dsts) {
    const number = typeof port === 'number' ? port : dst.kind === 'pod' ? findPort(dst.pod, port, protocol) : undefined;
    if (number === undefined) {
      return { ok: false, message: `port name "${port}" (${protocol}) is not declared by ${peerKey(dst)}; give the number instead` };
    }
    ports.set(dst, number);
  }
  const groups = new Map<string, OutcomeGroup>();
  const counts = { allowed: 0, denied: 0, undefined: 0 };
  for (const src of peersOf(from)) {
    for (const dst of dsts) {
      const number = ports.get(dst) as number;
      const verdict = engine.evaluate(src, dst, number, protocol);
      counts[verdict.allowed === 'undefined' ? 'undefined' : verdict.allowed ? 'allowed' : 'denied']++;
      const key = signature(verdict);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { allowed: verdict.allowed, pairs: [], verdict, explanation: explainVerdict(verdict) }));
      group.pairs.push({ src: peerKey(src), dst: peerKey(dst), port: number });
    }
  }
  const allowed: Outcome = counts.denied > 0 ? false : counts.allowed > 0 ? true : 'undefined';
  // Denied pairs first (what the user is usually chasing), then allowed, then undefined.
  const outcomes = [...groups.values()].sort((a, b) => rank(a.allowed) - rank(b.allowed));
  return { ok: true, answer: { from: from.label, to: to.label, protocol, port, allowed, counts, outcomes } };
}

function rank(outcome: Outcome): number {
  return outcome === false ? 0 : outcome === true ? 1 : 2;
}

function peersOf(end: QuestionEnd): Peer[] {
  if (end.kind === 'address') return [externalPeer(end.ip)];
  return end.pods.map((pod: Pod) => podPeer(pod, end.ip));
}

function peerKey(peer: Peer): string {
  return peer.kind === 'pod' ? keyOf(peer.pod.meta) : peer.ip;
}

/** What decided a verdict, without naming the pods: pairs with equal signatures read the same. */
function signature(v: Verdict): string {
  const side = (d: DirectionVerdict) => [d.allowed, d.reason, d.policies.join(','), d.match ? `${d.match.policy}#${d.match.rule}#${d.match.peer?.index ?? ''}#${d.match.port?.index ?? ''}` : ''].join('|');
  return [v.allowed, v.undefinedCase?.reason ?? '', v.port, side(v.egress), side(v.ingress)].join('/');
}

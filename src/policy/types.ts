/**
 * What the policy engine takes and returns. A verdict carries its reasons (STYLE.md "Carry the
 * reason with the result"): for each direction, whether the pod is isolated, by which policies, and
 * which rule admitted the connection, down to the peer and port entries that matched, so a trace or
 * a message never has to re-evaluate to explain itself.
 */
import { keyOf, type Pod, type PolicyPeer, type PolicyPort, type Protocol } from '../model/index.js';

/**
 * One end of a connection: a pod of the cluster, or an address outside it. `ip` pins the pod
 * address the connection uses (one family of a dual-stack pod); without it any of `podIPs` counts.
 */
export type Peer = { kind: 'pod'; pod: Pod; ip?: string } | { kind: 'external'; ip: string };

export type Direction = 'ingress' | 'egress';

/** The rule that admitted a connection, with the entries of it that matched. */
export interface RuleMatch {
  /** `namespace/name` of the policy. */
  policy: string;
  direction: Direction;
  /** Index into `spec.ingress` or `spec.egress` of the lean policy. */
  rule: number;
  /** The entry of the rule's `from`/`to` that matched; absent when the rule lists no peers (all match). */
  peer?: { index: number; entry: PolicyPeer };
  /** The entry of the rule's `ports` that matched; absent when the rule lists no ports (all match). */
  port?: { index: number; entry: PolicyPort };
  /** The named port the matching entry used, as resolved on the destination pod (netpol.md §2.7). */
  namedPort?: { name: string; port: number; pod: string };
}

/**
 * Why a direction decided as it did:
 * - `external`: the endpoint is outside the cluster and has no policies of its own (§2.4);
 * - `not-isolated`: no policy selects the pod for this direction, so everything is allowed (§2.4);
 * - `rule`: the pod is isolated and `match` admitted the connection;
 * - `no-rule`: the pod is isolated and no rule of any selecting policy admits the connection;
 * - `host-network`: the pod uses the node's network; the API leaves its policies undefined (§2.9).
 */
export type DirectionReason = 'external' | 'not-isolated' | 'rule' | 'no-rule' | 'host-network';

/** One side of the decision: the source's egress or the destination's ingress. */
export interface DirectionVerdict {
  direction: Direction;
  /** `namespace/name` of the pod whose policies were checked; absent for an external endpoint. */
  subject?: string;
  allowed: boolean | 'undefined';
  reason: DirectionReason;
  /** At least one policy selects the pod with this direction in its `policyTypes`. */
  isolated: boolean;
  /** `namespace/name` of the policies selecting the pod for this direction, sorted by name. */
  policies: readonly string[];
  /** The first admitting rule (policies by name, rules in spec order), when `reason` is `rule`. */
  match?: RuleMatch;
}

/**
 * Why the API leaves a connection undefined (netpol.md §1 takeaway 5, §2.9): traffic of a pod to itself
 * (a pod cannot block itself; CNIs differ), or a `hostNetwork` pod at either end.
 */
export interface UndefinedCase {
  reason: 'self' | 'host-network';
  /** `namespace/name` of the pod concerned. */
  pod: string;
}

/** The answer for one connection; `allowed` is true only when both directions allow it. */
export interface Verdict {
  src: Peer;
  dst: Peer;
  port: number;
  protocol: Protocol;
  /** `egress.allowed && ingress.allowed`, or `'undefined'` when `undefinedCase` is set. */
  allowed: boolean | 'undefined';
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
  /** Set when the API does not define the outcome; the directions then show the common reading. */
  undefinedCase?: UndefinedCase;
}

/** How a peer is named in messages: `namespace/name` or the IP address. */
export function peerName(peer: Peer): string {
  return peer.kind === 'pod' ? keyOf(peer.pod.meta) : peer.ip;
}

/** `{ kind: 'pod', pod }`, for callers that hold a pod. */
export function podPeer(pod: Pod, ip?: string): Peer {
  return ip === undefined ? { kind: 'pod', pod } : { kind: 'pod', pod, ip };
}

/** `{ kind: 'external', ip }`. */
export function externalPeer(ip: string): Peer {
  return { kind: 'external', ip };
}

/**
 * The undefined case of a connection, if any: self traffic first, then a hostNetwork endpoint
 * (netpol.md §2.9; upstream e2e sets `ignoreLoopback`, kubernetes/kubernetes#95879).
 */
export function undefinedCase(src: Peer, dst: Peer): UndefinedCase | undefined {
  if (src.kind === 'pod' && dst.kind === 'pod' && keyOf(src.pod.meta) === keyOf(dst.pod.meta)) {
    return { reason: 'self', pod: keyOf(src.pod.meta) };
  }
  for (const peer of [src, dst]) {
    if (peer.kind === 'pod' && peer.pod.hostNetwork) return { reason: 'host-network', pod: keyOf(peer.pod.meta) };
  }
  return undefined;
}

/**
 * The NetworkPolicy engine: may traffic go from one peer to another on a port? It follows the
 * reference algorithm of netpol.md §2.10: the source's egress side AND the destination's ingress
 * side, each checked only when that end is a pod of the cluster; within a side, no selecting policy
 * means allowed, otherwise any rule of any selecting policy must admit the connection. The engine
 * follows the cluster store, dropping cached answers for what changed, so it stays correct under
 * `apply`/`delete` without being rebuilt.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { StoreEvent } from '../cluster/store.js';
import { keyOf, type NetworkPolicy, type Pod, type PolicyPeer, type PolicyRule, type Protocol } from '../model/index.js';
import { matchPeers, matchPorts, portEntryRange, type Endpoint } from './match.js';
import { PolicyIndex, type Selected } from './policy-index.js';
import { PortSet, type PortRange } from './port-set.js';
import { undefinedCase, type Direction, type DirectionVerdict, type Peer, type RuleMatch, type Verdict } from './types.js';

/** The connection as rules' ports see it: the destination pod (for named ports) and the port. */
interface Probe {
  dstPod: Pod | undefined;
  protocol: Protocol;
  port: number;
}

export class PolicyEngine {
  private readonly index: PolicyIndex;
  private readonly unsubscribe: () => void;

  constructor(cluster: Cluster) {
    const store = cluster.store;
    this.index = new PolicyIndex(
      (ns) => cluster.networkPolicies(ns),
      (ns) => store.namespaces.get('', ns)?.meta.labels,
    );
    this.unsubscribe = store.subscribe((event) => this.onEvent(event));
  }

  /** Stop following the store. */
  close(): void {
    this.unsubscribe();
  }

  /**
   * The verdict for `src` → `dst` on `protocol`/`port` (the port the destination pod sees, i.e.
   * the targetPort after Service DNAT, netpol.md §1 takeaway 2). `allowed` is `'undefined'` for
   * self traffic and hostNetwork endpoints; both directions are still filled in, read the common way.
   */
  evaluate(src: Peer, dst: Peer, port: number, protocol: Protocol): Verdict {
    const undef = undefinedCase(src, dst);
    const probe: Probe = { dstPod: dst.kind === 'pod' ? dst.pod : undefined, protocol, port };
    const egress = this.side('egress', src, dst, probe);
    const ingress = this.side('ingress', dst, src, probe);
    const allowed = undef ? 'undefined' : egress.allowed === true && ingress.allowed === true;
    const verdict: Verdict = { src, dst, port, protocol, allowed, egress, ingress };
    if (undef) verdict.undefinedCase = undef;
    return verdict;
  }

  /** The policies of the pod's namespace that select it and have `direction` in their policyTypes. */
  policiesSelecting(pod: Pod, direction: Direction): NetworkPolicy[] {
    return [...this.index.selected(pod, direction).policies];
  }

  /**
   * Every (protocol, port) on which `src` may reach `dst`: the union of the admitting rules' ports on
   * each isolated side, intersected across the two sides (netpol.md §2.10, whole-graph output).
   * Undefined cases (see `undefinedCase`) get the same common reading as `evaluate`.
   */
  allowedPorts(src: Peer, dst: Peer): PortSet {
    return this.sidePorts('egress', src, dst, dst).intersect(this.sidePorts('ingress', dst, src, dst));
  }

  /** One direction for `subject`, against the other endpoint. */
  private side(direction: Direction, subject: Peer, other: Peer, probe: Probe): DirectionVerdict {
    if (subject.kind === 'external') {
      // An external endpoint contributes no policy of its own (§2.4).
      return { direction, allowed: true, reason: 'external', isolated: false, policies: [] };
    }
    const selected = this.index.selected(subject.pod, direction);
    // Starts as "not selected for this direction: not isolated, everything allowed" (§2.4).
    const verdict: DirectionVerdict = {
      direction,
      subject: keyOf(subject.pod.meta),
      allowed: true,
      reason: 'not-isolated',
      isolated: selected.policies.length > 0,
      policies: selected.keys,
    };
    if (subject.pod.hostNetwork) {
      // hostNetwork: whether its own policies apply is undefined (§2.9).
      verdict.allowed = 'undefined';
      verdict.reason = 'host-network';
    } else if (verdict.isolated) {
      // Isolated: some rule of some selecting policy must admit the connection (§2.4).
      const match = this.firstMatch(direction, selected, endpointOf(other), probe);
      verdict.allowed = match !== undefined;
      verdict.reason = match ? 'rule' : 'no-rule';
      if (match) verdict.match = match;
    }
    return verdict;
  }

  /** Policies are additive and unordered (§2.4); the first admitting rule is reported. */
  private firstMatch(direction: Direction, selected: Selected, ep: Endpoint, probe: Probe): RuleMatch | undefined {
    for (let p = 0; p < selected.policies.length; p++) {
      const policy = selected.policies[p] as NetworkPolicy;
      const rules = direction === 'ingress' ? policy.ingress : policy.egress;
      for (let r = 0; r < rules.length; r++) {
        const rule = rules[r] as PolicyRule;
        const peer = matchPeers(rule.peers, ep, policy.meta.namespace, this.index.namespaceMatches);
        if (peer === -1) continue;
        // Named ports resolve on the destination pod, for egress rules too (§2.7).
        const port = matchPorts(rule.ports, probe.dstPod, probe.protocol, probe.port);
        if (!port) continue;
        const match: RuleMatch = { policy: selected.keys[p] as string, direction, rule: r };
        if (peer !== undefined) match.peer = { index: peer, entry: rule.peers?.[peer] as PolicyPeer };
        if (port.port) match.port = port.port;
        if (port.namedPort) match.namedPort = port.namedPort;
        return match;
      }
    }
    return undefined;
  }

  private sidePorts(direction: Direction, subject: Peer, other: Peer, dst: Peer): PortSet {
    // External endpoints, hostNetwork pods (common reading, §2.9) and unisolated pods restrict nothing.
    if (subject.kind === 'external' || subject.pod.hostNetwork) return PortSet.all();
    const selected = this.index.selected(subject.pod, direction);
    if (selected.policies.length === 0) return PortSet.all();
    const ep = endpointOf(other);
    const dstPod = dst.kind === 'pod' ? dst.pod : undefined;
    // Collect raw intervals and normalise once: unions of rules and policies (§2.4).
    const ranges: Record<Protocol, PortRange[]> = { TCP: [], UDP: [], SCTP: [] };
    for (const policy of selected.policies) {
      for (const rule of direction === 'ingress' ? policy.ingress : policy.egress) {
        if (matchPeers(rule.peers, ep, policy.meta.namespace, this.index.namespaceMatches) === -1) continue;
        // A rule without ports admits every port and protocol (§2.5).
        if (rule.ports === undefined || rule.ports.length === 0) return PortSet.all();
        for (const entry of rule.ports) {
          const range = portEntryRange(entry, dstPod);
          if (range) ranges[entry.protocol].push(range);
        }
      }
    }
    return PortSet.fromRanges(ranges);
  }

  private onEvent(event: StoreEvent): void {
    switch (event.kind) {
      case 'NetworkPolicy':
        for (const p of [event.old, event.obj]) if (p) this.index.forgetPolicy(p);
        break;
      case 'Namespace':
        this.index.invalidateNamespaces();
        break;
      case 'Pod':
        for (const p of [event.old, event.obj]) if (p) this.index.forgetLabels(p.meta.labels);
        break;
      default:
        break;
    }
  }
}

/**
 * The endpoint as a rule's peers see it. A hostNetwork pod is node traffic: only an ipBlock can
 * match its (node) address (§2.9, the common reading). A pod peer pinned to one address uses it.
 */
function endpointOf(peer: Peer): Endpoint {
  if (peer.kind === 'external') return { ips: [peer.ip] };
  const ips = peer.ip === undefined ? peer.pod.podIPs : [peer.ip];
  return peer.pod.hostNetwork ? { ips } : { pod: peer.pod, ips };
}

/**
 * Which peers of the matrix a rule's `from`/`to` list matches, found once per rule for all peers at
 * once instead of once per (rule, peer) pair. Candidates are narrowed by what a peer entry can
 * possibly match, then confirmed with the engine's own `peerMatches`, so the semantics stay the
 * engine's (netpol.md §2.6):
 *
 * - selectors only ever match pods, of the policy's namespace (podSelector alone) or of the
 *   namespaces the namespaceSelector matches; hostNetwork pods never (they are node traffic);
 * - an ipBlock matches the address segments inside it, and the classes whose pods have an address
 *   in one of those segments (pod IPs count, §1 takeaway 4). Segments are cut at every block edge,
 *   so the segment's first address answers for all of it.
 */
import type { LabelSelector, PolicyPeer, PolicyRule } from '../model/index.js';
import { ipBlockContains, peerMatches, type NamespaceMatcher } from '../policy/index.js';
import type { PodClass } from './classes.js';
import type { IpSegment } from './ip-segments.js';

export class PeerMatches {
  private readonly cache = new WeakMap<PolicyRule, readonly number[] | undefined>();
  /** Classes a selector may match, per namespace. */
  private readonly byNamespace = new Map<string, PodClass[]>();
  /** Classes a selector may match, per namespace and `key=value` label of their pods. */
  private readonly byLabel = new Map<string, PodClass[]>();
  /** Classes matched by a selector peer, by the peer's canonical text. */
  private readonly bySelectors = new Map<string, number[]>();
  /** Classes with an address in each segment. */
  private readonly bySegment = new Map<number, number[]>();

  constructor(
    private readonly classes: readonly PodClass[],
    private readonly segments: readonly IpSegment[],
    private readonly nsMatches: NamespaceMatcher,
  ) {
    const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    for (const cls of classes) {
      if (!cls.hostNetwork) {
        push(this.byNamespace, cls.namespace, cls);
        for (const [k, v] of Object.entries(cls.rep.meta.labels)) push(this.byLabel, `${cls.namespace}\0${k}\0${v}`, cls);
      }
      for (const s of cls.segments) push(this.bySegment, s, cls.id);
    }
  }

  /**
   * The peer numbers (classes, then `classes.length + segment`) some entry of the rule's peer list
   * matches, sorted; `undefined` when the rule lists no peers, which matches every peer (§2.5).
   */
  of(rule: PolicyRule, policyNs: string): readonly number[] | undefined {
    if (rule.peers === undefined || rule.peers.length === 0) return undefined;
    if (this.cache.has(rule)) return this.cache.get(rule);
    const hits = new Set<number>();
    for (const peer of rule.peers) this.collect(peer, policyNs, hits);
    const out = [...hits].sort((a, b) => a - b);
    this.cache.set(rule, out);
    return out;
  }

  private collect(peer: PolicyPeer, policyNs: string, hits: Set<number>): void {
    if (peer.ipBlock) {
      const block = peer.ipBlock;
      this.segments.forEach((segment, s) => {
        if (!ipBlockContains(block, segment.ip)) return;
        hits.add(this.classes.length + s);
        for (const cls of this.bySegment.get(s) ?? []) hits.add(cls);
      });
      return;
    }
    // A peer with no field matches nothing (§2.5 table); the engine agrees.
    if (!peer.podSelector && !peer.namespaceSelector) return;
    // Equal selectors (an allow-from-monitoring peer copied into every namespace) are found once.
    const key = JSON.stringify([peer.namespaceSelector ? selectorKey(peer.namespaceSelector) : policyNs, peer.podSelector ? selectorKey(peer.podSelector) : null]);
    let found = this.bySelectors.get(key);
    if (!found) this.bySelectors.set(key, (found = this.selectorMatches(peer, policyNs)));
    for (const cls of found) hits.add(cls);
  }

  private selectorMatches(peer: PolicyPeer, policyNs: string): number[] {
    const hits: number[] = [];
    const selector = peer.namespaceSelector;
    const namespaces = selector ? [...this.byNamespace.keys()].filter((ns) => this.nsMatches(selector, ns)) : [policyNs];
    // A podSelector's first matchLabels pair narrows the candidates to pods carrying it.
    const first = peer.podSelector && Object.entries(peer.podSelector.matchLabels)[0];
    for (const ns of namespaces) {
      const candidates = first ? this.byLabel.get(`${ns}\0${first[0]}\0${first[1]}`) : this.byNamespace.get(ns);
      for (const cls of candidates ?? []) {
        if (peerMatches(peer, { pod: cls.rep, ips: cls.rep.podIPs }, policyNs, this.nsMatches)) hits.push(cls.id);
      }
    }
    return hits;
  }
}

/** A selector in canonical form (pairs and expressions sorted), for use as a map key. */
function selectorKey(selector: LabelSelector): unknown[] {
  const labels = Object.entries(selector.matchLabels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const expressions = selector.matchExpressions.map((r) => [r.key, r.operator, [...r.values].sort()]).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return [labels, expressions];
}

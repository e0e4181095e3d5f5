/**
 * The connectivity matrix: for every ordered pair of peers (pod classes and external address
 * segments), the set of (protocol, port) on which the first may open a connection to the second
 * (netpol.md §2.10). A cell is the source's egress side intersected with the destination's ingress
 * side (§2.4); an address has no policies of its own, so its side is open. Cells are read on
 * demand from the side tables and never stored per pair, so memory grows with the peers that rules
 * match, not with pods².
 *
 * A cell between two classes means "between two distinct pods" of them: traffic of a pod to itself
 * is undefined (§2.9) and is never a cell. Any cell touching a hostNetwork class is `UNDEFINED`.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { LabelSelector, NetworkPolicy, Pod } from '../model/index.js';
import { matchesSelector } from '../model/labels.js';
import { PolicyEngine, type NamespaceMatcher } from '../policy/index.js';
import { podClasses, policyVocabulary, type PodClass } from './classes.js';
import { IpSegments, type IpSegment } from './ip-segments.js';
import { PeerMatches } from './peer-matches.js';
import { SetTable } from './set-table.js';
import { SideTables } from './side-tables.js';

/** A cell the API leaves undefined (a hostNetwork endpoint, §2.9). */
export const UNDEFINED = -1;

export class ConnectivityMatrix {
  readonly classes: readonly PodClass[];
  readonly classOf: ReadonlyMap<Pod, number>;
  readonly segments: readonly IpSegment[];
  readonly sets = new SetTable();
  readonly tables: SideTables;

  private constructor(pods: readonly Pod[], policies: readonly NetworkPolicy[], engine: PolicyEngine, nsMatches: NamespaceMatcher) {
    const segments = IpSegments.fromPolicies(policies, pods);
    const { classes, classOf } = podClasses(pods, policyVocabulary(policies), segments);
    this.classes = classes;
    this.classOf = classOf;
    this.segments = segments.segments;
    const matches = new PeerMatches(classes, this.segments, nsMatches);
    this.tables = new SideTables(engine, classes, matches, this.sets);
  }

  /**
   * The matrix of every pod of `cluster`. `engine` defaults to a new engine over the cluster,
   * closed again once the tables are built.
   */
  static of(cluster: Cluster, engine?: PolicyEngine): ConnectivityMatrix {
    const own = engine ?? new PolicyEngine(cluster);
    try {
      return new ConnectivityMatrix(cluster.pods(), cluster.networkPolicies(), own, namespaceMatcher(cluster));
    } finally {
      if (!engine) own.close();
    }
  }

  /** Peers are numbered classes first (`0..classes-1`), then segments. */
  get peerCount(): number {
    return this.classes.length + this.segments.length;
  }

  isClass(peer: number): boolean {
    return peer < this.classes.length;
  }

  /** The segment of a peer number at or above `classes.length`. */
  segment(peer: number): IpSegment {
    return this.segments[peer - this.classes.length] as IpSegment;
  }

  /**
   * The interned set of connections from peer `src` to peer `dst`, `SetTable.EMPTY` for none, or
   * `UNDEFINED` when a hostNetwork class is involved. Between two addresses nothing is modelled.
   */
  cell(src: number, dst: number): number {
    const classes = this.classes;
    const srcClass = classes[src];
    const dstClass = classes[dst];
    if (srcClass?.hostNetwork || dstClass?.hostNetwork) return UNDEFINED;
    if (!srcClass) return dstClass ? this.tables.ingress(dst, src) : SetTable.EMPTY;
    const egress = this.tables.egress(src, dst);
    // An external destination contributes no ingress side (§2.4).
    return dstClass ? this.sets.intersect(egress, this.tables.ingress(dst, src)) : egress;
  }

  /**
   * The peers `src` may have a non-empty cell with, when fewer than all: a class whose egress
   * admits nothing but a few peers lists them. `undefined` means every peer must be read.
   */
  targets(src: number): Iterable<number> | undefined {
    const cls = this.classes[src];
    return cls && !cls.hostNetwork ? this.tables.egressTargets(src) : undefined;
  }

  /** Peers `a` and `b` see and are seen by every peer alike (used to merge rows for display). */
  interchangeable(a: number, b: number): boolean {
    for (let p = 0; p < this.peerCount; p++) {
      if (this.cell(a, p) !== this.cell(b, p) || this.cell(p, a) !== this.cell(p, b)) return false;
    }
    return true;
  }
}

/**
 * namespaceSelector matching against the cluster's namespace labels, cached per selector and
 * namespace. A namespace missing from the cluster still carries its name label (§2.6), as in the
 * engine's own index.
 */
export function namespaceMatcher(cluster: Cluster): NamespaceMatcher {
  const labels = new Map(cluster.namespaces().map((ns) => [ns.meta.name, ns.meta.labels]));
  const cache = new Map<LabelSelector, Map<string, boolean>>();
  return (selector, ns) => {
    let byNs = cache.get(selector);
    if (!byNs) cache.set(selector, (byNs = new Map()));
    let hit = byNs.get(ns);
    if (hit === undefined) {
      hit = matchesSelector(selector, labels.get(ns) ?? { 'kubernetes.io/metadata.name': ns });
      byNs.set(ns, hit);
    }
    return hit;
  };
}

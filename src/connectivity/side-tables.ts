/**
 * The two sides of a connection, tabulated (netpol.md §2.4, §2.10): the ports the source's egress
 * policies admit towards a peer, and the ports the destination's ingress policies admit from a peer.
 * A side depends on its pod only through the policies selecting it (its profile), and for named
 * ports on what the destination declares. So each side is a row per profile over all peers, and a
 * matrix cell costs two row lookups and one intersection of interned sets.
 *
 * A row is built by pushing each rule's ports to the peers the rule matches (`PeerMatches`), not by
 * asking every rule about every peer: most rules match few peers, and the peers no rule matches
 * share the row's base value. Which policies select a pod comes from
 * `PolicyEngine.policiesSelecting`, port intervals from the engine's `portEntryRange`; only the union
 * per side is done here, as the engine's `allowedPorts` does it.
 */
import type { Pod, PolicyPort, PolicyRule, Protocol } from '../model/index.js';
import { portEntryRange, PortSet, type Direction, type PolicyEngine, type PortRange } from '../policy/index.js';
import type { PodClass } from './classes.js';
import type { PeerMatches } from './peer-matches.js';
import { SetTable } from './set-table.js';

/** The subject's view of one direction: its selecting policies' rules, flattened. */
interface Profile {
  /** Some policy selects the pods for this direction (§2.4); otherwise everything is allowed. */
  isolated: boolean;
  rules: Array<{ namespace: string; rule: PolicyRule }>;
  /** Some rule uses a named port, so the answer depends on the destination's declarations. */
  named: boolean;
}

/** A side's answer for every peer: `base`, except for the peers listed in `cells`. */
interface Row {
  base: number;
  cells: Map<number, number>;
}

type Ranges = Record<Protocol, PortRange[]>;
const noRanges = (): Ranges => ({ TCP: [], UDP: [], SCTP: [] });

export class SideTables {
  private readonly profiles: Profile[] = [];
  private readonly profileOf: Record<Direction, Int32Array>;
  private readonly egressRows = new Map<number, Row>();
  private readonly ingressRows = new Map<number, Row>();
  /** Each class's rows, once looked up (cells are read a million times; keys are computed once). */
  private readonly egressRowOf: Array<Row | undefined>;
  private readonly ingressRowOf: Array<Row | undefined>;
  private readonly namedPortGroups: number;

  constructor(
    engine: PolicyEngine,
    /** Peers are numbered classes first, then address segments (as `PeerMatches` numbers them). */
    private readonly classes: readonly PodClass[],
    private readonly matches: PeerMatches,
    private readonly sets: SetTable,
  ) {
    const ids = new Map<string, number>();
    const profileOf = (direction: Direction) =>
      Int32Array.from(classes, (cls) => {
        const policies = engine.policiesSelecting(cls.rep, direction);
        const key = `${direction}:${policies.map((p) => `${p.meta.namespace}/${p.meta.name}`).join(',')}`;
        let id = ids.get(key);
        if (id === undefined) {
          ids.set(key, (id = this.profiles.length));
          const rules = policies.flatMap((p) => (direction === 'ingress' ? p.ingress : p.egress).map((rule) => ({ namespace: p.meta.namespace, rule })));
          const named = rules.some(({ rule }) => rule.ports?.some(isNamed) ?? false);
          this.profiles.push({ isolated: policies.length > 0, rules, named });
        }
        return id;
      });
    this.profileOf = { egress: profileOf('egress'), ingress: profileOf('ingress') };
    this.namedPortGroups = classes.reduce((most, c) => Math.max(most, c.namedPorts + 1), 1);
    this.egressRowOf = new Array<Row | undefined>(classes.length);
    this.ingressRowOf = new Array<Row | undefined>(classes.length);
  }

  /** The interned ports class `src`'s egress policies admit towards peer `dst`. */
  egress(src: number, dst: number): number {
    const row = this.egressRowOf[src] ?? this.egressRow(src);
    return row.cells.get(dst) ?? row.base;
  }

  /**
   * The peers class `src`'s egress may reach at all: the listed ones when everything else gets
   * nothing (the common case under a default deny), or `undefined` for "any peer".
   */
  egressTargets(src: number): Iterable<number> | undefined {
    const row = this.egressRowOf[src] ?? this.egressRow(src);
    return row.base === SetTable.EMPTY ? row.cells.keys() : undefined;
  }

  /** The interned ports class `dst`'s ingress policies admit from peer `src`. */
  ingress(dst: number, src: number): number {
    const row = this.ingressRowOf[dst] ?? this.ingressRow(dst);
    return row.cells.get(src) ?? row.base;
  }

  private egressRow(src: number): Row {
    const profile = this.profileOf.egress[src] as number;
    let row = this.egressRows.get(profile);
    // Egress rules resolve named ports on each destination peer (§2.7).
    if (!row) this.egressRows.set(profile, (row = this.row(profile, (peer) => this.classes[peer]?.rep)));
    this.egressRowOf[src] = row;
    return row;
  }

  private ingressRow(dst: number): Row {
    const profile = this.profileOf.ingress[dst] as number;
    const cls = this.classes[dst] as PodClass;
    // Rows are shared by the classes of this profile whose named ports resolve alike.
    const key = profile * this.namedPortGroups + ((this.profiles[profile] as Profile).named ? cls.namedPorts : 0);
    let row = this.ingressRows.get(key);
    if (!row) this.ingressRows.set(key, (row = this.row(profile, undefined, cls.rep)));
    this.ingressRowOf[dst] = row;
    return row;
  }

  /** How many distinct profiles the classes have (both directions). */
  get profileCount(): number {
    return this.profiles.length;
  }

  /**
   * Union over the profile's rules of their ports, for each peer the rule matches (§2.4, §2.5).
   * Named ports resolve on `dstOf(peer)` when given (egress), else on `subject` (ingress). Peers
   * matched by the same rules (and, for egress named ports, resolving names alike) share one set,
   * computed once.
   */
  private row(profileId: number, dstOf: ((peer: number) => Pod | undefined) | undefined, subject?: Pod): Row {
    const profile = this.profiles[profileId] as Profile;
    const everything: Row = { base: SetTable.ALL, cells: new Map() };
    if (!profile.isolated) return everything;
    const common = noRanges();
    const hits = new Map<number, number[] | 'all'>();
    const hit = (peer: number, rule: number | 'all') => {
      const list = hits.get(peer);
      if (rule === 'all' || list === undefined) hits.set(peer, rule === 'all' ? 'all' : [rule]);
      else if (list !== 'all') list.push(rule);
    };
    for (let r = 0; r < profile.rules.length; r++) {
      const { namespace, rule } = profile.rules[r] as Profile['rules'][number];
      // A rule without ports admits every port and protocol (§2.5).
      const ports = rule.ports && rule.ports.length > 0 ? rule.ports : undefined;
      const matched = this.matches.of(rule, namespace);
      if (matched !== undefined) {
        for (const peer of matched) hit(peer, ports ? r : 'all');
        continue;
      }
      // The rule matches every peer.
      if (!ports) return everything;
      pushRanges(common, dstOf ? ports.filter((e) => !isNamed(e)) : ports, subject);
      if (dstOf && ports.some(isNamed)) for (let peer = 0; peer < this.classes.length; peer++) hit(peer, r);
    }
    const base = this.intern(common);
    const cells = new Map<number, number>();
    const memo = new Map<string, number>();
    for (const [peer, list] of hits) {
      let id = SetTable.ALL;
      if (list !== 'all') {
        const dst = dstOf ? dstOf(peer) : subject;
        const key = dstOf && profile.named ? `${list.join(',')}#${dst ? (this.classes[peer] as PodClass).namedPorts : '-'}` : list.join(',');
        const known = memo.get(key);
        if (known !== undefined) id = known;
        else {
          const acc = merge(common, noRanges());
          for (const r of list) pushRanges(acc, (profile.rules[r] as Profile['rules'][number]).rule.ports ?? [], dst);
          memo.set(key, (id = this.intern(acc)));
        }
      }
      if (id !== base) cells.set(peer, id);
    }
    return { base, cells };
  }

  private intern(ranges: Ranges): number {
    if (ranges.TCP.length + ranges.UDP.length + ranges.SCTP.length === 0) return SetTable.EMPTY;
    return this.sets.intern(PortSet.fromRanges(ranges));
  }
}

function isNamed(entry: PolicyPort): boolean {
  return typeof entry.port === 'string';
}

/** The intervals of `entries` at `dstPod`; named ports that do not resolve add nothing (§2.7). */
function pushRanges(acc: Ranges, entries: readonly PolicyPort[], dstPod: Pod | undefined): void {
  for (const entry of entries) {
    const range = portEntryRange(entry, dstPod);
    if (range) acc[entry.protocol].push(range);
  }
}

function merge(a: Ranges, b: Ranges): Ranges {
  return { TCP: [...a.TCP, ...b.TCP], UDP: [...a.UDP, ...b.UDP], SCTP: [...a.SCTP, ...b.SCTP] };
}

/**
 * The connectivity report: peers, the connections between them (one per ordered pair that may
 * connect at all, with its ports), and what the API leaves undefined; renderers only word it. It
 * reads one matrix cell per pair of distinct matrix peers (classes, segments), not per pair of
 * workloads: the many workloads that share a class share its cells, and an empty cell skips all
 * their pairs at once. A source whose egress admits only a few peers (a default deny) reads only
 * those cells. Lines hold peer numbers and an interned set, never text, so a big report stays
 * small until it is printed.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { PolicyEngine } from '../policy/index.js';
import { ConnectivityMatrix, UNDEFINED } from './matrix.js';
import { graphPeers, type GraphPeer } from './peers.js';
import { SetTable } from './set-table.js';

/** `src` may open connections to `dst` on the ports of `set` (a `SetTable` number). */
export interface Connection {
  src: number;
  dst: number;
  set: number;
}

/**
 * A case the NetworkPolicy API leaves undefined (netpol.md §2.9), reported instead of guessed:
 * traffic of a pod to itself, and every connection of a hostNetwork peer.
 */
export interface UndefinedNote {
  reason: 'self' | 'host-network';
  /** The hostNetwork peer; absent for `self`, which concerns every pod. */
  peer?: string;
  message: string;
}

export interface ConnectivityReport {
  /** Sorted by name; connections refer to them by index. */
  peers: GraphPeer[];
  /** Sorted by source then destination name. */
  connections: Connection[];
  undefined: UndefinedNote[];
  sets: SetTable;
}

export interface ReportOptions {
  /** Keep only connections with an end in this namespace (and peers of it or of those connections). */
  namespace?: string;
}

/** The report for the whole cluster, or around one namespace. */
export function connectivityReport(cluster: Cluster, options: ReportOptions = {}, engine?: PolicyEngine): ConnectivityReport {
  return reportOf(ConnectivityMatrix.of(cluster, engine), options);
}

/** The report of a matrix already built. */
export function reportOf(matrix: ConnectivityMatrix, options: ReportOptions = {}): ConnectivityReport {
  const all = graphPeers(matrix);
  const focus = options.namespace;
  const inFocus = all.map((p) => focus === undefined || p.namespace === focus);
  const n = all.length;
  const { keys, setOf } = connectedPairs(matrix, all, inFocus);
  const used = new Uint8Array(n);
  for (const key of keys) {
    const s = Math.floor(key / n);
    used[s] = used[key - s * n] = 1;
  }
  // Renumber to the peers kept: pod peers in focus and every peer some connection uses.
  const index = new Int32Array(n);
  const peers: GraphPeer[] = [];
  all.forEach((p, i) => {
    if (used[i] === 1 || (inFocus[i] === true && p.kind !== 'External')) index[i] = peers.push(p) - 1;
  });
  const connections = new Array<Connection>(keys.length);
  keys.forEach((key, i) => {
    const s = Math.floor(key / n);
    const d = key - s * n;
    connections[i] = { src: index[s] as number, dst: index[d] as number, set: setOf(s, d) };
  });
  return { peers, connections, undefined: undefinedNotes(peers), sets: matrix.sets };
}

/**
 * The ordered pairs of peers (`src * peers + dst`, sorted, which is by name since peers are) that
 * may connect, with a lookup of their set. Peers standing on the same matrix peer share its cells,
 * so each pair of matrix peers is read once.
 */
function connectedPairs(matrix: ConnectivityMatrix, all: readonly GraphPeer[], inFocus: readonly boolean[]) {
  const n = all.length;
  const byCell = new Map<number, number[]>();
  /** Every matrix peer → the first cell of the report peer covering it (merged classes, segment runs). */
  const firstCell = new Map<number, number>();
  all.forEach((p, i) => {
    const cell = p.cells[0] as number;
    const list = byCell.get(cell);
    if (list) list.push(i);
    else byCell.set(cell, [i]);
    for (const c of p.cells) firstCell.set(c, cell);
  });
  const keys: number[] = [];
  const sets = new Map<number, number>();
  for (const [srcCell, srcs] of byCell) {
    // Under a default deny a source reaches few peers: read only those cells.
    const targets = matrix.targets(srcCell);
    const dstCells = targets ? new Set(Array.from(targets, (t) => firstCell.get(t) as number)) : byCell.keys();
    for (const dstCell of dstCells) {
      const dsts = byCell.get(dstCell) as number[];
      const set = matrix.cell(srcCell, dstCell);
      if (set === SetTable.EMPTY || set === UNDEFINED) continue;
      sets.set(srcCell * matrix.peerCount + dstCell, set);
      for (const s of srcs) {
        for (const d of dsts) {
          if (!inFocus[s] && !inFocus[d]) continue;
          // A peer to itself means between its distinct pods; a single pod only talks to itself (§2.9).
          if (s === d && (all[s] as GraphPeer).pods.length < 2) continue;
          keys.push(s * n + d);
        }
      }
    }
  }
  const cellOf = (i: number) => (all[i] as GraphPeer).cells[0] as number;
  const setOf = (s: number, d: number) => sets.get(cellOf(s) * matrix.peerCount + cellOf(d)) as number;
  return { keys: Float64Array.from(keys).sort(), setOf };
}

function undefinedNotes(peers: readonly GraphPeer[]): UndefinedNote[] {
  if (!peers.some((p) => p.pods.length > 0)) return [];
  const notes: UndefinedNote[] = [
    { reason: 'self', message: 'traffic of a pod to itself: a pod cannot block itself and CNIs differ' },
  ];
  for (const p of peers) {
    if (p.hostNetwork) {
      notes.push({ reason: 'host-network', peer: p.name, message: `${p.name} uses hostNetwork: all its traffic, in and out` });
    }
  }
  return notes;
}

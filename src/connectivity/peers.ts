/**
 * The peers of the connectivity report as users think of them (np-guard's naming): pods collapse
 * into the top-level workload that owns them, `shop/api[Deployment]`; bare pods stay
 * `shop/debug[Pod]`; outside addresses become disjoint ranges, `0.0.0.0-9.255.255.255[External]`.
 *
 * A workload whose pods fall into several classes is still one peer when those classes are
 * interchangeable (every peer sees them alike). Otherwise (rare: a policy selects on a per-pod label
 * such as `statefulset.kubernetes.io/pod-name`) it is listed once per group of alike pods,
 * `shop/db[StatefulSet]{db-0}`, rather than hiding the difference. Adjacent address segments that
 * every pod treats alike merge into one range, so an edge that no verdict depends on draws no line.
 */
import type { IPFamily, Pod } from '../model/index.js';
import { formatRange } from './ip-segments.js';
import type { ConnectivityMatrix } from './matrix.js';

/** One node of the connectivity graph. */
export interface GraphPeer {
  /** Display name, unique in a report. */
  name: string;
  /** The workload kind, `Pod` for a bare pod, or `External` for addresses. */
  kind: string;
  /** Absent for addresses. */
  namespace?: string;
  /** The workload's (or bare pod's) name. */
  workload?: string;
  /** The pods it stands for (empty for addresses), in cluster order. */
  pods: Pod[];
  /** The matrix peers it covers: classes, or consecutive segments. The first stands for all. */
  cells: number[];
  /** Its pods use hostNetwork: every connection is undefined (netpol.md §2.9). */
  hostNetwork: boolean;
  /** One of several groups of a workload whose pods get different verdicts. */
  split: boolean;
  /** For addresses: the range covered. */
  range?: { family: IPFamily; first: bigint; last: bigint };
}

/** Every peer of the matrix's cluster, sorted by name. */
export function graphPeers(matrix: ConnectivityMatrix): GraphPeer[] {
  const peers = [...workloadPeers(matrix), ...externalPeers(matrix)];
  return peers.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function workloadPeers(matrix: ConnectivityMatrix): GraphPeer[] {
  const owners = new Map<string, { kind: string; namespace: string; name: string; pods: Pod[] }>();
  for (const cls of matrix.classes) {
    for (const pod of cls.pods) {
      const kind = pod.owner?.kind ?? 'Pod';
      const name = pod.owner?.name ?? pod.meta.name;
      const key = `${pod.meta.namespace}/${name}[${kind}]`;
      let owner = owners.get(key);
      if (!owner) owners.set(key, (owner = { kind, namespace: pod.meta.namespace, name, pods: [] }));
      owner.pods.push(pod);
    }
  }
  const out: GraphPeer[] = [];
  for (const [base, owner] of owners) {
    const groups = alikeGroups(matrix, owner.pods);
    for (const group of groups) {
      const first = matrix.classes[group[0] as number];
      const pods = owner.pods.filter((p) => group.includes(matrix.classOf.get(p) as number));
      const split = groups.length > 1;
      const names = pods.map((p) => p.meta.name).sort();
      out.push({
        name: split ? `${base}{${names.join(',')}}` : base,
        kind: owner.kind,
        namespace: owner.namespace,
        workload: owner.name,
        pods,
        cells: group,
        hostNetwork: first?.hostNetwork ?? false,
        split,
      });
    }
  }
  return out;
}

/** The classes of `pods`, partitioned into groups of interchangeable classes. */
function alikeGroups(matrix: ConnectivityMatrix, pods: readonly Pod[]): number[][] {
  const classes = [...new Set(pods.map((p) => matrix.classOf.get(p) as number))];
  if (classes.length === 1) return [classes];
  const groups: number[][] = [];
  for (const cls of classes) {
    const group = groups.find((g) => matrix.interchangeable(g[0] as number, cls));
    if (group) group.push(cls);
    else groups.push([cls]);
  }
  return groups;
}

/** Address segments, consecutive interchangeable ones merged, as `[External]` peers. */
function externalPeers(matrix: ConnectivityMatrix): GraphPeer[] {
  const out: GraphPeer[] = [];
  let run: number[] = [];
  const flush = () => {
    const first = matrix.segment(run[0] as number);
    const last = matrix.segment(run[run.length - 1] as number);
    out.push({
      name: `${formatRange(first.family, first.first, last.last)}[External]`,
      kind: 'External',
      pods: [],
      cells: run,
      hostNetwork: false,
      split: false,
      range: { family: first.family, first: first.first, last: last.last },
    });
  };
  for (let peer = matrix.classes.length; peer < matrix.peerCount; peer++) {
    const head = run[0];
    if (head !== undefined && matrix.segment(head).family === matrix.segment(peer).family && matrix.interchangeable(head, peer)) {
      run.push(peer);
      continue;
    }
    if (head !== undefined) flush();
    run = [peer];
  }
  if (run.length > 0) flush();
  return out;
}

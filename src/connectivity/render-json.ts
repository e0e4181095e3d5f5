/**
 * The report as data for `-o json` and `-o yaml`. The shape is a stable interface (tests pin it):
 *
 * - `peers[]`: `name`, `kind` (workload kind, `Pod`, `External`), and for pods `namespace`,
 *   `workload`, `pods` (names), `hostNetwork`, `split`; for addresses `ipRange` `{first, last}`.
 * - `connections[]`: `src`, `dst` (peer names), `conn` (the text form), `ports` (protocol →
 *   inclusive `[first, last]` intervals; only protocols with ports).
 * - `undefined[]`: `reason` (`self` | `host-network`), `peer` for host-network, `message`.
 */
import { stringify } from 'yaml';
import { bigIntToIp } from '../cluster/ip.js';
import type { Protocol } from '../model/index.js';
import { POLICY_PROTOCOLS } from '../policy/index.js';
import type { GraphPeer } from './peers.js';
import type { ConnectivityReport, UndefinedNote } from './report.js';

export interface PeerDocument {
  name: string;
  kind: string;
  namespace?: string;
  workload?: string;
  pods?: string[];
  hostNetwork?: boolean;
  split?: boolean;
  ipRange?: { first: string; last: string };
}

export interface ConnectionDocument {
  src: string;
  dst: string;
  conn: string;
  ports: Partial<Record<Protocol, Array<[number, number]>>>;
}

export interface ConnectivityDocument {
  apiVersion: 'kreach/v1alpha1';
  kind: 'Connectivity';
  peers: PeerDocument[];
  connections: ConnectionDocument[];
  undefined: UndefinedNote[];
}

export function connectivityDocument(report: ConnectivityReport): ConnectivityDocument {
  const names = report.peers.map((p) => p.name);
  const ports = new Map<number, ConnectionDocument['ports']>();
  const portsOf = (id: number) => {
    let out = ports.get(id);
    if (!out) {
      const set = report.sets.get(id);
      out = {};
      for (const protocol of POLICY_PROTOCOLS) {
        const ranges = set.ranges(protocol);
        if (ranges.length > 0) out[protocol] = ranges.map(([a, b]): [number, number] => [a, b]);
      }
      ports.set(id, out);
    }
    return out;
  };
  return {
    apiVersion: 'kreach/v1alpha1',
    kind: 'Connectivity',
    peers: report.peers.map(peerDocument),
    connections: report.connections.map((c) => ({ src: names[c.src] as string, dst: names[c.dst] as string, conn: report.sets.text(c.set), ports: portsOf(c.set) })),
    undefined: report.undefined,
  };
}

function peerDocument(peer: GraphPeer): PeerDocument {
  if (peer.range) {
    const { family, first, last } = peer.range;
    return { name: peer.name, kind: peer.kind, ipRange: { first: bigIntToIp(first, family), last: bigIntToIp(last, family) } };
  }
  return {
    name: peer.name,
    kind: peer.kind,
    namespace: peer.namespace ?? '',
    workload: peer.workload ?? '',
    pods: peer.pods.map((p) => p.meta.name),
    hostNetwork: peer.hostNetwork,
    split: peer.split,
  };
}

export function renderJson(report: ConnectivityReport): string {
  // Port intervals print on one line each, `[8000, 8080]`, instead of four.
  const text = JSON.stringify(connectivityDocument(report), null, 2).replace(/\[\n\s*(\d+),\n\s*(\d+)\n\s*\]/g, '[$1, $2]');
  return `${text}\n`;
}

export function renderYaml(report: ConnectivityReport): string {
  return stringify(connectivityDocument(report), { lineWidth: 0, indentSeq: false, aliasDuplicateObjects: false });
}

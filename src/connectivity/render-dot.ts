/**
 * The report as a Graphviz digraph, laid out as np-guard's dot output: one `cluster_<namespace>`
 * subgraph per namespace holding its workloads, addresses outside any subgraph, one labelled edge
 * per connection. hostNetwork peers are drawn dashed and grey with no edges, because their
 * connections are undefined (netpol.md §2.9).
 */
import type { GraphPeer } from './peers.js';
import type { ConnectivityReport } from './report.js';

export function renderDot(report: ConnectivityReport): string {
  const lines = ['digraph {'];
  const byNamespace = new Map<string, GraphPeer[]>();
  const outside: GraphPeer[] = [];
  for (const peer of report.peers) {
    if (peer.namespace === undefined) outside.push(peer);
    else byNamespace.set(peer.namespace, [...(byNamespace.get(peer.namespace) ?? []), peer]);
  }
  for (const ns of [...byNamespace.keys()].sort()) {
    lines.push(`\tsubgraph ${quote(`cluster_${ns}`)} {`);
    for (const peer of byNamespace.get(ns) ?? []) lines.push(`\t\t${node(peer)}`);
    lines.push(`\t\tlabel=${quote(ns)}`, '\t}');
  }
  for (const peer of outside) lines.push(`\t${node(peer)}`);
  for (const c of report.connections) {
    const src = report.peers[c.src] as GraphPeer;
    const dst = report.peers[c.dst] as GraphPeer;
    lines.push(`\t${quote(src.name)} -> ${quote(dst.name)} [label=${quote(report.sets.text(c.set))} color="gold2" fontcolor="darkgreen"]`);
  }
  // The undefined cases ride along as comments, so the file says what its edges leave out.
  for (const note of report.undefined) lines.push(`\t// undefined (netpol.md §2.9): ${note.message.replace(/\n/g, ' ')}`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function node(peer: GraphPeer): string {
  if (peer.kind === 'External') return `${quote(peer.name)} [label=${quote(peer.name)} color="red2" fontcolor="red2"]`;
  const label = peer.namespace === undefined ? peer.name : peer.name.slice(peer.namespace.length + 1);
  if (peer.hostNetwork) return `${quote(peer.name)} [label=${quote(`${label}\nhostNetwork: undefined`)} color="grey" fontcolor="grey" style="dashed"]`;
  return `${quote(peer.name)} [label=${quote(label)} color="blue" fontcolor="blue"]`;
}

/** A DOT double-quoted string: backslashes and quotes escaped, newlines as `\n`. */
export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/**
 * Output formats over one small cluster: the JSON shape is pinned key by key (it is an interface),
 * YAML carries the same document, DOT reads as a digraph line by line, Markdown as a table, and
 * the question document keeps the direction verdicts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Cluster } from '../cluster/cluster.js';
import { loadCluster } from '../load.js';
import { PolicyEngine } from '../policy/index.js';
import { resolveEnd } from './endpoints.js';
import { ask } from './question.js';
import { renderReport } from './render.js';
import { connectivityDocument } from './render-json.js';
import { answerDocument, renderAnswer } from './render-question.js';
import { connectivityReport, type ConnectivityReport } from './report.js';

const YAML = `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: "a|b", labels: {app: web}}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: "a|b", labels: {app: db}}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: "a|b", labels: {app: agent}}
spec: {hostNetwork: true, containers: [{name: c, image: i}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: "a|b"}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 5432}, {port: 8000, endPort: 8080}]}]
`;

let cluster: Cluster;
let report: ConnectivityReport;
beforeAll(async () => {
  // A namespace name with a pipe is invalid, but exercises escaping; the loader keeps it with a finding.
  cluster = await loadCluster({ files: ['-'], stdin: YAML });
  report = connectivityReport(cluster, { namespace: 'a|b' });
});

describe('JSON and YAML', () => {
  it('has a stable shape', () => {
    const doc = JSON.parse(renderReport(report, 'json'));
    expect(Object.keys(doc)).toEqual(['apiVersion', 'kind', 'peers', 'connections', 'undefined']);
    expect(doc.apiVersion).toBe('kreach/v1alpha1');
    expect(doc.kind).toBe('Connectivity');
    const pod = doc.peers.find((p: { kind: string }) => p.kind === 'Pod');
    expect(Object.keys(pod)).toEqual(['name', 'kind', 'namespace', 'workload', 'pods', 'hostNetwork', 'split']);
    const external = doc.peers.find((p: { kind: string }) => p.kind === 'External');
    expect(external).toEqual({ name: '0.0.0.0-255.255.255.255[External]', kind: 'External', ipRange: { first: '0.0.0.0', last: '255.255.255.255' } });
    expect(doc.connections).toContainEqual({ src: 'a|b/web[Pod]', dst: 'a|b/db[Pod]', conn: 'TCP 5432,8000-8080', ports: { TCP: [[5432, 5432], [8000, 8080]] } });
    expect(doc.connections.find((c: { conn: string }) => c.conn === 'All Connections').ports).toEqual({ TCP: [[1, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] });
    expect(doc.undefined).toEqual([
      { reason: 'self', message: expect.stringMatching(/^traffic of a pod to itself/) },
      { reason: 'host-network', peer: 'a|b/agent[Pod]', message: expect.stringContaining('uses hostNetwork') },
    ]);
  });

  it('YAML holds the same document', () => {
    expect(parse(renderReport(report, 'yaml'))).toEqual(JSON.parse(renderReport(report, 'json')));
    expect(JSON.parse(renderReport(report, 'json'))).toEqual(JSON.parse(JSON.stringify(connectivityDocument(report))));
  });
});

describe('DOT', () => {
  it('is a digraph of quoted nodes, namespace subgraphs and labelled edges', () => {
    const lines = renderReport(report, 'dot').trimEnd().split('\n');
    expect(lines[0]).toBe('digraph {');
    expect(lines[lines.length - 1]).toBe('}');
    const q = '"(?:[^"\\\\]|\\\\.)*"';
    const shapes = [new RegExp(`^\\tsubgraph ${q} \\{$`), new RegExp(`^\\t+${q} \\[.*\\]$`), new RegExp(`^\\t${q} -> ${q} \\[label=${q} .*\\]$`), /^\t\tlabel=".*"$/, /^\t}$/, /^\t\/\/ /];
    for (const line of lines.slice(1, -1)) expect(shapes.some((re) => re.test(line)), line).toBe(true);
    expect(lines).toContain('\t"a|b/web[Pod]" -> "a|b/db[Pod]" [label="TCP 5432,8000-8080" color="gold2" fontcolor="darkgreen"]');
    expect(lines.some((l) => l.includes('agent') && l.includes('style="dashed"'))).toBe(true);
    expect(lines.some((l) => l.includes('agent') && l.includes('->'))).toBe(false);
  });
});

describe('Markdown and text', () => {
  it('escapes pipes in cells and lists undefined cases', () => {
    const md = renderReport(report, 'md');
    expect(md.split('\n').slice(0, 2)).toEqual(['| src | dst | conn |', '|-----|-----|------|']);
    expect(md).toContain('| a\\|b/web[Pod] | a\\|b/db[Pod] | TCP 5432,8000-8080 |');
    expect(md).toMatch(/\n- a\\\|b\/agent\[Pod\] uses hostNetwork/);
  });

  it('text lines read src => dst : conn', () => {
    expect(renderReport(report, 'text')).toContain('a|b/web[Pod] => a|b/db[Pod] : TCP 5432,8000-8080\n');
  });
});

describe('question document', () => {
  it('keeps outcome, pairs, explanation and both direction verdicts', () => {
    const engine = new PolicyEngine(cluster);
    const [from, to] = [resolveEnd(cluster, 'a|b/web', 'default'), resolveEnd(cluster, 'a|b/db', 'default')];
    if (!from.ok || !to.ok) throw new Error('ends should resolve');
    const asked = ask(engine, from.end, to.end, 5432, 'TCP');
    if (!asked.ok) throw new Error(asked.message);
    const doc = answerDocument(asked.answer);
    expect(Object.keys(doc)).toEqual(['apiVersion', 'kind', 'from', 'to', 'protocol', 'port', 'allowed', 'counts', 'outcomes']);
    expect(doc.outcomes[0]?.ingress.match?.policy).toBe('a|b/db');
    expect(parse(renderAnswer(asked.answer, 'yaml'))).toEqual(JSON.parse(renderAnswer(asked.answer, 'json')));
  });
});

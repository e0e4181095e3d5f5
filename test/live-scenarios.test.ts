/**
 * One suite, two sources: every scenario of testdata/scenarios is loaded with `-f`, and the cluster
 * it describes is served by the fake API server as a real cluster would hold it (pods with their
 * IPs and readiness, Services with their cluster IPs, the EndpointSlice controller's slices). The
 * same rows then run against the manifest source and the live source, and both must give the same
 * DNS answers for every name the cluster has, and the same `get` tables.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster } from '../src/cluster/cluster.js';
import { kubeadmProfile } from '../src/dns/config.js';
import { ClusterDnsEngine } from '../src/dns/engine.js';
import { formatRecord } from '../src/dns/zone-lines.js';
import { loadLiveCluster } from '../src/live/load-live.js';
import { loadCluster } from '../src/load.js';
import { renderTable } from '../src/output/get-render.js';
import { toKubeObject } from '../src/output/kube-objects.js';
import { FakeApiServer, makeCerts, writeKubeconfig } from './fake-apiserver.js';

const SCENARIOS = fileURLToPath(new URL('../testdata/scenarios/', import.meta.url));
const scenarios = readdirSync(SCENARIOS).sort();

/** What the API server of the cluster a scenario describes would hold. */
function servedObjects(cluster: Cluster): Array<Record<string, unknown>> {
  return [
    ...cluster.namespaces().map((o) => toKubeObject('namespaces', o)),
    ...cluster.nodes().map((o) => toKubeObject('nodes', o)),
    ...cluster.pods().map((o) => toKubeObject('pods', o)),
    ...cluster.services().map((o) => toKubeObject('services', o)),
    ...cluster.endpointSlices().map((o) => toKubeObject('endpointslices', o, { serviceUid: (ns, n) => cluster.service(ns, n)?.meta.uid })),
    ...cluster.networkPolicies().map((o) => toKubeObject('networkpolicies', o)),
  ];
}

/** Every name the cluster should answer, plus names it should not. */
function questions(cluster: Cluster): Array<[string, string]> {
  const out: Array<[string, string]> = [['nope.default.svc.cluster.local', 'A'], ['cluster.local', 'SOA']];
  for (const svc of cluster.services()) {
    const base = `${svc.meta.name}.${svc.meta.namespace}.svc.cluster.local`;
    out.push([base, 'A'], [base, 'AAAA'], [base, 'SRV'], [base, 'CNAME']);
    for (const p of svc.ports) if (p.name) out.push([`_${p.name}._${p.protocol.toLowerCase()}.${base}`, 'SRV']);
  }
  for (const pod of cluster.pods()) {
    for (const ip of pod.podIPs) {
      out.push([`${ip.replaceAll('.', '-')}.${pod.meta.namespace}.pod.cluster.local`, 'A']);
      out.push([`${ip.split('.').reverse().join('.')}.in-addr.arpa`, 'PTR']);
    }
    if (pod.hostname && pod.subdomain) out.push([`${pod.hostname}.${pod.subdomain}.${pod.meta.namespace}.svc.cluster.local`, 'A']);
  }
  return out;
}

function answers(cluster: Cluster, names: Array<[string, string]>): string[] {
  const engine = new ClusterDnsEngine(cluster, kubeadmProfile());
  try {
    return names.map(([name, type]) => {
      const a = engine.answer({ name, type });
      const lines = [...a.answer, ...a.authority, ...a.additional].map((r) => formatRecord(r).replace(/ SOA (\S+ \S+) \d+/, ' SOA $1 SERIAL'));
      return `${name} ${type} ${a.rcode}: ${lines.sort().join(' | ')}`;
    });
  } finally {
    engine.close();
  }
}

function tables(cluster: Cluster): string {
  const opts = { wide: false, allNamespaces: true, sliceLookup: (ns: string, n: string) => cluster.endpointSlicesFor(ns, n) };
  return [renderTable('services', cluster.services(), opts), renderTable('endpointslices', cluster.endpointSlices(), opts)].join('\n');
}

const fakes: FakeApiServer[] = [];
afterAll(async () => {
  await Promise.all(fakes.map((f) => f.stop()));
  for (const fake of fakes) expect(fake.requests.every((r) => r.method === 'GET')).toBe(true);
});

describe.each(scenarios)('scenario %s', (scenario) => {
  const sources: Record<'manifests' | 'live', Cluster | undefined> = { manifests: undefined, live: undefined };

  beforeAll(async () => {
    sources.manifests = await loadCluster({ files: [join(SCENARIOS, scenario)] });
    const fake = await FakeApiServer.start({ certs: makeCerts(), tokens: { t: 'reader' } });
    fakes.push(fake);
    for (const obj of servedObjects(sources.manifests)) fake.apply(obj);
    const kubeconfig = writeKubeconfig(mkdtempSync(join(tmpdir(), 'kreach-live-scn-')), fake, { token: 't' });
    sources.live = (await loadLiveCluster({ kubeconfig, env: {}, home: '/nonexistent', limit: 3 })).cluster;
  });

  describe.each(['manifests', 'live'] as const)('from %s', (source) => {
    it('has every Service with its cluster IP and endpoints', () => {
      const cluster = sources[source] as Cluster;
      const expected = sources.manifests as Cluster;
      expect(cluster.services().map((s) => `${s.meta.namespace}/${s.meta.name} ${s.clusterIPs.join(',')}`)).toEqual(
        expected.services().map((s) => `${s.meta.namespace}/${s.meta.name} ${s.clusterIPs.join(',')}`),
      );
    });

    it('answers every name of the cluster as the manifest source does', () => {
      const expected = sources.manifests as Cluster;
      expect(answers(sources[source] as Cluster, questions(expected))).toEqual(answers(expected, questions(expected)));
    });

    it('prints the same get tables', () => {
      expect(tables(sources[source] as Cluster)).toBe(tables(sources.manifests as Cluster));
    });

    it('reports no drift and no input errors', () => {
      const findings = (sources[source] as Cluster).findings.filter((f) => f.severity !== 'info');
      expect(findings).toEqual([]);
    });
  });
});

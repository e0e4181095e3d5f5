/**
 * The deploy/ manifests: the RBAC grants exactly get, list and watch on exactly the resources the
 * live source reads (src/live/resources.ts), never Secrets, never a write; and kreach itself loads
 * the in-cluster DNS Deployment and Service without errors, the Service reaching its pods on 53.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { groupOf, LIVE_RESOURCES } from '../src/live/resources.js';
import { loadCluster } from '../src/load.js';

const DEPLOY = fileURLToPath(new URL('../deploy/', import.meta.url));
type Doc = { kind: string; metadata: { name: string; namespace?: string }; rules?: Array<{ apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }>; roleRef?: { kind: string; name: string }; subjects?: Array<{ kind: string; name: string; namespace: string }> };
const docs = (file: string) => parseAllDocuments(readFileSync(`${DEPLOY}${file}`, 'utf8')).map((d) => d.toJS() as Doc);

describe('deploy/rbac.yaml', () => {
  const rbac = docs('rbac.yaml');
  const grants = (kind: string) =>
    rbac
      .filter((d) => d.kind === kind)
      .flatMap((d) => (d.rules ?? []).flatMap((r) => r.apiGroups.flatMap((g) => r.resources.map((res) => `${d.metadata.namespace ?? '*'} ${g}/${res} ${[...r.verbs].sort().join(',')}`))));

  it('grants get, list and watch on exactly the resources kreach reads', () => {
    const expected = LIVE_RESOURCES.map((r) => `${r.only?.namespace ?? '*'} ${groupOf(r)}/${r.plural} get,list,watch`).sort();
    expect([...grants('ClusterRole'), ...grants('Role')].sort()).toEqual(expected);
    expect(JSON.stringify(rbac)).not.toMatch(/secrets|"\*"|create|update|patch|delete/);
  });

  it('binds both roles to the kreach ServiceAccount', () => {
    const sa = rbac.find((d) => d.kind === 'ServiceAccount');
    for (const binding of rbac.filter((d) => d.kind.endsWith('Binding'))) {
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: sa?.metadata.name, namespace: sa?.metadata.namespace }]);
      expect(rbac.some((d) => d.kind === binding.roleRef?.kind && d.metadata.name === binding.roleRef.name)).toBe(true);
    }
  });
});

describe('deploy/kreach-dns.yaml', () => {
  it('runs `kreach dns serve --listen 0.0.0.0:53` as the kreach ServiceAccount behind a port-53 Service', async () => {
    const text = readFileSync(`${DEPLOY}kreach-dns.yaml`, 'utf8');
    expect(text).toMatch(/args: \[dns, serve, --listen, "0\.0\.0\.0:53"\]/);
    expect(text).toMatch(/serviceAccountName: kreach\n/);
    const cluster = await loadCluster({ files: [`${DEPLOY}kreach-dns.yaml`] });
    expect(cluster.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    const slices = cluster.endpointSlicesFor('kreach', 'kreach-dns');
    expect(slices.flatMap((s) => s.ports.map((p) => `${p.name} ${p.port}/${p.protocol}`)).sort()).toEqual(['dns 53/UDP', 'dns-tcp 53/TCP']);
    expect(slices.flatMap((s) => s.endpoints)).toHaveLength(1);
  });
});

describe('deploy/ under kreach lint', () => {
  it('both manifests pass kreach lint with no finding at all', async () => {
    const { runLint } = await import('../src/lint/run.js');
    const cluster = await loadCluster({ files: [DEPLOY] });
    const report = runLint(cluster);
    expect(report.findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
  });
});

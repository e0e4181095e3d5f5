/**
 * The loader over the shared corpus of real-world manifests (../shared/corpus, see its SOURCES.md):
 * nothing throws, no converter fails, and every object read is accounted for, either converted or
 * skipped with a reason. One test per upstream source, so a failure names the repository.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../src/cluster/cluster.js';
import { renderName, renderObjects, renderTable } from '../src/output/get-render.js';
import type { GetResource } from '../src/output/kube-objects.js';
import { resolveInputs } from '../src/source/files.js';
import { convertedCount, loadManifests } from '../src/source/load.js';
import { CORPUS, corpusPresent as present, corpusSources as sources } from './corpus.js';


/** Codes that mean kreach (not the input) is at fault, or that the input could not be read at all. */
const NEVER = ['internal-error', 'yaml-syntax', 'yaml-too-deep', 'yaml-alias-limit', 'document-too-large', 'input-not-found'];

describe.skipIf(!present)(`corpus (${CORPUS})`, () => {
  it('has sources', () => {
    expect(sources.length).toBeGreaterThan(0);
  });

  for (const source of sources) {
    it(`${source}: every object is converted or skipped with a reason`, async () => {
      const m = await loadManifests([join(CORPUS, source)], { recursive: true });
      const bad = m.findings
        .filter((f) => NEVER.includes(f.code))
        .map((f) => `${f.source?.file ?? ''}:${f.source?.line ?? ''}: ${f.code}: ${f.message}`);
      expect(bad).toEqual([]);
      expect(m.documentCount).toBeGreaterThan(0);
      expect(convertedCount(m) + m.skipped.length).toBe(m.documentCount);
      expect(m.skipped.filter((s) => s.reason.trim() === '')).toEqual([]);
    });
  }
});

const RESOURCES: GetResource[] = ['services', 'endpointslices', 'pods', 'nodes', 'networkpolicies'];

/** What `kreach get` does for one resource in every output format, without the process around it. */
function renderEverything(cluster: Cluster): number {
  let bytes = 0;
  for (const resource of RESOURCES) {
    const objects = {
      services: cluster.services(),
      endpointslices: cluster.endpointSlices(),
      pods: cluster.pods(),
      nodes: cluster.nodes(),
      networkpolicies: cluster.networkPolicies(),
    }[resource] as never[];
    for (const wide of [false, true]) {
      bytes += renderTable(resource, objects, { wide, allNamespaces: true, sliceLookup: (ns, n) => cluster.endpointSlicesFor(ns, n) }).length;
    }
    bytes += renderObjects(resource, objects, 'yaml').length + renderObjects(resource, objects, 'json').length;
    for (const obj of objects) bytes += renderName(resource, obj).length;
  }
  return bytes;
}

describe.skipIf(!present)('corpus: every file through the whole engine', () => {
  for (const source of sources) {
    it(`${source}: each file builds a cluster and renders every get output`, async () => {
      const files = (await resolveInputs([join(CORPUS, source)], { recursive: true }, () => {})).flatMap((f) => (f.kind === 'file' ? [f.path] : []));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const manifests = await loadManifests([file]);
        const cluster = Cluster.fromManifests(manifests);
        expect(cluster.findings.filter((f) => f.code === 'internal-error'), file).toEqual([]);
        expect(renderEverything(cluster), file).toBeGreaterThan(0);
        // Every managed Service has at least its placeholder slice.
        for (const svc of cluster.services()) {
          if (svc.selector !== null && svc.type !== 'ExternalName') {
            expect(cluster.endpointSlicesFor(svc.meta.namespace, svc.meta.name).length, `${file} ${svc.meta.name}`).toBeGreaterThan(0);
          }
        }
      }
    });
  }
});

if (!present) {
  describe('corpus', () => {
    it.skip(`skipped: corpus folder not found at ${CORPUS}`, () => {});
  });
}

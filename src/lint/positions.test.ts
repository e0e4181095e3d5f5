/**
 * `locateAll` answers as the loader's document reader does over the whole file, whether it reads
 * one JSON object alone or falls back to the whole file (YAML, an object that moved or changed).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SourceRef } from '../model/index.js';
import { readObjects } from '../source/documents.js';
import { locateAll, type PositionRequest } from './positions.js';
import type { FieldPath } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'kreach-positions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const service = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'shop', annotations: { note: 'a "quoted" {brace} and \\ backslash' } },
  spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'grpc', port: 9090, targetPort: 'grpc' }] },
});
const list = { apiVersion: 'v1', kind: 'List', items: [service('web'), service('api'), service('db')] };

const files: Record<string, string> = {
  'pretty.json': JSON.stringify(list, null, 2),
  'minified.json': JSON.stringify(list),
  'multi.json': `${JSON.stringify(service('web'))}\n${JSON.stringify(service('api'), null, 1)}\n`,
  'docs.yaml': ['apiVersion: v1', 'kind: Service', 'metadata: {name: web, namespace: shop}', 'spec:', '  ports:', '  - port: 80', '    targetPort: 8080', '---', `${JSON.stringify(service('api'))}`, ''].join('\n'),
};

const paths: FieldPath[] = [['spec', 'ports', 1, 'targetPort'], ['spec', 'ports', 0], ['metadata', 'name'], ['spec', 'missing', 3], []];

/** The whole-file reading `locateAll` must agree with. */
function reference(file: string): Array<{ object: SourceRef; name: string; at: (path: FieldPath) => SourceRef }> {
  const out = [];
  for (const entry of readObjects(readFileSync(file, 'utf8'), file, () => {})) {
    if ('object' in entry) out.push({ object: entry.object.source, name: String((entry.object.obj.metadata as { name: string }).name), at: entry.object.at });
  }
  return out;
}

describe('locateAll', () => {
  for (const [name, text] of Object.entries(files)) {
    it(`${name}: every field of every object as the whole-file reader places it`, () => {
      const file = join(dir, name);
      writeFileSync(file, text);
      const objects = reference(file);
      expect(objects.length).toBeGreaterThan(0);
      const requests: PositionRequest[] = objects.flatMap((o) => paths.map((path) => ({ object: o.object, path, name: o.name })));
      const want = objects.flatMap((o) => paths.map((path) => (path.length === 0 ? o.object : o.at(path))));
      expect(locateAll(requests)).toEqual(want);
    });
  }

  it('an object that is no longer where it was, or was renamed, falls back to its own position', () => {
    const file = join(dir, 'changed.json');
    writeFileSync(file, JSON.stringify(list, null, 2));
    const [web, api] = reference(file);
    writeFileSync(file, JSON.stringify({ ...list, items: [service('renamed'), service('api')] }, null, 2));
    const moved = { ...(api as { object: SourceRef }).object, line: 1, col: 1 };
    const got = locateAll([
      { object: (web as { object: SourceRef }).object, path: ['spec', 'ports', 0], name: 'web' },
      { object: moved, path: ['spec', 'ports', 0], name: 'api' },
      { object: { file: join(dir, 'gone.json'), docIndex: 0, line: 3, col: 5 }, path: ['spec'], name: 'x' },
      { object: { file: '<stdin>', docIndex: 0, line: 3, col: 5 }, path: ['spec'], name: 'x' },
    ]);
    // The renamed object still starts there: the whole-file reader finds it by position, as before.
    expect(got[0]?.line).toBeGreaterThan((web as { object: SourceRef }).object.line);
    expect(got.slice(1)).toEqual([moved, { file: join(dir, 'gone.json'), docIndex: 0, line: 3, col: 5 }, { file: '<stdin>', docIndex: 0, line: 3, col: 5 }]);
  });
});

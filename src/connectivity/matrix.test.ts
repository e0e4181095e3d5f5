/**
 * The matrix against the engine it abbreviates: for every pair of distinct pods, and between every
 * pod and the first and last address of every segment, the cell must equal
 * `PolicyEngine.allowedPorts`, on clusters drawn at random (`drawCluster`, seeded).
 */
import { describe, expect, it } from 'vitest';
import { disagreements, drawCluster } from '../../test/connectivity-helpers.js';
import { makePod } from '../../test/fixtures.js';
import { makePolicy, policyCluster } from '../../test/policy-fixtures.js';
import type { Pod } from '../model/index.js';
import { ConnectivityMatrix, UNDEFINED } from './matrix.js';
import { SetTable } from './set-table.js';

describe('ConnectivityMatrix agrees with PolicyEngine.allowedPorts', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('random cluster, seed %i', (seed) => {
    expect(disagreements(drawCluster(seed))).toEqual([]);
  });

  it('groups the drawn pods into fewer classes than pods (the point of classes)', () => {
    const counts = [1, 2, 3, 4, 5].map((seed) => {
      const cluster = drawCluster(seed);
      return ConnectivityMatrix.of(cluster).classes.length / cluster.pods().length;
    });
    expect(Math.min(...counts)).toBeLessThan(1);
  });
});

describe('ConnectivityMatrix cells', () => {
  const web = (name: string, ns = 'shop', tweak: (p: Pod) => void = () => {}) => makePod(name, tweak, ns);

  it('a hostNetwork class is undefined both ways; no policy means everything elsewhere', () => {
    const host = web('agent', 'shop', (p) => (p.hostNetwork = true));
    const cluster = policyCluster([web('w1'), host], []);
    const matrix = ConnectivityMatrix.of(cluster);
    const classOf = (name: string) => matrix.classOf.get(cluster.pod('shop', name) as Pod) as number;
    const [w, h] = [classOf('w1'), classOf('agent')];
    expect(matrix.cell(w, h)).toBe(UNDEFINED);
    expect(matrix.cell(h, w)).toBe(UNDEFINED);
    expect(matrix.cell(w, matrix.classes.length)).toBe(SetTable.ALL);
  });

  it('a class of several pods has a cell to itself (between distinct pods)', () => {
    const deny = makePolicy('deny', () => {}, 'shop');
    const cluster = policyCluster([web('w1'), web('w2')], [deny]);
    const matrix = ConnectivityMatrix.of(cluster);
    const w = matrix.classOf.get(cluster.pod('shop', 'w1') as Pod) as number;
    expect(matrix.classOf.get(cluster.pod('shop', 'w2') as Pod)).toBe(w);
    expect(matrix.cell(w, w)).toBe(SetTable.EMPTY);
  });
});

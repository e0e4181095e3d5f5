/** The store's per-kind collection: one object per namespace and name, lists in a stable order. */
import { describe, expect, it } from 'vitest';
import { makePod } from '../../test/fixtures.js';
import type { Pod } from '../model/index.js';
import { ObjectIndex } from './object-index.js';

const names = (pods: Pod[]) => pods.map((p) => `${p.meta.namespace}/${p.meta.name}`);

describe('ObjectIndex', () => {
  it('finds objects by namespace and name, and counts them', () => {
    const index = new ObjectIndex<Pod>();
    index.set(makePod('a', () => {}, 'shop'));
    index.set(makePod('a', () => {}, 'other'));
    expect(index.get('shop', 'a')?.meta.namespace).toBe('shop');
    expect(index.get('other', 'a')?.meta.namespace).toBe('other');
    expect(index.get('shop', 'b')).toBeUndefined();
    expect(index.get('nowhere', 'a')).toBeUndefined();
    expect(index.size).toBe(2);
  });

  it('replaces an object in place and returns the one replaced', () => {
    const index = new ObjectIndex<Pod>();
    const first = makePod('a');
    index.set(first);
    index.set(makePod('b'));
    const second = makePod('a', (p) => (p.podIPs = ['10.244.0.9']));
    expect(index.set(second)).toBe(first);
    expect(index.list()).toEqual([second, index.get('default', 'b')]);
    expect(index.size).toBe(2);
  });

  it('lists namespace by namespace, in the order each first got an object, insertion order within', () => {
    const index = new ObjectIndex<Pod>();
    for (const [ns, name] of [['b', 'x'], ['a', 'y'], ['b', 'z'], ['a', 'w']] as const) index.set(makePod(name, () => {}, ns));
    expect(names(index.list())).toEqual(['b/x', 'b/z', 'a/y', 'a/w']);
    expect(names(index.list('a'))).toEqual(['a/y', 'a/w']);
    expect(index.list('none')).toEqual([]);
    expect(index.namespaces()).toEqual(['b', 'a']);
  });

  it('deletes, forgetting a namespace once it is empty', () => {
    const index = new ObjectIndex<Pod>();
    index.set(makePod('x', () => {}, 'a'));
    index.set(makePod('y', () => {}, 'b'));
    expect(index.delete('a', 'x')?.meta.name).toBe('x');
    expect(index.delete('a', 'x')).toBeUndefined();
    expect(index.namespaces()).toEqual(['b']);
    expect(index.size).toBe(1);
    index.set(makePod('x', () => {}, 'a'));
    expect(names(index.list())).toEqual(['b/y', 'a/x']);
  });

  it('files objects under the name nameOf gives (workloads: Kind/name)', () => {
    const index = new ObjectIndex<Pod>((p) => `${p.phase}/${p.meta.name}`);
    index.set(makePod('a'));
    index.set(makePod('a', (p) => (p.phase = 'Pending')));
    expect(index.size).toBe(2);
    expect(index.get('default', 'Pending/a')?.phase).toBe('Pending');
  });
});

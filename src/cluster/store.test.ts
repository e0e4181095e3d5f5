/** The store's pod lookup by address: built on the first lookup, current after every change either side of it. */
import { describe, expect, it } from 'vitest';
import { makePod } from '../../test/fixtures.js';
import type { Pod } from '../model/index.js';
import { ClusterStore } from './store.js';

const at = (name: string, ...ips: string[]) => makePod(name, (p) => (p.podIPs = ips));
const names = (pods: Pod[]) => pods.map((p) => p.meta.name);

describe('ClusterStore.podsByIP', () => {
  it('sees changes made before the first lookup', () => {
    const store = new ClusterStore();
    store.upsert('Pod', at('a', '10.244.0.1', 'fd00::1'));
    store.upsert('Pod', at('b', '10.244.0.2'));
    store.upsert('Pod', at('a', '10.244.0.3'));
    store.remove('Pod', 'default', 'b');
    expect(names(store.podsByIP('10.244.0.3'))).toEqual(['a']);
    expect(store.podsByIP('10.244.0.1')).toEqual([]);
    expect(store.podsByIP('fd00::1')).toEqual([]);
    expect(store.podsByIP('10.244.0.2')).toEqual([]);
  });

  it('follows additions, replacements and removals after it', () => {
    const store = new ClusterStore();
    store.upsert('Pod', at('a', '10.244.0.1'));
    expect(names(store.podsByIP('10.244.0.1'))).toEqual(['a']);
    // hostNetwork pods share their node's address.
    store.upsert('Pod', at('agent', '10.244.0.1'));
    expect(names(store.podsByIP('10.244.0.1'))).toEqual(['a', 'agent']);
    store.upsert('Pod', at('a', '10.244.0.9'));
    expect(names(store.podsByIP('10.244.0.1'))).toEqual(['agent']);
    expect(names(store.podsByIP('10.244.0.9'))).toEqual(['a']);
    store.remove('Pod', 'default', 'agent');
    expect(store.podsByIP('10.244.0.1')).toEqual([]);
  });
});

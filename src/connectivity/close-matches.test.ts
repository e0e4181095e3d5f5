/** "Did you mean" rows: typed text, candidates, the suggestions in order. */
import { describe, expect, it } from 'vitest';
import { closeMatches, distance } from './close-matches.js';

const CANDIDATES = ['shop/api-7d4b9c-x2x9q', 'shop/deployment/api', 'shop/deployment/web', 'tools/api-1', 'shop/db-0', 'shop/statefulset/db'];

describe('closeMatches', () => {
  it.each([
    ['shop/api', ['shop/api-7d4b9c-x2x9q', 'shop/deployment/api']],
    ['shop/deployment/apo', ['shop/deployment/api', 'shop/deployment/web']],
    ['shop/db-1', ['shop/db-0']],
    ['SHOP/DB-0', ['shop/db-0']],
    ['nothing/like/this/at/all', []],
  ])('%s → %j', (query, expected) => {
    expect(closeMatches(query, CANDIDATES)).toEqual(expected);
  });

  it('stops at the limit', () => {
    expect(closeMatches('shop/x', Array.from({ length: 20 }, (_, i) => `shop/x${i}`), 3)).toHaveLength(3);
  });
});

describe('distance', () => {
  it.each([
    ['', '', 0],
    ['kitten', 'sitting', 3],
    ['api', 'apo', 1],
    ['abc', 'abcdefgh', 5],
  ])('%s ~ %s = %i', (a, b, d) => expect(distance(a, b)).toBe(d));

  it('gives up past the budget', () => expect(distance('abcdef', 'uvwxyz', 2)).toBe(3));
});

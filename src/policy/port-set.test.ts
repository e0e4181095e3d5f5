/**
 * Port interval sets (netpol.md §2.10, np-guard's ConnectionSet): normalisation, the set
 * operations over 1..65535 and the printed form used by the connectivity matrix.
 */
import { describe, expect, it } from 'vitest';
import {
  PortSet,
  complementRanges,
  formatRanges,
  intersectRanges,
  normalizeRanges,
  unionRanges,
  type PortRanges,
} from './port-set.js';

describe('interval lists', () => {
  const rows: Array<[string, () => PortRanges, string]> = [
    ['normalise sorts, merges overlaps and adjacent intervals', () => normalizeRanges([[443, 443], [80, 80], [81, 90], [85, 100]]), '80-100,443'],
    ['normalise clamps to 1..65535 and drops inverted intervals', () => normalizeRanges([[0, 5], [65530, 70000], [10, 9]]), '1-5,65530-65535'],
    ['union', () => unionRanges([[80, 80]], [[443, 443], [81, 82]]), '80-82,443'],
    ['union with empty is the other side', () => unionRanges([], [[53, 53]]), '53'],
    ['intersection of overlapping lists', () => intersectRanges([[1, 100], [200, 300]], [[50, 250]]), '50-100,200-250'],
    ['intersection of disjoint lists is empty', () => intersectRanges([[1, 10]], [[11, 20]]), 'none'],
    ['complement of the middle', () => complementRanges([[80, 80], [443, 443]]), '1-79,81-442,444-65535'],
    ['complement of nothing is everything', () => complementRanges([]), 'all'],
    ['complement of everything is nothing', () => complementRanges([[1, 65535]]), 'none'],
    ['complement touching both ends', () => complementRanges([[1, 10], [65000, 65535]]), '11-64999'],
  ];
  it.each(rows)('%s', (_name, run, expected) => expect(formatRanges(run())).toBe(expected));
});

describe('PortSet', () => {
  const web = PortSet.of('TCP', 80).union(PortSet.of('TCP', 443)).union(PortSet.of('TCP', 8000, 8080));
  const dns = PortSet.of('UDP', 53).union(PortSet.of('TCP', 53));

  it('prints per protocol in TCP, UDP, SCTP order', () => {
    expect(web.toString()).toBe('TCP 80,443,8000-8080');
    expect(dns.union(PortSet.of('SCTP')).toString()).toBe('TCP 53; UDP 53; SCTP all');
    expect(PortSet.all().toString()).toBe('all');
    expect(PortSet.empty().toString()).toBe('none');
  });

  it('keeps protocols apart (§2.7)', () => {
    expect(dns.has('UDP', 53)).toBe(true);
    expect(PortSet.of('UDP', 53).has('TCP', 53)).toBe(false);
    expect(web.intersect(PortSet.of('UDP')).isEmpty()).toBe(true);
  });

  it('intersects and complements', () => {
    expect(web.intersect(PortSet.of('TCP', 8000, 9000)).toString()).toBe('TCP 8000-8080');
    expect(web.complement().intersect(web).isEmpty()).toBe(true);
    expect(web.complement().union(web).isAll()).toBe(true);
    expect(PortSet.of('TCP', 1).toString()).toBe('TCP 1');
  });

  it('equality is by content', () => {
    expect(PortSet.of('TCP', 80, 81).equals(PortSet.of('TCP', 81).union(PortSet.of('TCP', 80)))).toBe(true);
    expect(PortSet.of('TCP', 80).equals(PortSet.of('UDP', 80))).toBe(false);
  });
});

/**
 * Presentation text ↔ label bytes: the two directions are inverses, escapes included, and names the
 * wire cannot hold are refused with a code.
 */
import { describe, expect, it } from 'vitest';
import { labelsToName, nameToLabels } from './wire-names.js';

const labels = (...parts: Array<string | number[]>): Buffer[] => parts.map((p) => Buffer.from(typeof p === 'string' ? Buffer.from(p, 'latin1') : p));

describe('nameToLabels / labelsToName', () => {
  const rows: Array<{ name: string; text: string; wire: Buffer[] }> = [
    { name: 'ordinary, case kept', text: 'Web.Default.svc.cluster.local', wire: labels('Web', 'Default', 'svc', 'cluster', 'local') },
    { name: 'root', text: '', wire: [] },
    { name: 'dot inside a label', text: 'a\\.b.c', wire: labels('a.b', 'c') },
    { name: 'backslash', text: 'a\\\\b', wire: labels('a\\b') },
    { name: 'space and control bytes', text: 'a\\032b\\000\\255', wire: labels([0x61, 0x20, 0x62, 0x00, 0xff]) },
    { name: 'underscore labels', text: '_http._tcp.web', wire: labels('_http', '_tcp', 'web') },
  ];
  for (const row of rows) {
    it(row.name, () => {
      expect(nameToLabels(row.text)).toEqual(row.wire);
      expect(labelsToName(row.wire)).toBe(row.text);
    });
  }

  it('accepts one trailing dot and the lone root dot', () => {
    expect(nameToLabels('cluster.local.')).toEqual(labels('cluster', 'local'));
    expect(nameToLabels('.')).toEqual([]);
  });

  it('reads a non-digit escape as the character itself', () => {
    expect(nameToLabels('\\a.b')).toEqual(labels('a', 'b'));
  });

  const bad = ['a..b', '.a', 'a\\', 'x'.repeat(64), Array.from({ length: 52 }, () => 'abcd').join('.')];
  for (const text of bad) {
    it(`refuses ${JSON.stringify(text.slice(0, 20))}`, () => {
      expect(() => nameToLabels(text)).toThrow(expect.objectContaining({ code: 'name-invalid' }));
    });
  }
});

import { describe, expect, it } from 'vitest';
import { formatTable } from './table.js';

describe('formatTable', () => {
  it.each([
    {
      name: 'upper-cases headers and pads all but the last column to widest + 3',
      headers: ['name', 'type'],
      rows: [
        ['web', 'ClusterIP'],
        ['frontend-long', 'NodePort'],
      ],
      expected: ['NAME            TYPE', 'web             ClusterIP', 'frontend-long   NodePort', ''].join('\n'),
    },
    {
      name: 'pads a narrow column to six characters, as tabwriter minwidth does',
      headers: ['ip', 'x'],
      rows: [['a', 'b']],
      expected: 'IP    X\na     b\n',
    },
    {
      name: 'leaves no trailing spaces when the last cell is empty',
      headers: ['name', 'note'],
      rows: [['web', '']],
      expected: 'NAME   NOTE\nweb\n',
    },
    {
      name: 'keeps each row on one line',
      headers: ['name', 'value'],
      rows: [['a\tb', 'c\nd']],
      expected: 'NAME   VALUE\na b    c d\n',
    },
    {
      name: 'counts characters, not UTF-16 units',
      headers: ['name', 'x'],
      rows: [['😀😀😀😀', '1']],
      expected: 'NAME   X\n😀😀😀😀   1\n',
    },
    {
      name: 'fills short rows with empty cells',
      headers: ['a', 'b', 'c'],
      rows: [['1']],
      expected: 'A     B     C\n1\n',
    },
    { name: 'prints only the header without rows', headers: ['name'], rows: [], expected: 'NAME\n' },
  ])('$name', ({ headers, rows, expected }) => {
    expect(formatTable(headers, rows)).toBe(expected);
  });
});

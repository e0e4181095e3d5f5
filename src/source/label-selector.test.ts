/**
 * Raw metav1.LabelSelector conversion. Rows cite apimachinery `pkg/apis/meta/v1/helpers.go`
 * (LabelSelectorAsSelector) and `pkg/apis/meta/v1/validation/validation.go` (ValidateLabelSelector).
 */
import { describe, expect, it } from 'vitest';
import type { Finding, LabelSelector } from '../model/index.js';
import { literalContext } from './context.js';
import { selectorFromObject } from './label-selector.js';

describe('selectorFromObject', () => {
  const rows: Array<[string, unknown, LabelSelector, string[]]> = [
    ['absent → empty selector (the caller decides what absent means)', undefined, { matchLabels: {}, matchExpressions: [] }, []],
    ['matchLabels only', { matchLabels: { app: 'web' } }, { matchLabels: { app: 'web' }, matchExpressions: [] }, []],
    [
      'matchExpressions, all four operators (helpers.go LabelSelectorAsSelector)',
      {
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['a', 'b'] },
          { key: 'tier', operator: 'NotIn', values: ['db'] },
          { key: 'x', operator: 'Exists' },
          { key: 'y', operator: 'DoesNotExist' },
        ],
      },
      {
        matchLabels: {},
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['a', 'b'] },
          { key: 'tier', operator: 'NotIn', values: ['db'] },
          { key: 'x', operator: 'Exists', values: [] },
          { key: 'y', operator: 'DoesNotExist', values: [] },
        ],
      },
      [],
    ],
    [
      'unknown operator matches nothing (LabelSelectorAsSelector errors)',
      { matchExpressions: [{ key: 'x', operator: 'Gt', values: ['1'] }] },
      { matchLabels: {}, matchExpressions: [{ key: 'x', operator: 'In', values: [] }] },
      ['spec.selector.matchExpressions[0].operator'],
    ],
    [
      'In without values is invalid (ValidateLabelSelectorRequirement)',
      { matchExpressions: [{ key: 'x', operator: 'In', values: [] }] },
      { matchLabels: {}, matchExpressions: [{ key: 'x', operator: 'In', values: [] }] },
      ['spec.selector.matchExpressions[0].values'],
    ],
    [
      'Exists with values is invalid; values dropped',
      { matchExpressions: [{ key: 'x', operator: 'Exists', values: ['a'] }] },
      { matchLabels: {}, matchExpressions: [{ key: 'x', operator: 'Exists', values: [] }] },
      ['spec.selector.matchExpressions[0].values'],
    ],
    [
      'invalid label key and value reported, kept',
      { matchLabels: { 'a/b/c': 'x/y' } },
      { matchLabels: { 'a/b/c': 'x/y' }, matchExpressions: [] },
      ['spec.selector.matchLabels.a/b/c', 'spec.selector.matchLabels.a/b/c'],
    ],
  ];
  it.each(rows)('%s', (_name, raw, expected, paths) => {
    const findings: Finding[] = [];
    const selector = selectorFromObject(raw, { ctx: literalContext(findings), path: ['spec', 'selector'] });
    expect(selector).toEqual(expected);
    expect(findings.map((f) => f.path)).toEqual(paths);
    expect(findings.every((f) => f.code === 'selector-invalid')).toBe(true);
  });
});

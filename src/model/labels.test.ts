/**
 * Label-selector grammar and matching. Rows follow kubernetes/apimachinery
 * `pkg/labels/selector_test.go` (TestSelectorParse, TestLexer, TestLexerSequence,
 * TestSelectorMatches, TestRequirementSelectorMatching) unless a row names another source.
 */
import { describe, expect, it } from 'vitest';
import { lexSelector } from './label-parser.js';
import { SelectorSyntaxError, emptySelector, formatSelector, matchesMap, matchesSelector, parseSelector } from './labels.js';
import type { LabelSelector } from './selector.js';

const sel = (matchLabels: Record<string, string>, ...matchExpressions: LabelSelector['matchExpressions']): LabelSelector => ({
  matchLabels,
  matchExpressions,
});

/** Expressions in key order: formatting sorts them, so a round trip keeps content, not order. */
const byKey = (s: LabelSelector): LabelSelector => ({
  matchLabels: s.matchLabels,
  matchExpressions: [...s.matchExpressions].sort((a, b) => a.key.localeCompare(b.key)),
});

describe('lexSelector (selector_test.go TestLexer / TestLexerSequence)', () => {
  it.each([
    ['empty text is the end', '', ['end']],
    ['comma', ',', [',', 'end']],
    ['notin keyword', 'notin', ['notin', 'end']],
    ['in keyword', 'in', ['in', 'end']],
    ['= and == are distinct', '= ==', ['=', '==', 'end']],
    ['!= is one token, ! another', '!= !', ['!=', '!', 'end']],
    ['> and < lex (then are rejected by the parser)', '> <', ['>', '<', 'end']],
    ['parentheses', '()', ['(', ')', 'end']],
    ['unknown characters are identifiers', '~ ||', ['ident', 'ident', 'end']],
    ['key in ( value )', 'key in ( value )', ['ident', 'in', '(', 'ident', ')', 'end']],
    ['key notin ( value1, value2 )', 'key notin ( value1, value2 )', ['ident', 'notin', '(', 'ident', ',', 'ident', ')', 'end']],
    ['== != (), = notin', '== != (), = notin', ['==', '!=', '(', ')', ',', '=', 'notin', 'end']],
    ['=== is == then =', '===', ['==', '=', 'end']],
    ['!key', '!key', ['!', 'ident', 'end']],
  ])('%s', (_name, text, kinds) => {
    expect(lexSelector(text).map((t) => t.kind)).toEqual(kinds);
  });
});

describe('parseSelector: valid text (selector_test.go TestSelectorParse, Parse doc comment)', () => {
  const rows: Array<[string, string, LabelSelector]> = [
    ['empty selector', '', emptySelector()],
    ['equalities become matchLabels', 'x=a,y=b,z=c', sel({ x: 'a', y: 'b', z: 'c' })],
    ['== is equality', 'x==a', sel({ x: 'a' })],
    ['!= is NotIn of one value', 'x!=a,y=b', sel({ y: 'b' }, { key: 'x', operator: 'NotIn', values: ['a'] })],
    ['x= means the empty value', 'x=,z= ', sel({ x: '', z: '' })],
    ['whitespace around tokens', '  x = a ,  y  ==  b ', sel({ x: 'a', y: 'b' })],
    ['!x is DoesNotExist', '!x', sel({}, { key: 'x', operator: 'DoesNotExist', values: [] })],
    ['bare key is Exists', 'x', sel({}, { key: 'x', operator: 'Exists', values: [] })],
    ['in with values (sorted, unique)', 'env in (prod, dev,prod)', sel({}, { key: 'env', operator: 'In', values: ['dev', 'prod'] })],
    ['notin', 'tier notin (db)', sel({}, { key: 'tier', operator: 'NotIn', values: ['db'] })],
    [
      'Parse doc example: x in (foo,,baz),y,z notin ()',
      'x in (foo,,baz),y,z notin ()',
      sel(
        {},
        { key: 'x', operator: 'In', values: ['', 'baz', 'foo'] },
        { key: 'y', operator: 'Exists', values: [] },
        { key: 'z', operator: 'NotIn', values: [''] },
      ),
    ],
    ['keywords are values in value position', 'notin=in', sel({ notin: 'in' })],
    ['in as a key', 'in in (in)', sel({}, { key: 'in', operator: 'In', values: ['in'] })],
    ['prefixed key', 'app.kubernetes.io/name=web', sel({ 'app.kubernetes.io/name': 'web' })],
    ['no space before (', 'x in(a)', sel({}, { key: 'x', operator: 'In', values: ['a'] })],
    ['repeated key with another value matches nothing, as upstream', 'x=a,x=b', sel({ x: 'a' }, { key: 'x', operator: 'In', values: ['b'] })],
    ['repeated identical equality collapses', 'x=a,x=a', sel({ x: 'a' })],
    ['(a,) adds the empty value', 'x in (a,)', sel({}, { key: 'x', operator: 'In', values: ['', 'a'] })],
  ];
  it.each(rows)('%s: %j', (_name, text, expected) => {
    expect(parseSelector(text)).toEqual(expected);
  });
});

describe('parseSelector: invalid text names the token (selector_test.go TestSelectorParse invalid rows)', () => {
  it.each([
    ['|| is not an operator: it lexes into the value', 'x=a||y=b', 'selector-invalid-value', 'a||y'],
    ['==a==b', 'x==a==b', 'selector-unexpected-token', '=='],
    ['!x cannot take an operator', '!x=a', 'selector-unexpected-token', '='],
    ['> is not in metav1.LabelSelector', 'x>1', 'selector-unsupported-operator', '>'],
    ['< is not in metav1.LabelSelector', 'x<1', 'selector-unsupported-operator', '<'],
    ['trailing comma', 'x=a,', 'selector-unexpected-token', ''],
    ['leading comma', ',x=a', 'selector-unexpected-token', ','],
    ['in without parentheses', 'x in a', 'selector-unexpected-token', 'a'],
    ['unclosed value set', 'x in (a', 'selector-unexpected-token', ''],
    ['two values without comma', 'x in (a b)', 'selector-unexpected-token', 'b'],
    ['two keys without operator', 'x y', 'selector-unexpected-token', 'y'],
    ['operator without key', '=a', 'selector-unexpected-token', '='],
    ['value after exists needs an operator', 'x (a)', 'selector-unexpected-token', '('],
    // validation.go IsQualifiedName / IsValidLabelValue, via NewRequirement.
    ['key with two slashes', 'a/b/c=d', 'selector-invalid-key', 'a/b/c'],
    ['key starting with a dash', '-x=a', 'selector-invalid-key', '-x'],
    ['key name over 63 characters', `${'k'.repeat(64)}=a`, 'selector-invalid-key', 'k'.repeat(64)],
    ['uppercase prefix', 'Example.com/x=a', 'selector-invalid-key', 'Example.com/x'],
    ['value over 63 characters', `x=${'v'.repeat(64)}`, 'selector-invalid-value', 'v'.repeat(64)],
    ['value with a slash', 'x=a/b', 'selector-invalid-value', 'a/b'],
    ['value in a set ending with a dash', 'x in (ok,bad-)', 'selector-invalid-value', 'bad-'],
  ])('%s: %j', (_name, text, code, token) => {
    let error: unknown;
    try {
      parseSelector(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SelectorSyntaxError);
    expect(error).toMatchObject({ code, token });
    if (token) expect((error as Error).message).toContain(`'${token}'`);
  });
});

describe('matchesSelector (selector_test.go TestSelectorMatches, TestRequirementSelectorMatching)', () => {
  it.each([
    ['empty selector matches anything', '', { x: 'y' }, true],
    ['empty selector matches no labels', '', {}, true],
    ['equality', 'x=y', { x: 'y' }, true],
    ['all equalities', 'x=y,z=w', { x: 'y', z: 'w' }, true],
    ['!= on other values', 'x!=y,z!=w', { x: 'w', z: 'a' }, true],
    ['keyword as key and value', 'notin=in', { notin: 'in' }, true],
    ['exists', 'x', { x: 'z' }, true],
    ['does not exist', '!x', { y: 'z' }, true],
    ['NotIn matches an absent key', 'x notin (a)', {}, true],
    ['!= matches an absent key', 'x!=a', { y: 'a' }, true],
    ['in', 'x in (a,b)', { x: 'b' }, true],
    ['in () selects the empty value', 'x in ()', { x: '' }, true],
    ['equality misses an absent key', 'x=z', {}, false],
    ['equality misses another value', 'x=y', { x: 'z' }, false],
    ['one equality fails', 'x=y,z=w', { x: 'w', z: 'w' }, false],
    ['!= on the value', 'x!=y,z!=w', { x: 'z', z: 'w' }, false],
    ['exists misses', 'x', { y: 'z' }, false],
    ['does not exist misses', '!x', { x: 'z' }, false],
    ['in misses an absent key', 'x in (a)', {}, false],
    ['notin on a listed value', 'x notin (a,b)', { x: 'a' }, false],
    ['x=a,x=b matches nothing', 'x=a,x=b', { x: 'a' }, false],
  ])('%s: %j on %j → %s', (_name, text, labels, expected) => {
    expect(matchesSelector(parseSelector(text), labels)).toBe(expected);
  });

  it('In with no values matches nothing (an invalid expression, kept unsatisfiable)', () => {
    expect(matchesSelector(sel({}, { key: 'x', operator: 'In', values: [] }), { x: '' })).toBe(false);
  });

  it('inherited object keys are not labels', () => {
    expect(matchesSelector(parseSelector('constructor'), {})).toBe(false);
    expect(matchesSelector(parseSelector('!toString'), {})).toBe(true);
  });
});

describe('matchesMap (Service spec.selector, SelectorFromSet semantics)', () => {
  it.each([
    ['empty map matches all', {}, { a: 'b' }, true],
    ['subset matches', { app: 'web' }, { app: 'web', tier: 'fe' }, true],
    ['missing key fails', { app: 'web', tier: 'fe' }, { app: 'web' }, false],
  ])('%s', (_name, selector, labels, expected) => {
    expect(matchesMap(selector, labels)).toBe(expected);
  });
});

describe('formatSelector (internalSelector.String: sorted by key) and round trip', () => {
  it.each([
    ['empty', '', ''],
    ['sorted by key', 'z=1,a=2', 'a=2,z=1'],
    ['all operators', 'tier!=db,!legacy,env in (b,a),app=web,x,y notin (p,q)', 'app=web,env in (a,b),!legacy,tier!=db,x,y notin (p,q)'],
    ['empty values', 'x=,y in (,a),z notin ()', 'x=,y in (,a),z!='],
  ])('%s: %j → %j', (_name, text, expected) => {
    const parsed = parseSelector(text);
    expect(formatSelector(parsed)).toBe(expected);
    expect(byKey(parseSelector(formatSelector(parsed)))).toEqual(byKey(parsed));
  });
});

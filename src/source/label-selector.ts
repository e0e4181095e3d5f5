/**
 * Raw `metav1.LabelSelector` (`{matchLabels, matchExpressions}`) → lean `LabelSelector`, reporting
 * what `ValidateLabelSelector` (apimachinery `pkg/apis/meta/v1/validation/validation.go`) would
 * reject. Nothing is dropped silently, and nothing invalid widens a selector: an expression that
 * cannot be understood becomes `In []`, which matches nothing (`LabelSelectorAsSelector` fails on it,
 * so upstream selects nothing either).
 *
 * Absent and empty are the caller's to tell apart: `undefined` converts to the empty selector, which
 * matches everything (right for a NetworkPolicy `podSelector: {}`, wrong for a missing workload
 * selector, which defaults to the template labels).
 */
import type { LabelSelector, SelectorOperator, SelectorRequirement } from '../model/index.js';
import { labelValueErrors, qualifiedNameErrors } from '../model/validation.js';
import type { ConvertContext, FieldPath } from './context.js';
import { MSG } from './messages.js';
import { arrayAt, isObject, nonStringEntries, stringAt, stringMapAt } from './raw.js';

export interface SelectorConvertOptions {
  ctx?: ConvertContext;
  /** Field path of the selector inside the document (`['spec', 'podSelector']`). */
  path?: FieldPath;
  /** Finding code; @default 'selector-invalid' */
  code?: string;
  /** The object the selector belongs to, for findings (`NetworkPolicy shop/deny`). */
  object?: string;
}

const OPERATORS: readonly SelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** The lean selector of a raw `metav1.LabelSelector`; `undefined`/non-objects give the empty selector. */
export function selectorFromObject(raw: unknown, options: SelectorConvertOptions = {}): LabelSelector {
  const path = options.path ?? [];
  const report = (message: string, fieldPath: FieldPath): void =>
    options.ctx?.report({
      code: options.code ?? 'selector-invalid',
      severity: 'error',
      message,
      fieldPath,
      ...(options.object ? { object: options.object } : {}),
    });

  const matchLabels = stringMapAt(raw, 'matchLabels') ?? {};
  for (const [key, value] of nonStringEntries(raw, 'matchLabels')) report(MSG.notAString(value), [...path, 'matchLabels', key]);
  for (const [key, value] of Object.entries(matchLabels)) {
    const keyProblem = qualifiedNameErrors(key).join('; ');
    if (keyProblem) report(`invalid label key '${key}': ${keyProblem}`, [...path, 'matchLabels', key]);
    const valueProblem = labelValueErrors(value).join('; ');
    if (valueProblem) report(`invalid value '${value}' for label '${key}': ${valueProblem}`, [...path, 'matchLabels', key]);
  }
  const matchExpressions = arrayAt(raw, 'matchExpressions').map((item, i) =>
    requirementFromObject(item, [...path, 'matchExpressions', i], report),
  );
  return { matchLabels, matchExpressions };
}

function requirementFromObject(
  item: unknown,
  path: FieldPath,
  report: (message: string, fieldPath: FieldPath) => void,
): SelectorRequirement {
  const key = stringAt(item, 'key') ?? '';
  const operator = stringAt(item, 'operator') ?? '';
  const values = arrayAt(item, 'values').map((v) => (typeof v === 'string' ? v : String(v)));
  const matchNothing: SelectorRequirement = { key, operator: 'In', values: [] };
  if (!isObject(item)) {
    report('a selector requirement must be an object; it matches nothing here', path);
    return matchNothing;
  }
  const keyProblem = key ? qualifiedNameErrors(key).join('; ') : 'is required';
  if (keyProblem) report(`invalid key '${key}': ${keyProblem}`, [...path, 'key']);
  if (!OPERATORS.includes(operator as SelectorOperator)) {
    const supported = OPERATORS.join(', ');
    report(`'${operator}' is not a valid label selector operator (${supported}); the requirement matches nothing`, [...path, 'operator']);
    return matchNothing;
  }
  const op = operator as SelectorOperator;
  if ((op === 'In' || op === 'NotIn') && values.length === 0) {
    report(`values must be non-empty when operator is ${op}`, [...path, 'values']);
  }
  if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
    report(`values must be empty when operator is ${op}; they are ignored`, [...path, 'values']);
    return { key, operator: op, values: [] };
  }
  values.forEach((value, i) => {
    const problem = labelValueErrors(value).join('; ');
    if (problem) report(`invalid value '${value}': ${problem}`, [...path, 'values', i]);
  });
  return { key, operator: op, values };
}

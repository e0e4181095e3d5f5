/**
 * Label selectors as kubernetes/apimachinery defines them: the `-l` text grammar of
 * `pkg/labels/selector.go` (parsed in `label-parser.ts`), matching of `metav1.LabelSelector`
 * (`pkg/apis/meta/v1/helpers.go` `LabelSelectorAsSelector` then `Requirement.Matches`), and a
 * canonical text form for messages. Raw `metav1.LabelSelector` objects are converted, with findings,
 * by `src/source/label-selector.ts`.
 */
import { parseRequirements } from './label-parser.js';
import type { LabelSelector, SelectorRequirement } from './selector.js';

export { SelectorSyntaxError, type SelectorErrorCode } from './label-parser.js';

/** The selector that matches every label set (`{}`; `labels.Everything()`). */
export function emptySelector(): LabelSelector {
  return { matchLabels: {}, matchExpressions: [] };
}

/** No requirement at all: matches everything. */
export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

/** An equality selector (a ReplicationController's or Service's map) as a LabelSelector. */
export function selectorFromMap(map: Record<string, string>): LabelSelector {
  return { matchLabels: { ...map }, matchExpressions: [] };
}

/**
 * Parse `-l` text (`app=web,tier!=db,env in (a,b),!legacy`). `=`/`==` become `matchLabels` (a key
 * repeated with another value becomes an `In` expression, so `x=a,x=b` still matches nothing, as
 * upstream); `!=` is `NotIn` of one value; `key` is `Exists`, `!key` `DoesNotExist`. The empty text
 * is the empty selector. Throws `SelectorSyntaxError` (with `code`, `token`, `offset`).
 */
export function parseSelector(text: string): LabelSelector {
  const selector = emptySelector();
  for (const req of parseRequirements(text)) {
    const value = req.values[0] ?? '';
    switch (req.operator) {
      case '=':
      case '==':
        if (!Object.hasOwn(selector.matchLabels, req.key)) selector.matchLabels[req.key] = value;
        else if (selector.matchLabels[req.key] !== value) push(selector, req.key, 'In', [value]);
        break;
      case '!=':
        push(selector, req.key, 'NotIn', [value]);
        break;
      case 'in':
        push(selector, req.key, 'In', req.values);
        break;
      case 'notin':
        push(selector, req.key, 'NotIn', req.values);
        break;
      case 'exists':
        push(selector, req.key, 'Exists', []);
        break;
      case '!':
        push(selector, req.key, 'DoesNotExist', []);
        break;
    }
  }
  return selector;
}

function push(selector: LabelSelector, key: string, operator: SelectorRequirement['operator'], values: string[]): void {
  selector.matchExpressions.push({ key, operator, values });
}

/**
 * Does the selector match these labels? `matchLabels` and every expression AND together; an empty
 * selector matches everything. Per `Requirement.Matches` (selector.go): `NotIn` and `DoesNotExist`
 * match when the key is absent, `In` and `Exists` need it present. An `In` with no values matches
 * nothing.
 */
export function matchesSelector(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (!Object.hasOwn(labels, key) || labels[key] !== value) return false;
  }
  return selector.matchExpressions.every((req) => matchesRequirement(req, labels));
}

function matchesRequirement(req: SelectorRequirement, labels: Record<string, string>): boolean {
  const present = Object.hasOwn(labels, req.key);
  switch (req.operator) {
    case 'In':
      return present && req.values.includes(labels[req.key] as string);
    case 'NotIn':
      return !present || !req.values.includes(labels[req.key] as string);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
  }
}

/** Equality-only selector (a Service's `spec.selector`): every pair must be present. */
export function matchesMap(selector: Record<string, string>, labels: Record<string, string>): boolean {
  for (const key in selector) if (labels[key] !== selector[key]) return false;
  return true;
}

/**
 * Canonical `-l` text, sorted by key like `internalSelector.String()` (values sorted too):
 * `app=web,env in (a,b),!legacy,tier!=db`. A one-value `NotIn` prints as `k!=v`. The empty selector
 * is `''` (kubectl shows `<none>`). The text parses back to an equivalent selector.
 */
export function formatSelector(selector: LabelSelector): string {
  const parts: Array<{ key: string; text: string }> = [];
  for (const [key, value] of Object.entries(selector.matchLabels)) parts.push({ key, text: `${key}=${value}` });
  for (const req of selector.matchExpressions) parts.push({ key: req.key, text: formatRequirement(req) });
  parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return parts.map((p) => p.text).join(',');
}

function formatRequirement(req: SelectorRequirement): string {
  const values = [...req.values].sort().join(',');
  switch (req.operator) {
    case 'In':
      return `${req.key} in (${values})`;
    case 'NotIn':
      return req.values.length === 1 ? `${req.key}!=${values}` : `${req.key} notin (${values})`;
    case 'Exists':
      return req.key;
    case 'DoesNotExist':
      return `!${req.key}`;
  }
}

/**
 * Label-selector grammar and matching, as kubernetes/apimachinery `pkg/labels/selector.go` defines
 * them. OWNED BY A HELPER: stub until implemented.
 */
import type { LabelSelector } from './selector.js';

/** Parse `-l` text (`app=web,tier!=db,env in (a,b),!legacy`). Throws `SelectorSyntaxError`. */
export function parseSelector(_text: string): LabelSelector {
  throw new Error('not implemented');
}

/** Does the selector match these labels? An empty selector matches everything. */
export function matchesSelector(_selector: LabelSelector, _labels: Record<string, string>): boolean {
  throw new Error('not implemented');
}

/** Equality-only selector (a Service's `spec.selector`): every pair must be present. */
export function matchesMap(selector: Record<string, string>, labels: Record<string, string>): boolean {
  for (const key in selector) if (labels[key] !== selector[key]) return false;
  return true;
}

/**
 * Label selectors: the `metav1.LabelSelector` shape used by workloads and NetworkPolicies. The
 * string grammar of `-l` and matching live in `src/model/labels.ts`.
 */

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface SelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values: string[];
}

/** `matchLabels` and `matchExpressions` AND together; an empty selector matches everything. */
export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: SelectorRequirement[];
}

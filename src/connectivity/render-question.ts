/**
 * The answer to one question, for people (`text`) and programs (`json`, `yaml`). Text opens with
 * the verdict in np-guard `eval` style (`a => b over TCP 8080: allowed`), then each group of pod
 * pairs with the explanation of its verdict: the deciding policies and rules, one line per
 * direction. With a single pod pair the group line is left out.
 *
 * The document keeps what a verdict says without the pods themselves: per group `allowed`, the
 * pairs, the explanation lines, and the `egress`/`ingress` direction verdicts (policies, matched
 * rule with its peer and port entries).
 */
import { stringify } from 'yaml';
import type { DirectionVerdict, UndefinedCase } from '../policy/index.js';
import type { Answer, Outcome, OutcomeGroup } from './question.js';

const SHOWN_PAIRS = 5;

export function renderAnswerText(answer: Answer): string {
  const lines = [`${answer.from} => ${answer.to} over ${answer.protocol} ${answer.port}: ${word(answer.allowed)}${countsText(answer)}`];
  const single = answer.outcomes.length === 1 && answer.outcomes[0]?.pairs.length === 1;
  for (const group of answer.outcomes) {
    const indent = single ? '  ' : '    ';
    if (!single) lines.push(`  ${word(group.allowed)} for ${plural(group.pairs.length, 'pod pair')}: ${pairsText(group)}`);
    lines.push(...group.explanation.map((line) => `${indent}${line}`));
  }
  return `${lines.join('\n')}\n`;
}

function word(outcome: Outcome): string {
  return outcome === 'undefined' ? 'undefined' : outcome ? 'allowed' : 'denied';
}

/** ` (4 pod pairs)`, or ` (allowed 2, denied 1 of 3 pod pairs)` when they differ; nothing for one pair. */
function countsText(answer: Answer): string {
  const { allowed, denied, undefined: undef } = answer.counts;
  const total = allowed + denied + undef;
  if (total <= 1) return '';
  const parts = [['allowed', allowed], ['denied', denied], ['undefined', undef]].filter(([, n]) => n !== 0).map(([w, n]) => `${w} ${n}`);
  return parts.length === 1 ? ` (${total} pod pairs)` : ` (${parts.join(', ')} of ${total} pod pairs)`;
}

function pairsText(group: OutcomeGroup): string {
  const shown = group.pairs.slice(0, SHOWN_PAIRS).map((p) => `${p.src} => ${p.dst}`);
  const more = group.pairs.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export interface AnswerDocument {
  apiVersion: 'kreach/v1alpha1';
  kind: 'ConnectivityQuestion';
  from: string;
  to: string;
  protocol: string;
  port: number | string;
  allowed: Outcome;
  counts: Answer['counts'];
  outcomes: Array<{
    allowed: Outcome;
    pairs: OutcomeGroup['pairs'];
    explanation: string[];
    undefinedCase?: UndefinedCase;
    egress: DirectionVerdict;
    ingress: DirectionVerdict;
  }>;
}

export function answerDocument(answer: Answer): AnswerDocument {
  return {
    apiVersion: 'kreach/v1alpha1',
    kind: 'ConnectivityQuestion',
    from: answer.from,
    to: answer.to,
    protocol: answer.protocol,
    port: answer.port,
    allowed: answer.allowed,
    counts: answer.counts,
    outcomes: answer.outcomes.map((g) => ({
      allowed: g.allowed,
      pairs: g.pairs,
      explanation: g.explanation,
      ...(g.verdict.undefinedCase ? { undefinedCase: g.verdict.undefinedCase } : {}),
      egress: g.verdict.egress,
      ingress: g.verdict.ingress,
    })),
  };
}

export function renderAnswer(answer: Answer, format: 'text' | 'json' | 'yaml'): string {
  if (format === 'text') return renderAnswerText(answer);
  const doc = answerDocument(answer);
  return format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : stringify(doc, { lineWidth: 0, indentSeq: false, aliasDuplicateObjects: false });
}

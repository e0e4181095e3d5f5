/**
 * "Did you mean": the names closest to one the user typed, for the message of an unknown pod or
 * workload. A candidate in the same namespace whose last part starts with the typed last part ranks
 * first (`shop/api` finds `shop/api-7d4b9c-x2x9q` and `shop/deployment/api`), then candidates by
 * edit distance, up to a third of the name.
 */

/** Up to `limit` candidates close to `query`, best first, ties in input order. */
export function closeMatches(query: string, candidates: readonly string[], limit = 5): string[] {
  const q = query.toLowerCase();
  const qLast = lastPart(q);
  const budget = Math.max(2, Math.floor(q.length / 3));
  const scored: Array<{ text: string; score: number; order: number }> = [];
  candidates.forEach((text, order) => {
    const c = text.toLowerCase();
    const last = lastPart(c);
    if (qLast.length > 0 && last.startsWith(qLast) && samePrefix(q, c)) {
      scored.push({ text, score: -1, order });
      return;
    }
    const d = distance(q, c, budget);
    if (d <= budget) scored.push({ text, score: d, order });
  });
  scored.sort((a, b) => a.score - b.score || a.order - b.order);
  return [...new Set(scored.map((s) => s.text))].slice(0, limit);
}

function lastPart(text: string): string {
  return text.slice(text.lastIndexOf('/') + 1);
}

/** The first parts agree (the same namespace), or the query names none. */
function samePrefix(query: string, candidate: string): boolean {
  const q = query.indexOf('/');
  return q < 0 || candidate.startsWith(query.slice(0, q + 1));
}

/** Levenshtein distance, giving up (returning `budget + 1`) once every path exceeds `budget`. */
export function distance(a: string, b: string, budget = Infinity): number {
  if (Math.abs(a.length - b.length) > budget) return budget + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > budget) return budget + 1;
    prev = row;
  }
  return prev[b.length] as number;
}

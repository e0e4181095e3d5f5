/**
 * How input findings and skipped documents reach the user: one line per finding on stderr, in the
 * `file:line:col: severity: message` form editors and CI annotators understand, and a one-line
 * summary of skipped documents (each listed with `-v`).
 */
import pc from 'picocolors';
import type { Finding, SkippedDocument } from '../model/index.js';

export function formatFinding(finding: Finding, color = false): string {
  const where = finding.source ? `${finding.source.file}:${finding.source.line}:${finding.source.col}: ` : '';
  const paint = !color ? (s: string) => s : finding.severity === 'error' ? pc.red : finding.severity === 'warning' ? pc.yellow : pc.cyan;
  const subject = [finding.object, finding.path].filter(Boolean).join(' ');
  return `${where}${paint(finding.severity)}: ${subject ? `${subject}: ` : ''}${finding.message} [${finding.code}]`;
}

/** `skipped 7 documents not used by Service networking: ServiceAccount ×4, Role ×3 (-v lists them)`. */
export function summarizeSkipped(skipped: readonly SkippedDocument[]): string | undefined {
  if (skipped.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const doc of skipped) counts.set(doc.kind || '(no kind)', (counts.get(doc.kind || '(no kind)') ?? 0) + 1);
  const kinds = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([kind, n]) => `${kind} ×${n}`);
  const noun = skipped.length === 1 ? 'document' : 'documents';
  return `skipped ${skipped.length} ${noun}: ${kinds.join(', ')} (-v lists them)`;
}

export function formatSkipped(doc: SkippedDocument): string {
  const name = doc.namespace ? `${doc.namespace}/${doc.name}` : doc.name;
  return `${doc.source.file}:${doc.source.line}:${doc.source.col}: skipped ${doc.kind || '(no kind)'} ${name}: ${doc.reason}`;
}

/** Print findings and the skipped summary to `err`; returns true when an input error occurred. */
export function reportInput(
  findings: readonly Finding[],
  skipped: readonly SkippedDocument[],
  options: { verbose: boolean; color: boolean; write: (line: string) => void },
): boolean {
  for (const finding of findings) options.write(formatFinding(finding, options.color));
  if (options.verbose) for (const doc of skipped) options.write(formatSkipped(doc));
  else {
    const summary = summarizeSkipped(skipped);
    if (summary) options.write(summary);
  }
  return findings.some((f) => f.severity === 'error');
}

/**
 * An engine answer printed the way `dig` prints a response (header, flags, sections), so users can
 * compare `kreach dns query` with what they see in a cluster; and the same answer as a stable JSON
 * shape for scripts.
 */
import { formatRecord } from './zone-lines.js';
import type { DnsAnswer, Question, ResourceRecord } from './types.js';

/** `dig`-style text: header line, flags, then the non-empty sections with zone-file lines. */
export function formatDig(question: Question, answer: DnsAnswer): string {
  const flags = ['qr', ...(answer.authoritative ? ['aa'] : []), 'rd'];
  const lines = [
    `;; ->>HEADER<<- opcode: QUERY, status: ${answer.rcode}`,
    `;; flags: ${flags.join(' ')}; QUERY: 1, ANSWER: ${answer.answer.length}, AUTHORITY: ${answer.authority.length}, ADDITIONAL: ${answer.additional.length}`,
    '',
    ';; QUESTION SECTION:',
    `;${absolute(question.name)} IN ${question.type.toUpperCase()}`,
  ];
  const section = (title: string, records: ResourceRecord[]) => {
    if (records.length === 0) return;
    lines.push('', `;; ${title} SECTION:`, ...records.map(formatRecord));
  };
  section('ANSWER', answer.answer);
  section('AUTHORITY', answer.authority);
  section('ADDITIONAL', answer.additional);
  if (answer.notAuthoritative) {
    lines.push('', ';; not in the cluster zones: a cluster DNS server forwards this name upstream (not simulated)');
  }
  return `${lines.join('\n')}\n`;
}

/** The JSON form of `kreach dns query -o json` (documented in the README; keep it stable). */
export function digJson(question: Question, answer: DnsAnswer): object {
  const records = (rrs: ResourceRecord[]) => rrs.map((rr) => ({ ...rr, text: formatRecord(rr) }));
  return {
    question: { name: question.name, type: question.type.toUpperCase() },
    rcode: answer.rcode,
    authoritative: answer.authoritative,
    forwarded: answer.notAuthoritative === true,
    answer: records(answer.answer),
    authority: records(answer.authority),
    additional: records(answer.additional),
  };
}

function absolute(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

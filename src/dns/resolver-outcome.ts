/**
 * How the libc resolvers read the replies to one candidate name (dns.md §16): glibc succeeds when
 * either the A or the AAAA reply has records and otherwise lets the first non-NOERROR rcode decide;
 * musl checks the replies in order (A first) and lets SERVFAIL, NXDOMAIN or another error rcode
 * decide before looking at data. Also the error codes getaddrinfo and Node report.
 *
 * @see glibc `resolv/res_query.c` (`__res_context_query`), musl `src/network/lookup_name.c`
 *   (`name_from_dns`), node `lib/internal/errors.js` (`dnsException`).
 */
import type { DnsAnswer } from './types.js';

export type AddressType = 'A' | 'AAAA';
/** A candidate's result; `refused` also covers FORMERR and NOTIMP, `forwarded` a name the cluster DNS does not serve. */
export type Outcome = 'answer' | 'nodata' | 'nxdomain' | 'refused' | 'servfail' | 'forwarded';
export type ResolutionError = 'EAI_NONAME' | 'EAI_NODATA' | 'EAI_AGAIN' | 'EAI_FAIL';

export interface QueryResult {
  type: AddressType;
  answer: DnsAnswer;
  outcome: Outcome;
}

/** glibc's h_errno after a failed candidate, and the getaddrinfo error it becomes. */
export type Herrno = 'HOST_NOT_FOUND' | 'NO_DATA' | 'TRY_AGAIN' | 'NO_RECOVERY';
export const HERRNO: Record<'nxdomain' | 'nodata' | 'servfail' | 'refused', Herrno> = {
  nxdomain: 'HOST_NOT_FOUND',
  nodata: 'NO_DATA',
  servfail: 'TRY_AGAIN',
  refused: 'NO_RECOVERY',
};
export const GAI: Record<Herrno, ResolutionError> = {
  HOST_NOT_FOUND: 'EAI_NONAME',
  NO_DATA: 'EAI_NODATA',
  TRY_AGAIN: 'EAI_AGAIN',
  NO_RECOVERY: 'EAI_FAIL',
};

/** Node's `dns.lookup` turns EAI_NONAME and EAI_NODATA into ENOTFOUND. */
export function nodeCodeOf(error: ResolutionError): 'ENOTFOUND' | 'EAI_AGAIN' | 'EAI_FAIL' {
  return error === 'EAI_NONAME' || error === 'EAI_NODATA' ? 'ENOTFOUND' : error;
}

/** One reply on its own. */
export function outcomeOf(answer: DnsAnswer): Outcome {
  if (answer.notAuthoritative) return 'forwarded';
  if (answer.rcode === 'NXDOMAIN') return 'nxdomain';
  if (answer.rcode === 'SERVFAIL') return 'servfail';
  if (answer.rcode !== 'NOERROR') return 'refused';
  return answer.answer.length > 0 ? 'answer' : 'nodata';
}

/** __res_context_query: a reply with records succeeds; else `hp->rcode == NOERROR ? hp2->rcode : hp->rcode`. */
export function glibcOutcome(queries: QueryResult[]): Outcome {
  if (queries.some((q) => q.outcome === 'forwarded')) return 'forwarded';
  if (queries.some((q) => q.outcome === 'answer')) return 'answer';
  return (queries.find((q) => q.answer.rcode !== 'NOERROR') ?? queries[0]!).outcome;
}

/** name_from_dns: rcodes first, in query order (SERVFAIL → EAI_AGAIN, NXDOMAIN → next, other → EAI_FAIL), then data. */
export function muslOutcome(queries: QueryResult[]): Outcome {
  if (queries.some((q) => q.outcome === 'forwarded')) return 'forwarded';
  const error = queries.find((q) => q.answer.rcode !== 'NOERROR');
  if (error) return error.outcome;
  return queries.some((q) => q.outcome === 'answer') ? 'answer' : 'nodata';
}

/** A reply that never reached the cluster DNS: the pod's first nameserver is another server. */
export function offClusterAnswer(): DnsAnswer {
  return { rcode: 'REFUSED', authoritative: false, answer: [], authority: [], additional: [], notAuthoritative: true };
}

/**
 * What the libc stub resolver does with a name (dns.md §16): the candidates it builds from the
 * search list and `ndots`, the A/AAAA queries it sends for each, and when it stops. glibc walks on
 * past NXDOMAIN, NODATA and SERVFAIL and tries the name as is last (or first, when it has ≥ ndots
 * dots); musl searches only names with fewer than ndots dots and stops at the first reply that is
 * not NXDOMAIN.
 *
 * Upstream DNS is not simulated. A candidate the cluster DNS does not serve (outside its zones, or
 * sent to a nameserver that is not the cluster DNS) is `forwarded`, and the walk goes on as if it
 * were NXDOMAIN. If no cluster name answers and the name itself (with a dot, outside the cluster
 * zones) went upstream, the result is `forwarded`: the upstream's answer decides. Search-expanded
 * and single-label names are taken as missing upstream. `/etc/hosts` is modelled for `localhost`.
 *
 * @see glibc `resolv/res_query.c` (`__res_context_search`), musl `src/network/lookup_name.c`
 *   (`name_from_dns_search`) and `src/network/resolvconf.c`.
 */
import { isIP } from 'node:net';
import { muslSkipsSearchLine, type ResolvConf } from './resolv-conf.js';
import {
  GAI,
  HERRNO,
  glibcOutcome,
  muslOutcome,
  nodeCodeOf,
  offClusterAnswer,
  outcomeOf,
  type AddressType,
  type Herrno,
  type Outcome,
  type QueryResult,
  type ResolutionError,
} from './resolver-outcome.js';
import type { DnsAnswer, DnsEngine } from './types.js';

export type { AddressType, Outcome, QueryResult, ResolutionError } from './resolver-outcome.js';
export type Libc = 'glibc' | 'musl';

export interface ResolutionAttempt {
  /** The name sent, absolute (`web.app.svc.cluster.local.`). */
  name: string;
  /** The search domain appended; absent for the name as is. */
  searchDomain?: string;
  /** One query per address type, sent together as getaddrinfo does. */
  queries: QueryResult[];
  /** The first query's answer (A, unless only AAAA was asked); a stand-in REFUSED when the pod's nameserver is not the cluster DNS. */
  answer: DnsAnswer;
  outcome: Outcome;
  /** For a forwarded candidate: missing upstream, or unknown (the upstream's answer would decide). */
  upstream?: 'assumed-nxdomain' | 'unknown';
  addresses: string[];
  /** The resolver went on to another candidate after this one. */
  continued: boolean;
  why: string;
}

export type ResolutionFinal =
  | { status: 'resolved'; name: string; addresses: string[] }
  /** Left the cluster DNS: upstream answers it (or the CNAME target), which kreach does not simulate. */
  | { status: 'forwarded'; name: string; why: string }
  /** `nodeCode` is what Node's `dns.lookup` reports (EAI_NONAME and EAI_NODATA both become ENOTFOUND). */
  | { status: 'failed'; error: ResolutionError; nodeCode: 'ENOTFOUND' | 'EAI_AGAIN' | 'EAI_FAIL'; why: string };

export interface ResolutionTrace {
  name: string;
  libc: Libc;
  types: AddressType[];
  dots: number;
  /** Effective ndots (both libcs cap the option at 15). */
  ndots: number;
  absolute: boolean;
  attempts: ResolutionAttempt[];
  final: ResolutionFinal;
  notes: string[];
}

export interface ResolveOptions {
  libc: Libc;
  /** Only this type (getaddrinfo with AF_INET / AF_INET6); A and AAAA when absent (AF_UNSPEC). */
  type?: AddressType;
  /** The cluster DNS address; when the pod's first nameserver is another, the engine is not asked. */
  clusterDns?: string;
}

const MAX_NDOTS = 15;

/** Resolve `name` in a pod with resolv.conf `conf`, `engine` standing for the cluster DNS. */
export function resolveName(name: string, conf: ResolvConf, engine: DnsEngine, options: ResolveOptions): ResolutionTrace {
  const absolute = name.endsWith('.');
  const bare = absolute ? name.slice(0, -1) : name;
  const trace: ResolutionTrace = {
    name,
    libc: options.libc,
    types: options.type ? [options.type] : ['A', 'AAAA'],
    dots: [...name].filter((c) => c === '.').length,
    ndots: Math.min(conf.options.ndots, MAX_NDOTS),
    absolute,
    attempts: [],
    final: fail('EAI_NONAME', 'no query was sent'),
    notes: [],
  };
  if (conf.options.ndots > MAX_NDOTS) trace.notes.push(`ndots:${conf.options.ndots} is capped at ${MAX_NDOTS} by the resolver`);
  if (bare === '' || bare.endsWith('.')) {
    trace.final = fail('EAI_NONAME', 'not a valid name (empty, or more than one trailing dot)');
    return trace;
  }
  if (isIP(bare) || bare.toLowerCase() === 'localhost') {
    const numeric = isIP(bare) !== 0;
    trace.notes.push(numeric ? 'a numeric address: getaddrinfo returns it without DNS' : 'localhost is answered from /etc/hosts, which kubelet writes');
    trace.final = { status: 'resolved', name: bare, addresses: numeric ? [bare] : trace.types.map((t) => (t === 'A' ? '127.0.0.1' : '::1')) };
    return trace;
  }
  const server = conf.nameservers[0];
  const offCluster = options.clusterDns !== undefined && server !== options.clusterDns;
  if (offCluster) {
    const to = server ?? '127.0.0.1 (no nameserver line)';
    trace.notes.push(`queries go to ${to}, not the cluster DNS ${options.clusterDns}: cluster names do not resolve there`);
  }
  let search = conf.search;
  if (options.libc === 'musl' && muslSkipsSearchLine(conf)) {
    trace.notes.push('musl skips the search line: it does not fit in 256 bytes (resolvconf.c), so no search domain is tried');
    search = [];
  }
  const walk = new Walk(trace, engine, bare, search, offCluster);
  trace.final = walk.settle(options.libc === 'glibc' ? walk.glibc() : walk.musl());
  return trace;
}

/** A candidate as the walk sees it: a forwarded one counts as NXDOMAIN. */
type Seen = Exclude<Outcome, 'forwarded'>;

/** One walk over the candidates; `glibc()` and `musl()` fill `trace.attempts` and return the result. */
class Walk {
  /** What the resolver did after each attempt it moved past; `settle` writes it into `why`. */
  private readonly thens = new Map<ResolutionAttempt, string>();
  /** The first candidate the upstream alone could answer. */
  private upstreamCandidate: ResolutionAttempt | undefined;

  constructor(
    private readonly trace: ResolutionTrace,
    private readonly engine: DnsEngine,
    private readonly bare: string,
    private readonly search: string[],
    private readonly offCluster: boolean,
  ) {}

  /** __res_context_search. */
  glibc(): ResolutionFinal {
    const { dots, ndots, absolute } = this.trace;
    let saved: Herrno | undefined;
    let last: Herrno = 'HOST_NOT_FOUND';
    let [gotNodata, gotServfail, rootOnList, triedAsIs] = [false, false, false, false];
    if (dots >= ndots || absolute) {
      const reason = absolute ? 'trailing dot: absolute, queried as is only' : `${count(dots)} ≥ ndots ${ndots}: glibc tries the name as is first`;
      const [a, seen] = this.ask(undefined, reason);
      if (seen === 'answer') return this.success(a);
      saved = HERRNO[seen];
      if (absolute) return this.stop(a, 'an absolute name is not searched', GAI[saved]);
      triedAsIs = true;
      this.next(a, 'glibc goes on to the search list');
    }
    for (const [index, raw] of (absolute ? [] : this.search).entries()) {
      const domain = raw.replace(/^\.+|\.+$/g, '');
      // A "." entry queries the name as is ("root_on_list").
      rootOnList ||= domain === '';
      const [a, seen] = this.ask(domain || undefined, `${count(dots)} < ndots ${ndots}: search domain ${index + 1}/${this.search.length}`);
      if (seen === 'answer') return this.success(a);
      last = HERRNO[seen];
      gotNodata ||= seen === 'nodata';
      gotServfail ||= seen === 'servfail';
      if (seen === 'refused') {
        // "If we get some other error … stop searching up, but try the input name below".
        this.next(a, 'glibc stops walking the search list');
        break;
      }
      this.next(a, seen === 'nodata' ? 'glibc keeps trying ("On a NO_DATA error, keep trying", res_query.c)' : 'next candidate');
    }
    if (!triedAsIs && !rootOnList) {
      const [a, seen] = this.ask(undefined, 'search list done: the name as is');
      if (seen === 'answer') return this.success(a);
      last = HERRNO[seen];
    }
    // "if we did an initial full query, return that query's H_ERRNO … else if we ever got a nodata …"
    const herrno = saved ?? (gotNodata ? 'NO_DATA' : gotServfail ? 'TRY_AGAIN' : last);
    return fail(GAI[herrno], `no candidate answered; glibc reports ${herrno}`);
  }

  /** name_from_dns_search: search only below ndots; anything but NXDOMAIN ends the walk. */
  musl(): ResolutionFinal {
    const { dots, ndots, absolute } = this.trace;
    const searching = !absolute && dots < ndots;
    const candidates: Array<[string | undefined, string]> = (searching ? this.search : []).map((d, i) => [
      d.replace(/\.+$/, ''),
      `${count(dots)} < ndots ${ndots}: search domain ${i + 1}/${this.search.length}`,
    ]);
    const asIs = absolute
      ? 'trailing dot: absolute, no search'
      : searching
        ? 'search list done: the name as is'
        : `${count(dots)} ≥ ndots ${ndots}: musl does not search`;
    candidates.push([undefined, asIs]);
    for (const [domain, reason] of candidates) {
      const [a, seen] = this.ask(domain, reason);
      if (seen === 'answer') return this.success(a);
      if (seen === 'nxdomain') {
        this.next(a, 'next candidate');
        continue;
      }
      if (seen === 'nodata') return this.stop(a, 'musl stops at NODATA (only NXDOMAIN moves on), unlike glibc', 'EAI_NODATA');
      return this.stop(a, 'musl stops', seen === 'servfail' ? 'EAI_AGAIN' : 'EAI_FAIL');
    }
    return fail('EAI_NONAME', 'every candidate was NXDOMAIN');
  }

  /** Send one candidate's queries, record the attempt, and say how the walk reads it. */
  private ask(domain: string | undefined, reason: string): [ResolutionAttempt, Seen] {
    const name = `${this.bare}${domain ? `.${domain}` : ''}.`;
    const queries = this.trace.types.map((type) => {
      const answer = this.offCluster ? offClusterAnswer() : this.engine.answer({ name, type });
      return { type, answer, outcome: outcomeOf(answer) };
    });
    const addresses = queries.flatMap((q) => q.answer.answer.filter((r) => r.type === q.type).map((r) => String(r.data)));
    const outcome = this.trace.libc === 'glibc' ? glibcOutcome(queries) : muslOutcome(queries);
    const a: ResolutionAttempt = { name, queries, answer: queries[0]!.answer, outcome, addresses, continued: false, why: '' };
    if (domain !== undefined) a.searchDomain = domain;
    this.trace.attempts.push(a);
    if (outcome !== 'forwarded') {
      a.why = `${reason}: ${describe(outcome, addresses, this.trace.types)}`;
      return [a, outcome];
    }
    const missing = domain !== undefined || !this.bare.includes('.') || this.inClusterZone(name);
    a.upstream = missing ? 'assumed-nxdomain' : 'unknown';
    if (!missing) this.upstreamCandidate ??= a;
    const where = this.offCluster ? 'not sent to the cluster DNS' : 'outside the cluster zones: CoreDNS forwards it upstream';
    const assumed = missing ? 'assumed NXDOMAIN there' : 'its answer is unknown, taken as NXDOMAIN to follow the walk';
    a.why = `${reason}: ${where} (not simulated), ${assumed}`;
    return [a, 'nxdomain'];
  }

  private inClusterZone(name: string): boolean {
    const lower = name.toLowerCase().replace(/\.$/, '');
    return this.engine.zones.some((z) => lower === z || lower.endsWith(`.${z}`));
  }

  private next(a: ResolutionAttempt, then: string): void {
    a.continued = true;
    this.thens.set(a, then);
  }

  private stop(a: ResolutionAttempt, why: string, error: ResolutionError): ResolutionFinal {
    a.why += `; ${why}`;
    return fail(error, `${a.name} ${a.outcome.toUpperCase()}: ${why}`);
  }

  private success(a: ResolutionAttempt): ResolutionFinal {
    if (a.addresses.length > 0) return { status: 'resolved', name: a.name, addresses: a.addresses };
    const cname = a.queries.flatMap((q) => q.answer.answer).find((r) => r.type === 'CNAME');
    const target = cname ? String(cname.data) : a.name;
    return { status: 'forwarded', name: target, why: `${a.name} is a CNAME to ${target}, resolved upstream (not simulated)` };
  }

  /** Complete each `why` (the last attempt has nothing after it) and weigh the upstream's part. */
  settle(final: ResolutionFinal): ResolutionFinal {
    const last = this.trace.attempts[this.trace.attempts.length - 1];
    for (const [a, then] of this.thens) a.why += `; ${a === last ? 'no candidates left' : then}`;
    if (last) last.continued = false;
    const up = this.upstreamCandidate;
    if (!up) return final;
    if (final.status === 'failed') {
      return { status: 'forwarded', name: up.name, why: `no cluster name answered; ${up.name} went upstream, whose answer decides (not simulated)` };
    }
    if (this.trace.attempts.indexOf(up) < this.trace.attempts.length - 1) {
      this.trace.notes.push(`${up.name} was asked upstream first: if the upstream answers it, ${this.trace.libc} stops there and uses that answer`);
    }
    return final;
  }
}

const count = (dots: number) => `${dots} dot${dots === 1 ? '' : 's'}`;

function describe(outcome: Outcome, addresses: string[], types: AddressType[]): string {
  if (outcome === 'answer') return addresses.length > 0 ? `answered ${addresses.join(', ')}` : 'answered with a CNAME';
  if (outcome === 'nodata') return `NODATA (the name exists, no ${types.join('/')} records)`;
  return outcome.toUpperCase();
}

function fail(error: ResolutionError, why: string): ResolutionFinal {
  return { status: 'failed', error, nodeCode: nodeCodeOf(error), why };
}

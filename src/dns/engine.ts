/**
 * The cluster DNS answer engine: one question in, the answer CoreDNS's `kubernetes` plugin would
 * give, from a simulated cluster (dns.md §0–§13). It dispatches on the query type as the plugin's
 * ServeDNS does (coredns plugin/kubernetes/handler.go), turns name errors into NXDOMAIN and empty
 * results into NODATA — both with the zone's SOA in the authority section — and marks NXDOMAIN in
 * a `fallthrough` zone, and every name outside the zones, as not ours. Lookups go through an index
 * kept current from the cluster's events, so answers follow `apply`/`delete` without a rebuild.
 */
import type { Cluster } from '../cluster/cluster.js';
import { dnsVersionRecord, nsRecords, soaRecord } from './apex.js';
import type { DnsConfig } from './config.js';
import { DnsIndex } from './dns-index.js';
import { baseOf, isSubdomain } from './dns-names.js';
import type { LookupContext } from './candidate.js';
import { records as findRecords, services } from './lookup.js';
import { splitQueryName, trimDot, type QueryName } from './parse.js';
import { addressRecords, cnameRecords, srvRecords } from './records.js';
import { addressFromReverse, ptrRecords } from './reverse.js';
import type { DnsAnswer, DnsEngine, Question, ResourceRecord } from './types.js';
import { zoneRecords } from './zone-records.js';

/** Names outside every zone: refused here, forwarded by a server with an upstream. */
const OUTSIDE: DnsAnswer = { rcode: 'REFUSED', authoritative: false, notAuthoritative: true, answer: [], authority: [], additional: [] };
/** Zone transfers need CoreDNS's `transfer` plugin, which kreach does not simulate (dns.md §8). */
const NO_TRANSFER: DnsAnswer = { rcode: 'REFUSED', authoritative: false, answer: [], authority: [], additional: [] };

/** A per-question outcome before the SOA and flags are added: undefined is a name error. */
type Outcome = { answer: ResourceRecord[]; additional?: ResourceRecord[] } | undefined;

export class ClusterDnsEngine implements DnsEngine {
  readonly zones: readonly string[];
  private readonly config: DnsConfig;
  private readonly index: DnsIndex;
  private readonly fallthrough: readonly string[] | undefined;
  /** Every cluster change counts, not only those that move the serial: see `version`. */
  private changes = 0;
  private readonly stopCounting: () => void;

  /**
   * `minSerial`: the SOA serial starts above it, so an engine that replaces another (a reloaded
   * input) moves the serial even within the same second.
   */
  constructor(
    private readonly cluster: Cluster,
    config: DnsConfig,
    options: { minSerial?: number } = {},
  ) {
    const zones = config.zones.map((z) => trimDot(z).toLowerCase());
    this.zones = zones;
    this.config = { ...config, zones };
    this.fallthrough = config.fallthrough?.map((z) => trimDot(z).toLowerCase());
    this.index = new DnsIndex(cluster, {
      endpointPodNames: config.endpointPodNames,
      noEndpoints: config.noEndpoints,
      watchPods: config.pods === 'verified',
      ...(options.minSerial !== undefined ? { minSerial: options.minSerial } : {}),
    });
    this.stopCounting = cluster.store.subscribe(() => this.changes++);
  }

  /** The SOA serial: moves on every change of Services, their EndpointSlices or Namespaces. */
  serial(): number {
    return this.index.serial;
  }

  /**
   * Moves on every change of the cluster's objects. Wider than the serial on purpose: a few answers
   * read objects whose changes leave the serial alone (the name servers' pods for `NS`), and a cached
   * answer must never outlive its data.
   */
  version(): number {
    return this.changes;
  }

  /** Stop following the cluster. */
  close(): void {
    this.index.close();
    this.stopCounting();
  }

  answer(question: Question): DnsAnswer {
    const q = splitQueryName(question.name, this.zones);
    if (!q) return OUTSIDE;
    const ctx: LookupContext = { cluster: this.cluster, index: this.index, config: this.config, zone: q.zone, zoneSpelled: q.zoneSpelled };
    const type = question.type.toUpperCase();
    if (type === 'AXFR' || type === 'IXFR') return NO_TRANSFER;
    return this.finish(ctx, q, this.dispatch(ctx, q, type));
  }

  /** Every record the zones hold, for zone export (zone-records.ts). */
  records(): Iterable<ResourceRecord> {
    return zoneRecords(this.cluster, this.index, this.zones, (question) => this.answer(question));
  }

  /** One branch per query type, as handler.go ServeDNS. */
  private dispatch(ctx: LookupContext, q: QueryName, type: string): Outcome {
    switch (type) {
      case 'A':
      case 'AAAA':
        return wrap(addressRecords(ctx, type, q.owner, q.lower));
      case 'SRV':
        return srvRecords(ctx, q.owner, q.lower);
      case 'CNAME':
        return wrap(cnameRecords(ctx, q.owner, q.lower));
      case 'TXT':
        return this.txt(ctx, q);
      case 'PTR':
        return this.ptr(ctx, q);
      case 'SOA':
        // SOA at the apex; any other name → NOERROR without data, even if it does not exist (dns.md §8).
        return { answer: q.lower === q.zone ? [soaRecord(ctx, this.index.serial)] : [] };
      case 'NS':
        // handler.go compares the lower-cased name with the zone as spelled: `CLUSTER.LOCAL NS` is NODATA.
        if (q.lower === q.zoneSpelled) return nsRecords(ctx, q.owner);
        return existence(ctx, q);
      default:
        // MX, HINFO, HTTPS, ANY…: a hidden A lookup tells NODATA from NXDOMAIN (handler.go).
        return existence(ctx, q);
    }
  }

  /**
   * `dns-version.<zone>` answers "1.1.0"; any other TXT name is NODATA if it resolves to anything,
   * else NXDOMAIN — even the apex and `<ns>.svc`, which hold no items (coredns#5736, PR #5737).
   */
  private txt(ctx: LookupContext, q: QueryName): Outcome {
    if (baseOf(q.lower, q.zone) === 'dns-version') return { answer: [dnsVersionRecord(q.owner)] };
    const found = findRecords(ctx, q.lower);
    return found.exists && found.items.length > 0 ? { answer: [] } : undefined;
  }

  /** PTR for a complete reverse name; other names only say whether they exist (reverse.go). */
  private ptr(ctx: LookupContext, q: QueryName): Outcome {
    const ip = addressFromReverse(q.lower);
    if (ip === '') return findRecords(ctx, q.lower).exists ? { answer: [] } : undefined;
    return wrap(ptrRecords(ctx, q.owner, ip));
  }

  /** Add rcode, SOA and flags: NXDOMAIN and NODATA carry the SOA in the authority section. */
  private finish(ctx: LookupContext, q: QueryName, outcome: Outcome): DnsAnswer {
    if (!outcome) {
      const answer: DnsAnswer = { rcode: 'NXDOMAIN', authoritative: true, answer: [], authority: [soaRecord(ctx, this.index.serial)], additional: [] };
      // `fallthrough`: the next plugin (forward) gets the question instead (handler.go).
      if (this.fallsThrough(q.lower)) answer.notAuthoritative = true;
      return answer;
    }
    if (outcome.answer.length === 0) {
      return { rcode: 'NOERROR', authoritative: true, answer: [], authority: [soaRecord(ctx, this.index.serial)], additional: [] };
    }
    return { rcode: 'NOERROR', authoritative: true, answer: outcome.answer, authority: [], additional: outcome.additional ?? [] };
  }

  /** fall.F.Through: bare `fallthrough` covers every name, otherwise the listed zones. */
  private fallsThrough(name: string): boolean {
    const zones = this.fallthrough;
    if (!zones) return false;
    return zones.length === 0 || zones.some((z) => z === '' || isSubdomain(z, name));
  }
}

function wrap(records: ResourceRecord[] | undefined): Outcome {
  return records ? { answer: records } : undefined;
}

/** The hidden A lookup: the name exists (NODATA) or not (NXDOMAIN); `ns.dns.<zone>` exists. */
function existence(ctx: LookupContext, q: QueryName): Outcome {
  return services(ctx, q.lower, 'A').exists ? { answer: [] } : undefined;
}

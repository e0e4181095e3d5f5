/**
 * A DNS engine that does not pass off a half-read cluster as the whole one. Until the live source
 * has listed every resource once, a name the engine cannot find may simply not have arrived yet,
 * so what would be NXDOMAIN is answered SERVFAIL, the way CoreDNS's kubernetes plugin answers
 * before its informers have synced (plugin/kubernetes/handler.go: a name error while
 * `!k.APIConn.HasSynced()` becomes `dns.RcodeServerFailure`). Names that are found are answered
 * normally, and a `fallthrough` NXDOMAIN is left alone: CoreDNS hands those on before that check.
 */
import type { DnsAnswer, DnsEngine, Question } from '../dns/types.js';

export class SyncingDnsEngine implements DnsEngine {
  /** What `version` last saw, so it can move when any part of it changes. */
  private seen: { engine: DnsEngine; version: number; synced: boolean } | undefined;
  private changes = 0;

  /**
   * `engine`: the current engine (live mode replaces it after a rebuild). `synced`: whether the
   * first complete read has happened.
   */
  constructor(
    private readonly engine: () => DnsEngine,
    private readonly synced: () => boolean,
  ) {}

  get zones(): readonly string[] {
    return this.engine().zones;
  }

  /**
   * Moves when the current engine is replaced, when its own version moves and when the first sync
   * completes (NXDOMAIN stops being SERVFAIL); undefined when the current engine has no version.
   */
  version(): number | undefined {
    const engine = this.engine();
    const version = engine.version?.();
    if (version === undefined) return undefined;
    const synced = this.synced();
    const seen = this.seen;
    if (!seen || seen.engine !== engine || seen.version !== version || seen.synced !== synced) {
      this.seen = { engine, version, synced };
      this.changes++;
    }
    return this.changes;
  }

  answer(question: Question): DnsAnswer {
    const answer = this.engine().answer(question);
    if (answer.rcode !== 'NXDOMAIN' || answer.notAuthoritative || this.synced()) return answer;
    // plugin.BackendError keeps the SOA in the authority section whatever the rcode.
    return { ...answer, rcode: 'SERVFAIL' };
  }
}

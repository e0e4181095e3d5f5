/**
 * List-then-watch for one resource, kept going for as long as kreach runs (`dns serve`). The rules,
 * as client-go's reflector follows them:
 *
 * - List (paginated, list.ts), hand over the complete set, then watch from the list's
 *   resourceVersion with bookmarks on (`allowWatchBookmarks`), so quiet resources still move their
 *   resume point forward.
 * - A watch the server closes cleanly (its `timeoutSeconds`) resumes at once from the last
 *   resourceVersion seen. A dropped connection, a refused one (the server restarting) or a watch
 *   that stays silent too long resumes from there too, after a backoff.
 * - `410 Gone`, as an HTTP status or as an ERROR event, means the resume point is gone: relist at
 *   once. Any other ERROR event or error status relists after a backoff. A relist replaces the
 *   whole set, so objects deleted while kreach was not watching disappear as well.
 *
 * Backoff is exponential with jitter and a ceiling, so many kreach instances losing one API server
 * do not hammer it together (kubernetes-client/javascript#1933).
 */
import type { ApiClient, KubeStatus, WatchHandle } from './api.js';
import { LIVE_MSG, LiveError } from './errors.js';
import { readResource } from './snapshot.js';
import { baseQuery, collectionPath, normalizeObject, resourceVersionOf, subjectOf, type LiveResource } from './resources.js';
import type { RawObject } from '../source/raw.js';

/** Where an informer's changes go. */
export interface InformerSink {
  /** The complete set after a (re)list. */
  replace(resource: LiveResource, items: RawObject[]): void;
  upsert(resource: LiveResource, obj: RawObject): void;
  remove(resource: LiveResource, obj: RawObject): void;
  /** The first list is done; `readable` false: an optional resource kreach may not read (given up). */
  listed(resource: LiveResource, readable: boolean): void;
  warn(text: string): void;
}

export interface InformerOptions {
  /** Namespaced resources in this namespace only. @default every namespace */
  namespace?: string;
  /** Namespace to fall back to on a cluster-scope 403. */
  fallbackNamespace?: string;
  limit?: number;
  /** @default { initialMs: 500, maxMs: 30000 } */
  backoff?: { initialMs: number; maxMs: number };
  /** Server-side watch timeout. @default 300-600 s, random per watch as client-go picks it */
  watchTimeoutSeconds?: number;
  /** A watch without any event (bookmarks included) for this long is taken as dead. @default timeout + 60 s */
  idleTimeoutMs?: number;
}

/** Watch failures in a row before a warning: a single drop is routine and resumes silently. */
const QUIET_FAILURES = 3;

export class Informer {
  /** The resourceVersion a watch would resume from. */
  resourceVersion = '';
  private stopped = false;
  private current: WatchHandle | undefined;
  private wake: (() => void) | undefined;
  /** Aborts a list in flight when the informer stops. */
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    private readonly api: ApiClient,
    readonly resource: LiveResource,
    private readonly sink: InformerSink,
    private readonly options: InformerOptions = {},
  ) {}

  start(): void {
    this.running ??= this.run();
  }

  /** Stop watching; resolves once the loop has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    this.current?.stop();
    this.wake?.();
    await this.running;
  }

  private async run(): Promise<void> {
    let failures = 0;
    let needList = true;
    let listedOnce = false;
    let namespace: string | undefined;
    while (!this.stopped) {
      if (needList) {
        const warnings: string[] = [];
        try {
          const result = await readResource(this.api, this.resource, { ...this.options, signal: this.abort.signal }, warnings);
          if (!listedOnce) warnings.forEach((w) => this.sink.warn(w)); // said once, not on every relist
          if (this.stopped) return;
          if (!result) return this.sink.listed(this.resource, false);
          namespace = result.namespace;
          this.resourceVersion = result.resourceVersion;
          this.sink.replace(this.resource, result.items);
          [needList, failures] = [false, 0];
          if (!listedOnce) this.sink.listed(this.resource, (listedOnce = true));
        } catch (error) {
          if (this.stopped) return;
          this.sink.warn(LIVE_MSG.retrying(this.resource.plural, 'list', (error as Error).message));
          await this.sleep(++failures);
          continue;
        }
      }
      const started = Date.now();
      const { error, events } = await this.watchOnce(namespace);
      if (this.stopped) return;
      if (error?.code === 'gone') {
        needList = true; // the resume point is compacted away (or the server's history restarted)
      } else if (error) {
        // Connection trouble keeps the resume point; an error from the server relists.
        needList = error.code !== 'unreachable';
        // A dropped watch is routine; say something only when it keeps failing.
        if (++failures === QUIET_FAILURES) this.sink.warn(LIVE_MSG.retrying(this.resource.plural, 'watch', error.message));
        await this.sleep(failures);
      } else if (events === 0 && Date.now() - started < 1000) {
        await this.sleep(++failures); // a server closing watches at once must not be hammered
      } else {
        failures = 0;
      }
    }
  }

  /** One watch connection, until it ends; counts the events it delivered. */
  private async watchOnce(namespace: string | undefined): Promise<{ error?: LiveError; events: number }> {
    const resource = this.resource;
    const subject = subjectOf(resource, 'watch', namespace);
    const timeoutSeconds = this.options.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 300);
    const idleMs = this.options.idleTimeoutMs ?? (timeoutSeconds + 60) * 1000;
    let events = 0;
    let failure: LiveError | undefined;
    let idle: NodeJS.Timeout | undefined;
    const handle: WatchHandle = this.api.watch(
      collectionPath(resource, namespace),
      { ...baseQuery(resource), resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds },
      subject,
      (type, obj) => {
        if (failure) return;
        events++;
        armIdle();
        const rv = resourceVersionOf(obj);
        if (type === 'ADDED' || type === 'MODIFIED') this.sink.upsert(resource, normalizeObject(resource, obj as RawObject));
        else if (type === 'DELETED') this.sink.remove(resource, normalizeObject(resource, obj as RawObject));
        else if (type === 'ERROR') {
          const status = (obj ?? {}) as KubeStatus;
          failure = this.api.statusError(status.code ?? 500, status, subject);
          handle.stop();
          return;
        } else if (type !== 'BOOKMARK') return;
        if (rv) this.resourceVersion = rv;
      },
    );
    // Events arrive only after this returns, so the callback above may use it.
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        failure ??= new LiveError('unreachable', LIVE_MSG.silentWatch(resource.plural, idleMs));
        handle.stop();
      }, idleMs);
    };
    this.current = handle;
    armIdle();
    const end = await handle.done;
    clearTimeout(idle);
    this.current = undefined;
    const error = failure ?? end.error;
    return error ? { error, events } : { events };
  }

  /** Wait the backoff for the n-th failure in a row; `stop()` cuts it short. */
  private sleep(failures: number): Promise<void> {
    const delay = backoffDelay(failures, this.options.backoff);
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, delay);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** initial · 2^(n-1), at most `maxMs`, scaled by a random factor in [0.8, 1.2). */
export function backoffDelay(failures: number, backoff = { initialMs: 500, maxMs: 30_000 }, random = Math.random): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, Math.min(30, failures - 1)));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * The only way kreach talks to an API server: GET requests. Lists are plain GETs whose JSON is kept
 * as read (client-node's typed clients would re-shape objects into classes and drop unknown fields);
 * watches use client-node's `Watch`. Both authenticate through the resolved KubeConfig, so token,
 * client-certificate, exec-plugin and in-cluster credentials all work. There is no method here that
 * could write: kreach never changes a cluster.
 *
 * Every failure becomes a LiveError with a code (see errors.ts). A watch never rejects: it resolves
 * with how it ended, which is how client-node reports a `410` answered as an HTTP status too
 * (through `done(err)`, ecosystem.md §3.3).
 */
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig, Watch } from '@kubernetes/client-node';
import { LIVE_MSG, LiveError, userFromForbidden, type RequestSubject } from './errors.js';

export type Query = Record<string, string | number | boolean | undefined>;

/** How a watch ended: cleanly (the server closed it), or with an error to act on. */
export interface WatchEnd {
  error?: LiveError;
}

export interface WatchHandle {
  done: Promise<WatchEnd>;
  /** Close the connection; `done` resolves without an error. */
  stop(): void;
}

/** A Kubernetes `Status` object, as sent in error bodies and ERROR watch events. */
export interface KubeStatus {
  code?: number;
  reason?: string;
  message?: string;
}

export class ApiClient {
  constructor(
    private readonly kc: KubeConfig,
    private readonly WatchClass: typeof Watch,
    /** Context name, for messages. */
    readonly context: string,
    /** The server URL, for messages. */
    readonly server: string,
    private readonly timeoutMs = 60_000,
  ) {}

  /** GET `path` and parse the JSON object it returns; throws LiveError. */
  async get(path: string, query: Query, subject: RequestSubject, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const url = new URL(this.server.replace(/\/+$/, '') + path);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    const options: https.RequestOptions = {};
    try {
      await this.kc.applyToHTTPSOptions(options);
    } catch (error) {
      throw new LiveError('unauthorized', LIVE_MSG.credentials(this.context, (error as Error).message));
    }
    const { status, body } = await this.request(url, signal ? { ...options, signal } : options);
    if (status === 200) {
      try {
        const parsed: unknown = JSON.parse(body);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
      } catch {
        // fall through: not JSON
      }
      throw new LiveError('server', LIVE_MSG.badBody(`${subject.verb} ${subject.resource}`), status, subject);
    }
    throw this.statusError(status, parseStatus(body), subject);
  }

  /** Watch `path` from `query.resourceVersion`; `onEvent` gets every event line, ERROR included. */
  watch(path: string, query: Query, subject: RequestSubject, onEvent: (type: string, obj: unknown) => void): WatchHandle {
    let controller: AbortController | undefined;
    let stopped = false;
    let end: (value: WatchEnd) => void = () => undefined;
    const done = new Promise<WatchEnd>((resolve) => {
      end = resolve;
      const finish = (err: unknown) => resolve(stopped || !err ? {} : { error: this.classify(err, subject) });
      const params = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as Record<string, string>;
      new this.WatchClass(this.kc)
        .watch(path, params, (type, obj) => {
          if (!stopped) onEvent(type, obj);
        }, finish)
        .then((c) => {
          controller = c;
          if (stopped) c.abort();
        }, finish);
    });
    return {
      done,
      stop: () => {
        stopped = true;
        // Before the response headers arrive client-node has not handed out its controller yet: the
        // connection is aborted as soon as it does, and the watch counts as ended now.
        controller?.abort();
        end({});
      },
    };
  }

  /** A LiveError for an HTTP status and the Status body that came with it. */
  statusError(status: number, body: KubeStatus | undefined, subject: RequestSubject): LiveError {
    const message = body?.message ?? '';
    switch (status) {
      case 401:
        return new LiveError('unauthorized', LIVE_MSG.unauthorized(this.server, this.context), status, subject);
      case 403:
        return new LiveError('forbidden', LIVE_MSG.forbidden(subject, userFromForbidden(message)), status, subject);
      case 404:
        return new LiveError('not-found', LIVE_MSG.notServed(subject), status, subject);
      case 410:
        return new LiveError('gone', message || '410 Gone', status, subject);
      default:
        return new LiveError('server', LIVE_MSG.server(status, `${subject.verb} ${subject.resource}`, message), status, subject);
    }
  }

  /** Any error thrown on the way (network, TLS, HTTP status from client-node) as a LiveError. */
  classify(error: unknown, subject: RequestSubject): LiveError {
    if (error instanceof LiveError) return error;
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number') return this.statusError(status, undefined, subject);
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const cause = (error as Error).message ?? String(error);
    if (/CERT|SSL|TLS|SELF_SIGNED|ALTNAME|UNABLE_TO_(GET|VERIFY)/i.test(code)) {
      return new LiveError('tls', LIVE_MSG.tls(this.server, this.context, cause));
    }
    return new LiveError('unreachable', LIVE_MSG.unreachable(this.server, this.context, code ? `${code}` : cause));
  }

  private request(url: URL, options: https.RequestOptions): Promise<{ status: number; body: string }> {
    const transport = url.protocol === 'http:' ? http : https;
    const subject: RequestSubject = { verb: 'get', resource: url.pathname, group: '' };
    return new Promise((resolve, reject) => {
      const req = transport.request(
        url,
        { ...options, method: 'GET', headers: { ...options.headers, Accept: 'application/json' }, timeout: this.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (error) => reject(this.classify(error, subject)));
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer in ${this.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', (error) => reject(this.classify(error, subject)));
      req.end();
    });
  }
}

/** The Status object of an error body, when the body is one. */
export function parseStatus(body: string): KubeStatus | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const s = parsed as Record<string, unknown>;
    return {
      ...(typeof s.code === 'number' ? { code: s.code } : {}),
      ...(typeof s.reason === 'string' ? { reason: s.reason } : {}),
      ...(typeof s.message === 'string' ? { message: s.message } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * An API server inside the test suite, speaking enough of the Kubernetes HTTP protocol for the real
 * client-node to read from it: HTTPS on 127.0.0.1 with a CA, server and client certificates made by
 * openssl at test time; bearer-token and client-certificate authentication; discovery (/version,
 * /api, /apis); lists with resourceVersion and `limit`/`continue` pages served from one snapshot;
 * chunked watch streams with ADDED/MODIFIED/DELETED/BOOKMARK/ERROR events; and the faults a real one
 * shows: 410 for compacted history (as an ERROR event or as the HTTP status), expired continue
 * tokens, dropped watch connections, 401, 403, and restarts with a new resourceVersion history.
 * Every request is recorded, so tests can assert that kreach only ever sends GET.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';

type Obj = Record<string, unknown> & { metadata?: Record<string, unknown> };
export interface Certs { dir: string; ca: string; serverCert: string; serverKey: string; clientCert: string; clientKey: string }

/** A CA, a server certificate for 127.0.0.1 and a client certificate for `cert-user`, in a temp dir. */
export function makeCerts(): Certs {
  const dir = mkdtempSync(join(tmpdir(), 'kreach-fake-api-'));
  const p = (name: string) => join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
  ssl('req', '-x509', ...EC, '-nodes', '-keyout', p('ca.key'), '-out', p('ca.crt'), '-days', '2', '-subj', '/CN=fake-ca');
  const sign = (name: string, subj: string, ext: string) => {
    ssl('req', ...EC, '-nodes', '-keyout', p(`${name}.key`), '-out', p(`${name}.csr`), '-subj', subj);
    writeFileSync(p(`${name}.ext`), ext);
    ssl('x509', '-req', '-in', p(`${name}.csr`), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p(`${name}.crt`), '-days', '2', '-extfile', p(`${name}.ext`));
  };
  sign('server', '/CN=fake-apiserver', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  sign('client', '/CN=cert-user/O=viewers', 'extendedKeyUsage=clientAuth\n');
  return { dir, ca: p('ca.crt'), serverCert: p('server.crt'), serverKey: p('server.key'), clientCert: p('client.crt'), clientKey: p('client.key') };
}

/** kind → where it is served. Secrets are served too, so a test can tell they are never asked for. */
const KINDS: Record<string, { gv: string; plural: string; namespaced: boolean }> = {
  Namespace: { gv: 'v1', plural: 'namespaces', namespaced: false },
  Node: { gv: 'v1', plural: 'nodes', namespaced: false },
  Pod: { gv: 'v1', plural: 'pods', namespaced: true },
  Service: { gv: 'v1', plural: 'services', namespaced: true },
  Endpoints: { gv: 'v1', plural: 'endpoints', namespaced: true },
  ConfigMap: { gv: 'v1', plural: 'configmaps', namespaced: true },
  Secret: { gv: 'v1', plural: 'secrets', namespaced: true },
  EndpointSlice: { gv: 'discovery.k8s.io/v1', plural: 'endpointslices', namespaced: true },
  NetworkPolicy: { gv: 'networking.k8s.io/v1', plural: 'networkpolicies', namespaced: true },
  Ingress: { gv: 'networking.k8s.io/v1', plural: 'ingresses', namespaced: true },
};
const byPlural = new Map(Object.entries(KINDS).map(([kind, k]) => [`${k.gv}/${k.plural}`, { kind, ...k }]));

/** A request RBAC refuses; `namespace`: undefined for the cluster scope, `*` for every scope. */
export interface Denial { user?: string; verb: 'get' | 'list' | 'watch'; resource: string; namespace?: string }
interface Watcher { res: ServerResponse; plural: string; namespace?: string; name?: string; bookmarks: boolean }
interface Event { rv: number; type: string; plural: string; obj: Obj }

export interface FakeOptions { certs: Certs; tokens?: Record<string, string> }

export class FakeApiServer {
  readonly requests: Array<{ method: string; path: string; user?: string }> = [];
  readonly denials: Denial[] = [];
  /** How a watch from a compacted resourceVersion is refused. */
  goneAs: 'event' | 'status' = 'event';
  /** Record events in the history without sending them on open watches (a stalled connection). */
  holdEvents = false;
  /** Expire continue tokens as soon as a first page has been served (pages expiring mid-list). */
  expirePages = false;
  port = 0;
  private server: https.Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly objects = new Map<string, Map<string, Obj>>();
  private history: Event[] = [];
  private rv: number;
  private oldest: number;
  private watchers = new Set<Watcher>();
  /** Continue token → the rest of a paged list, from the snapshot its first page was cut from. */
  private pages = new Map<string, { rv: number; rest: Obj[] }>();
  private pageSeq = 0;
  private readonly tokens: Record<string, string>;

  constructor(readonly options: FakeOptions) {
    this.tokens = { ...options.tokens };
    this.rv = this.oldest = 100;
  }

  static async start(options: FakeOptions): Promise<FakeApiServer> {
    const fake = new FakeApiServer(options);
    await fake.listen(0);
    return fake;
  }

  get url(): string { return `https://127.0.0.1:${this.port}`; }
  get resourceVersion(): string { return String(this.rv); }
  /** Watch connections open now. */
  get openWatches(): number { return this.watchers.size; }

  /** Create or replace an object (a MODIFIED or ADDED event). */
  apply(input: Obj): Obj {
    const { plural, key } = this.locate(input);
    const store = this.objects.get(plural) ?? new Map<string, Obj>();
    this.objects.set(plural, store);
    const type = store.has(key) ? 'MODIFIED' : 'ADDED';
    const obj = { ...input, metadata: { ...input.metadata, resourceVersion: String(++this.rv) } };
    store.set(key, obj);
    this.emit({ rv: this.rv, type, plural, obj });
    return obj;
  }

  delete(kind: string, namespace: string, name: string): void {
    const { plural, key } = this.locate({ kind, metadata: { namespace, name } });
    const old = this.objects.get(plural)?.get(key);
    if (!old) return;
    this.objects.get(plural)?.delete(key);
    this.emit({ rv: ++this.rv, type: 'DELETED', plural, obj: { ...old, metadata: { ...old.metadata, resourceVersion: String(this.rv) } } });
  }

  /** Every object held, as a client listing everything would see it. */
  all(): Obj[] { return [...this.objects.values()].flatMap((m) => [...m.values()]); }

  /** Forget history: resuming from any resourceVersion seen so far gets 410. */
  compact(): void { [this.history, this.oldest] = [[], this.rv]; }

  /** Cut every open watch connection mid-stream (no final chunk). */
  dropWatches(): void {
    for (const w of this.watchers) w.res.socket?.destroy();
    this.watchers.clear();
  }

  bookmark(): void {
    for (const w of this.watchers) {
      if (!w.bookmarks) continue;
      const { kind, gv } = byPlural.get(w.plural) as { kind: string; gv: string };
      this.send(w, { type: 'BOOKMARK', object: { kind, apiVersion: gv, metadata: { resourceVersion: String(this.rv) } } });
    }
  }

  async stop(): Promise<void> {
    this.watchers.clear();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  /**
   * Come back on the same port with a new resourceVersion history starting at `rvBase`: every
   * object is stamped anew and no old resourceVersion can be resumed from.
   */
  async restart(rvBase: number, whileDown?: () => void): Promise<void> {
    await this.stop();
    whileDown?.();
    [this.rv, this.history] = [rvBase, []];
    this.pages.clear();
    for (const store of this.objects.values()) {
      for (const [key, obj] of store) store.set(key, { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } });
    }
    this.oldest = this.rv;
    await this.listen(this.port);
  }

  private listen(port: number): Promise<void> {
    const { certs } = this.options;
    const server = https.createServer(
      { key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert), ca: readFileSync(certs.ca), requestCert: true, rejectUnauthorized: false },
      (req, res) => this.handle(req, res),
    );
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server = server;
    return new Promise((resolve) => server.listen(port, '127.0.0.1', () => {
      this.port = (server.address() as { port: number }).port;
      resolve();
    }));
  }

  private locate(obj: Obj): { plural: string; key: string } {
    const k = KINDS[String(obj.kind)];
    if (!k) throw new Error(`fake apiserver: kind ${String(obj.kind)} is not served`);
    const ns = k.namespaced ? String(obj.metadata?.namespace ?? 'default') : '';
    return { plural: `${k.gv}/${k.plural}`, key: `${ns}/${String(obj.metadata?.name)}` };
  }

  private user(req: IncomingMessage): string | undefined {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer !== undefined) return this.tokens[bearer.trim()];
    const socket = req.socket as TLSSocket;
    if (!socket.authorized) return undefined;
    const cn = socket.getPeerCertificate().subject?.CN;
    return typeof cn === 'string' ? cn : undefined;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    const user = this.user(req);
    this.requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, ...(user ? { user } : {}) });
    if (req.method !== 'GET') return status(res, 405, 'MethodNotAllowed', `${req.method} is not allowed here`);
    if (!user) return status(res, 401, 'Unauthorized', 'Unauthorized');
    const discovery = this.discovery(url.pathname);
    if (discovery) return json(res, 200, discovery);
    const m = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(url.pathname);
    const served = m && byPlural.get(`${m[1] ?? m[2]}/${m[4]}`);
    if (!m || !served) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    const [namespace, name] = [m[3], m[5]];
    const q = url.searchParams;
    const verb = name ? 'get' : q.get('watch') === 'true' ? 'watch' : 'list';
    const denied = this.denials.find((d) => (!d.user || d.user === user) && d.verb === verb && d.resource === served.plural && (d.namespace === '*' || d.namespace === namespace));
    if (denied) {
      const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
      const group = served.gv.includes('/') ? served.gv.split('/')[0] : '';
      return status(res, 403, 'Forbidden', `${served.plural} is forbidden: User "${user}" cannot ${verb} resource "${served.plural}" in API group "${group}" ${scope}`);
    }
    const field = /^metadata\.name=(.+)$/.exec(q.get('fieldSelector') ?? '')?.[1];
    const plural = `${served.gv}/${served.plural}`;
    const matches = (o: Obj) => (!namespace || o.metadata?.namespace === namespace) && (!(name ?? field) || o.metadata?.name === (name ?? field));
    if (verb === 'get') {
      const found = [...(this.objects.get(plural)?.values() ?? [])].find(matches);
      return found ? json(res, 200, found) : status(res, 404, 'NotFound', `${served.plural} "${name}" not found`);
    }
    if (verb === 'watch') return this.watch(res, { res, plural, namespace, name: field, bookmarks: q.get('allowWatchBookmarks') === 'true' }, q);
    return this.list(res, plural, served, q, matches);
  }

  private list(res: ServerResponse, plural: string, served: { kind: string; gv: string }, q: URLSearchParams, matches: (o: Obj) => boolean): void {
    const limit = Number(q.get('limit') ?? 0);
    const token = q.get('continue');
    let rest: Obj[];
    let rv = this.rv;
    if (token) {
      const page = this.pages.get(token);
      if (!page) return status(res, 410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
      this.pages.delete(token);
      ({ rv, rest } = page);
    } else {
      rest = [...(this.objects.get(plural)?.values() ?? [])].filter(matches).sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
    }
    const items = limit > 0 ? rest.slice(0, limit) : rest;
    const remaining = limit > 0 ? rest.slice(limit) : [];
    const metadata: Obj = { resourceVersion: String(rv) };
    if (remaining.length > 0) {
      const next = `page-${++this.pageSeq}`;
      if (!this.expirePages) this.pages.set(next, { rv, rest: remaining });
      metadata.continue = next;
    }
    // List items carry no kind or apiVersion: the List has them.
    const bare = items.map(({ kind: _k, apiVersion: _a, ...o }) => o);
    json(res, 200, { kind: `${served.kind}List`, apiVersion: served.gv, metadata, items: bare });
  }

  private watch(res: ServerResponse, w: Watcher, q: URLSearchParams): void {
    const from = q.get('resourceVersion') ?? '';
    const since = from === '' || from === '0' ? undefined : Number(from);
    if (since !== undefined && since < this.oldest) {
      const message = `too old resource version: ${since} (${this.oldest})`;
      if (this.goneAs === 'status') return status(res, 410, 'Expired', message);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      this.send(w, { type: 'ERROR', object: statusObject(410, 'Expired', message) });
      return void res.end();
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders(); // as the API server does: the client sees the watch open before any event
    if (since !== undefined && since > this.rv) {
      this.send(w, { type: 'ERROR', object: statusObject(504, 'Timeout', `Too large resource version: ${since}, current: ${this.rv}`) });
      return void res.end();
    }
    // No resourceVersion: the current objects as ADDED first (API concepts, "Efficient detection of changes").
    const replay = since === undefined ? [...(this.objects.get(w.plural)?.values() ?? [])].map((obj) => ({ rv: 0, type: 'ADDED', plural: w.plural, obj })) : this.history.filter((e) => e.rv > since);
    for (const e of replay) if (sees(w, e)) this.send(w, { type: e.type, object: e.obj });
    this.watchers.add(w);
    const timeout = Number(q.get('timeoutSeconds') ?? 0);
    const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
    res.on('close', () => {
      clearTimeout(timer);
      this.watchers.delete(w);
    });
  }

  private emit(e: Event): void {
    this.history.push(e);
    if (this.holdEvents) return;
    for (const w of this.watchers) if (sees(w, e)) this.send(w, { type: e.type, object: e.obj });
  }

  private send(w: Watcher, event: { type: string; object: unknown }): void {
    if (!w.res.writableEnded) w.res.write(`${JSON.stringify(event)}\n`);
  }

  private discovery(path: string): unknown {
    if (path === '/version') return { major: '1', minor: '34', gitVersion: 'v1.34.0-fake' };
    if (path === '/api') return { kind: 'APIVersions', versions: ['v1'] };
    const gvs = [...new Set(Object.values(KINDS).map((k) => k.gv))].filter((gv) => gv.includes('/'));
    if (path === '/apis') {
      const groups = gvs.map((gv) => ({ name: gv.split('/')[0], versions: [{ groupVersion: gv, version: 'v1' }], preferredVersion: { groupVersion: gv, version: 'v1' } }));
      return { kind: 'APIGroupList', apiVersion: 'v1', groups };
    }
    const gv = path === '/api/v1' ? 'v1' : gvs.find((g) => path === `/apis/${g}`);
    if (!gv) return undefined;
    const resources = Object.entries(KINDS).filter(([, k]) => k.gv === gv).map(([kind, k]) => ({ name: k.plural, kind, namespaced: k.namespaced, verbs: ['get', 'list', 'watch'] }));
    return { kind: 'APIResourceList', groupVersion: gv, resources };
  }
}

/** Does the watch (its resource, namespace and name selector) see the event? */
function sees(w: Watcher, e: Event): boolean {
  return w.plural === e.plural && (!w.namespace || e.obj.metadata?.namespace === w.namespace) && (!w.name || e.obj.metadata?.name === w.name);
}

const keyOf = (o: Obj) => `${String(o.metadata?.namespace ?? '')}/${String(o.metadata?.name)}`;
const statusObject = (code: number, reason: string, message: string): Obj => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });

const status = (res: ServerResponse, code: number, reason: string, message: string): void => json(res, code, statusObject(code, reason, message));
const json = (res: ServerResponse, code: number, body: unknown): void => void res.writeHead(code, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));

/** A kubeconfig file for the fake server; `user` is the kubeconfig user entry. */
export function writeKubeconfig(dir: string, fake: FakeApiServer, user: Record<string, unknown>, extra: { namespace?: string; name?: string } = {}): string {
  const name = extra.name ?? 'fake';
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': name,
    clusters: [{ name, cluster: { server: fake.url, 'certificate-authority': fake.options.certs.ca } }],
    users: [{ name, user }],
    contexts: [{ name, context: { cluster: name, user: name, ...(extra.namespace ? { namespace: extra.namespace } : {}) } }],
  };
  const file = join(dir, `${name}-kubeconfig.yaml`);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

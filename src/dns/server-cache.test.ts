/**
 * The wire server with its answer cache (answer-cache.ts) on: with the cache, every reply and log line
 * is the one the server gives without it, only cheaper. Rows: answers follow cluster changes and
 * engine replacements (never stale), each 0x20 spelling gets its own case back, EDNS sizes, DO, RD
 * and TC do not share entries, forwarded answers are never kept, and every reply carries its query's
 * ID. Behaviour only: no timings.
 */
import dgram from 'node:dgram';
import dnsPacket from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeEngine, fuzzCase, prng, query } from '../../test/dns-helpers.js';
import { makePod, makeService } from '../../test/fixtures.js';
import { Cluster } from '../cluster/cluster.js';
import { emptyManifests } from '../model/index.js';
import { kubeadmProfile } from './config.js';
import { ClusterDnsEngine } from './engine.js';
import { DnsServer, type DnsServerOptions } from './server.js';
import type { DnsEngine } from './types.js';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

/** The fake engine with a version, so the server caches its answers; `calls` shows what reached it. */
function cachedFake(): ReturnType<typeof fakeEngine> & { version: () => number } {
  return Object.assign(fakeEngine(), { version: () => 1 });
}

function makeServer(engine: () => DnsEngine, options: DnsServerOptions = {}) {
  const lines: string[] = [];
  const server = new DnsServer(engine, { host: '127.0.0.1', port: 0, log: (l) => lines.push(l), ...options });
  cleanup.push(() => server.close());
  return { server, lines };
}

async function ask(server: DnsServer, bytes: Buffer, transport: 'udp' | 'tcp' = 'udp') {
  const reply = await server.respond(bytes, transport, '127.0.0.1:9999');
  return reply && (dnsPacket.decode(reply) as dnsPacket.DecodedPacket & { rcode?: string });
}

/** The RDATA of each answer record. */
const dataOf = (reply: dnsPacket.DecodedPacket | undefined) => reply?.answers?.map((rr) => (rr as { data?: unknown }).data);

/** A log line without its latency, which is all that may differ between a hit and a miss. */
const withoutLatency = (line: string | undefined) => line?.replace(/ \d+\.\d\dms/, ' Xms');

function edns(size: number, dnssecOk: boolean) {
  return { type: 'OPT' as const, name: '.', udpPayloadSize: size, extendedRcode: 0, ednsVersion: 0, flags: dnssecOk ? dnsPacket.DNSSEC_OK : 0, flag_do: dnssecOk, options: [] };
}

describe('answer cache: same replies and log lines as without it', () => {
  const seeds = [
    query('web.default.svc.cluster.local'),
    query('Web.DEFAULT.svc.cluster.local', 'AAAA', { id: 7 }),
    query('_http._tcp.web.default.svc.cluster.local', 'SRV', { edns: 1232 }),
    query('big.default.svc.cluster.local'),
    query('big.default.svc.cluster.local', 'A', { edns: 4096 }),
    query('nope.cluster.local', 'A', { flags: 0 }),
    query('example.com'),
    query('cluster.local', 'AXFR'),
    query('boom.cluster.local'),
    dnsPacket.encode({ type: 'query', id: 5, questions: [{ name: 'version.bind', type: 'TXT', class: 'CH' }] }),
    dnsPacket.encode({ type: 'query', id: 9, questions: [{ name: 'web.default.svc.cluster.local', type: 'A' }], additionals: [{ ...edns(1232, false), ednsVersion: 1 }] }),
  ];

  it('for the rule rows and a seeded fuzz run, asked twice each over UDP and TCP', async () => {
    const cached = makeServer(cachedFake);
    const plain = makeServer(cachedFake, { cacheEntries: 0 });
    const random = prng(11);
    const messages = [...seeds, ...Array.from({ length: 600 }, () => fuzzCase(random, seeds))];
    for (const [i, bytes] of messages.entries()) {
      for (const transport of ['udp', 'tcp'] as const) {
        const expected = await plain.server.respond(bytes, transport, 'c');
        for (let round = 0; round < 2; round++) {
          expect(await cached.server.respond(bytes, transport, 'c'), `message ${i} ${transport} round ${round}`).toEqual(expected);
          expect(withoutLatency(cached.lines.at(-1)), `log of message ${i} ${transport} round ${round}`).toBe(withoutLatency(plain.lines.at(-1)));
        }
      }
    }
  });

  it('asks the engine once for a repeated question', async () => {
    const engine = cachedFake();
    const { server } = makeServer(() => engine);
    for (let id = 1; id <= 5; id++) await ask(server, query('web.default.svc.cluster.local', 'A', { id }));
    expect(engine.calls).toHaveLength(1);
  });
});

describe('answer cache: never stale', () => {
  function cluster() {
    const manifests = emptyManifests();
    manifests.services.push(
      makeService('web', (s) => ((s.clusterIPs = ['10.96.0.50']), (s.selector = { app: 'web' }))),
      makeService('peers', (s) => ((s.clusterIPs = ['None']), (s.selector = { app: 'web' }))),
    );
    manifests.pods.push(makePod('web-0', (p) => ((p.podIPs = ['10.244.0.1']), (p.meta.labels = { app: 'web' }))));
    const built = Cluster.fromManifests(manifests, { nodes: 1 });
    cleanup.push(() => built.close());
    return built;
  }
  const data = async (server: DnsServer, name: string) => dataOf(await ask(server, query(name)));

  it('a changed Service, a pod turning unready and a removed Service show up at once', async () => {
    const c = cluster();
    const engine = new ClusterDnsEngine(c, kubeadmProfile());
    cleanup.push(() => engine.close());
    const { server } = makeServer(() => engine);
    expect(await data(server, 'web.default.svc.cluster.local')).toEqual(['10.96.0.50']);
    expect(await data(server, 'peers.default.svc.cluster.local')).toEqual(['10.244.0.1']);

    c.store.upsert('Service', { ...(c.service('default', 'web') as NonNullable<ReturnType<Cluster['service']>>), clusterIPs: ['10.96.0.51'] });
    expect(await data(server, 'web.default.svc.cluster.local')).toEqual(['10.96.0.51']);

    c.store.upsert('Pod', { ...(c.pod('default', 'web-0') as NonNullable<ReturnType<Cluster['pod']>>), ready: false });
    expect((await ask(server, query('peers.default.svc.cluster.local')))?.rcode).toBe('NXDOMAIN');

    c.store.remove('Service', 'default', 'web');
    expect((await ask(server, query('web.default.svc.cluster.local')))?.rcode).toBe('NXDOMAIN');
  });

  it('a replaced engine (a reloaded input) answers from its own data', async () => {
    const first = cluster();
    const second = cluster();
    second.store.upsert('Service', { ...(second.service('default', 'web') as NonNullable<ReturnType<Cluster['service']>>), clusterIPs: ['10.96.0.99'] });
    let engine = new ClusterDnsEngine(first, kubeadmProfile());
    const next = new ClusterDnsEngine(second, kubeadmProfile());
    cleanup.push(() => engine.close(), () => next.close());
    const { server } = makeServer(() => engine);
    expect(await data(server, 'web.default.svc.cluster.local')).toEqual(['10.96.0.50']);
    engine = next; // same version number as the first engine: identity alone must tell them apart
    expect(await data(server, 'web.default.svc.cluster.local')).toEqual(['10.96.0.99']);
  });
});

describe('answer cache: what makes replies differ', () => {
  it('each 0x20 spelling of a question gets its own case back, also when asked again', async () => {
    const { server } = makeServer(cachedFake);
    const spellings = ['web.default.svc.cluster.local', 'WeB.dEfAuLt.SvC.cLuStEr.LoCaL', 'WEB.DEFAULT.SVC.CLUSTER.LOCAL', 'web.default.svc.cluster.local'];
    for (const name of [...spellings, ...spellings]) {
      const reply = await ask(server, query(name));
      expect(reply?.questions?.[0]?.name).toBe(name);
      expect(reply?.answers?.[0]?.name).toBe(name);
    }
  });

  it('EDNS sizes, DO, RD and the transport each get the reply that fits them, in any order', async () => {
    const { server } = makeServer(cachedFake, { udpPayloadSize: 4096 });
    const big = (additionals: dnsPacket.Answer[] = [], flags = dnsPacket.RECURSION_DESIRED) =>
      dnsPacket.encode({ type: 'query', id: 3, flags, questions: [{ name: 'big.default.svc.cluster.local', type: 'A' }], additionals });
    const rows = [
      { name: 'no EDNS: 512 bytes, TC', bytes: big(), transport: 'udp' as const, tc: true, answers: 0, do: undefined, rd: true },
      { name: 'EDNS 4096: all 100', bytes: big([edns(4096, false)]), transport: 'udp' as const, tc: false, answers: 100, do: false, rd: true },
      { name: 'EDNS 1232: TC', bytes: big([edns(1232, false)]), transport: 'udp' as const, tc: true, answers: 0, do: false, rd: true },
      { name: 'EDNS 4096 with DO: DO echoed', bytes: big([edns(4096, true)]), transport: 'udp' as const, tc: false, answers: 100, do: true, rd: true },
      { name: 'RD clear stays clear', bytes: big([], 0), transport: 'udp' as const, tc: true, answers: 0, do: undefined, rd: false },
      { name: 'no EDNS over TCP: all 100', bytes: big(), transport: 'tcp' as const, tc: false, answers: 100, do: undefined, rd: true },
    ];
    for (const row of [...rows, ...rows.slice().reverse(), ...rows]) {
      const reply = await ask(server, row.bytes, row.transport);
      const opt = reply?.additionals?.find((rr): rr is dnsPacket.OptAnswer => rr.type === 'OPT');
      expect({ tc: reply?.flag_tc, answers: reply?.answers?.length, do: opt?.flag_do, rd: reply?.flag_rd }, row.name).toEqual({ tc: row.tc, answers: row.answers, do: row.do, rd: row.rd });
    }
  });

  it('forwarded answers are never kept: each question goes upstream and sees its current answer', async () => {
    let address = '192.0.2.1';
    const upstreamEngine: DnsEngine & { asked: number } = {
      zones: ['example.com'],
      asked: 0,
      answer(q) {
        this.asked++;
        return { rcode: 'NOERROR', authoritative: true, answer: [{ name: q.name, type: 'A', ttl: 60, data: address }], authority: [], additional: [] };
      },
    };
    const upstream = makeServer(() => upstreamEngine); // no version: the upstream keeps nothing either
    const port = (await upstream.server.listen()).udp.port;
    const { server, lines } = makeServer(cachedFake, { upstream: { host: '127.0.0.1', port } });
    expect(dataOf(await ask(server, query('example.com')))).toEqual(['192.0.2.1']);
    address = '192.0.2.2';
    expect(dataOf(await ask(server, query('example.com')))).toEqual(['192.0.2.2']);
    expect(upstreamEngine.asked).toBe(2);
    expect(lines.filter((l) => l.includes('forwarded=udp'))).toHaveLength(2);
  });
});

describe('answer cache: IDs', () => {
  it('every reply over UDP carries the ID of its own query, hits and misses alike', async () => {
    const { server } = makeServer(cachedFake);
    const { udp } = await server.listen();
    const client = dgram.createSocket('udp4');
    cleanup.push(() => new Promise<void>((r) => client.close(() => r())));
    const ids = Array.from({ length: 200 }, (_, i) => (i * 7919 + 13) & 0xffff);
    const names = ['web.default.svc.cluster.local', 'WEB.default.svc.cluster.local', 'nope.cluster.local'];
    const replies = new Map<number, dnsPacket.DecodedPacket>();
    const done = new Promise<void>((resolve) => {
      client.on('message', (m) => {
        const reply = dnsPacket.decode(m);
        replies.set(reply.id as number, reply);
        if (replies.size === ids.length) resolve();
      });
    });
    await new Promise<void>((r) => client.bind(0, '127.0.0.1', () => r()));
    for (const [i, id] of ids.entries()) client.send(query(names[i % names.length] as string, 'A', { id }), udp.port, '127.0.0.1');
    await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
    // UDP on loopback does not lose these few; each ID got the reply to the question sent with it.
    expect(replies.size).toBe(ids.length);
    for (const [i, id] of ids.entries()) expect(replies.get(id)?.questions?.[0]?.name, `id ${id}`).toBe(names[i % names.length]);
  });
});

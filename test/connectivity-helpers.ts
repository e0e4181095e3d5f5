/**
 * Helpers shared by the connectivity tests: random clusters, the cross-check of the matrix against
 * the policy engine it abbreviates, and golden files with the `KREACH_UPDATE_GOLDEN=1` switch (as np-guard's
 * testutils: a mismatch writes the actual output beside the run, under the OS temp folder, and
 * names it in the failure).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Cluster } from '../src/cluster/cluster.js';
import { bigIntToIp } from '../src/cluster/ip.js';
import { ConnectivityMatrix, UNDEFINED } from '../src/connectivity/index.js';
import type { NetworkPolicy, Pod, PolicyPeer, PolicyPort, PolicyRule } from '../src/model/index.js';
import { externalPeer, podPeer, PolicyEngine, type Peer } from '../src/policy/index.js';
import { container, makePod } from './fixtures.js';
import { ipBlock, makeNamespace, makePolicy, peer, policyCluster, port, rule } from './policy-fixtures.js';
import { prng as random } from './random.js';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const UPDATE_GOLDEN = process.env.KREACH_UPDATE_GOLDEN === '1';

/**
 * Every disagreement between the matrix and `PolicyEngine.allowedPorts`: each ordered pair of
 * distinct pods, and each pod with the first and last address of each segment. `limit` caps the
 * pods checked (first ones in cluster order) for big inputs.
 */
export function disagreements(cluster: Cluster, limit = Infinity): string[] {
  const engine = new PolicyEngine(cluster);
  const matrix = ConnectivityMatrix.of(cluster, engine);
  const pods = cluster.pods().slice(0, limit);
  const out: string[] = [];
  const compare = (what: string, cell: number, src: Peer, dst: Peer, hostNetwork: boolean) => {
    if (hostNetwork) {
      if (cell !== UNDEFINED) out.push(`${what}: a hostNetwork end should be undefined`);
      return;
    }
    const expected = engine.allowedPorts(src, dst).toString();
    const got = cell === UNDEFINED ? 'undefined' : matrix.sets.get(cell).toString();
    if (got !== expected) out.push(`${what}: matrix ${got}, engine ${expected}`);
  };
  for (const a of pods) {
    const ca = matrix.classOf.get(a) as number;
    for (const b of pods) {
      if (a !== b) compare(`${a.meta.name} -> ${b.meta.name}`, matrix.cell(ca, matrix.classOf.get(b) as number), podPeer(a), podPeer(b), a.hostNetwork || b.hostNetwork);
    }
    matrix.segments.forEach((segment, s) => {
      const peer = matrix.classes.length + s;
      for (const ip of [segment.ip, bigIntToIp(segment.last, segment.family)]) {
        compare(`${a.meta.name} -> ${ip}`, matrix.cell(ca, peer), podPeer(a), externalPeer(ip), a.hostNetwork);
        compare(`${ip} -> ${a.meta.name}`, matrix.cell(peer, ca), externalPeer(ip), podPeer(a), a.hostNetwork);
      }
    });
  }
  engine.close();
  return out;
}

/** Compare `actual` with the golden file at `path`; rewrite it instead under KREACH_UPDATE_GOLDEN=1. */
export function expectGolden(path: string, actual: string): void {
  if (UPDATE_GOLDEN) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  const name = relative(REPO_ROOT, path);
  if (!existsSync(path)) throw new Error(`golden ${name} is missing: run the tests with KREACH_UPDATE_GOLDEN=1 to write it`);
  const expected = readFileSync(path, 'utf8');
  if (expected !== actual) {
    const out = join(tmpdir(), 'kreach-golden', `${name.replace(/[/\\]/g, '__')}.actual`);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, actual);
    expect(actual, `${name} differs; actual output written to ${out} (KREACH_UPDATE_GOLDEN=1 rewrites goldens)`).toBe(expected);
  }
}


const NAMESPACES = ['a', 'b', 'c'];
const IPS = ['10.244.0.', '10.244.1.', '192.168.7.'];

/**
 * A random cluster (seeded: a failure names its seed) drawn from small label, port and address
 * vocabularies, so classes, named ports, ipBlocks with excepts over pod addresses,
 * namespaceSelectors and hostNetwork pods all meet.
 */
export function drawCluster(seed: number): Cluster {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const pods: Pod[] = [];
  for (let i = 0; i < 14; i++) {
    pods.push(
      makePod(
        `p${i}`,
        (p) => {
          p.meta.labels = { app: pick(['web', 'api', 'db']), ...(rnd() < 0.5 ? { tier: pick(['x', 'y']) } : {}), unique: `u${i}` };
          p.podIPs = [`${pick(IPS)}${i + 1}`];
          p.hostNetwork = rnd() < 0.08;
          p.containers = [container('c', rnd() < 0.5 ? [{ name: 'http', containerPort: pick([8080, 9090]) }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] : [])];
        },
        pick(NAMESPACES),
      ),
    );
  }
  const selectorText = () => pick(['', 'app=web', 'app=api', 'tier=x', 'app in (web,db)', '!tier', 'tier notin (y)']);
  const drawPeer = (): PolicyPeer =>
    pick<() => PolicyPeer>([
      () => peer({ pods: selectorText() }),
      () => peer({ ns: pick(['', 'env=prod', 'kubernetes.io/metadata.name=b']) }),
      () => peer({ ns: pick(['', 'env=prod']), pods: selectorText() }),
      () => ipBlock('10.0.0.0/8', ...(rnd() < 0.6 ? ['10.244.1.0/24'] : [])),
      () => ipBlock('192.168.0.0/16', '192.168.7.128/25'),
      () => ipBlock('0.0.0.0/0', '10.0.0.0/8'),
    ])();
  const drawPort = (): PolicyPort =>
    pick<() => PolicyPort>([() => port(8080), () => port(8000, 'TCP', 9000), () => port('http'), () => port('dns', 'UDP'), () => port(undefined, 'UDP'), () => port(53, 'SCTP')])();
  const drawRule = (): PolicyRule => rule(rnd() < 0.2 ? undefined : [drawPeer(), ...(rnd() < 0.4 ? [drawPeer()] : [])], rnd() < 0.25 ? undefined : [drawPort(), ...(rnd() < 0.4 ? [drawPort()] : [])]);
  const policies: NetworkPolicy[] = [];
  for (let i = 0; i < 6; i++) {
    policies.push(
      makePolicy(
        `np${i}`,
        (p) => {
          p.podSelector = peer({ pods: selectorText() }).podSelector ?? p.podSelector;
          p.ingress = rnd() < 0.7 ? Array.from({ length: Math.floor(rnd() * 3) }, drawRule) : [];
          p.egress = rnd() < 0.5 ? Array.from({ length: 1 + Math.floor(rnd() * 2) }, drawRule) : [];
          if (rnd() < 0.3) p.policyTypes = [pick(['Ingress', 'Egress'] as const)];
        },
        pick(NAMESPACES),
      ),
    );
  }
  return policyCluster(pods, policies, [makeNamespace('a', { env: 'prod' }), makeNamespace('b'), makeNamespace('c', { env: 'prod' })]);
}

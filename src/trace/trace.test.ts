/**
 * Packet flows through `trace`, one row per case: from, to, (proxy mode, libc) → reachable on all,
 * some or none of the endpoints, the symptom, each endpoint's outcome, the six step verdicts, and
 * the reason and fix that must be given. The cluster is testdata/trace/world.yaml (one namespace
 * per story) unless a row names another file of that folder. Expectations follow services.md §5.4 and §7, netpol.md §2.7–§2.8 and dns.md §3, §16;
 * the row layout follows kubernetes/kubernetes pkg/proxy/nftables/helpers_test.go (runPacketFlowTests).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster/cluster.js';
import { kubeadmProfile } from '../dns/config.js';
import { ClusterDnsEngine } from '../dns/engine.js';
import type { Libc } from '../dns/resolver.js';
import type { Pod } from '../model/index.js';
import { parseManifestText } from '../source/load.js';
import { makePolicy } from '../../test/policy-fixtures.js';
import type { ProxyMode } from '../proxy/result.js';
import { clientFromIp } from './client.js';
import { parseTarget } from './target.js';
import { trace } from './trace.js';
import type { Symptom, Trace, TraceClient, VerdictInfo } from './types.js';

/** A cluster and its DNS from a file of testdata/trace/. */
function world(file: string): { cluster: Cluster; dns: ClusterDnsEngine } {
  const path = fileURLToPath(new URL(`../../testdata/trace/${file}`, import.meta.url));
  const cluster = Cluster.fromManifests(parseManifestText(readFileSync(path, 'utf8'), file));
  return { cluster, dns: new ClusterDnsEngine(cluster, kubeadmProfile()) };
}

const WORLDS = { 'world.yaml': world('world.yaml'), 'dns-5353.yaml': world('dns-5353.yaml') };

interface Row {
  name: string;
  /** @default 'world.yaml' */
  world?: keyof typeof WORLDS;
  from: string;
  to: string;
  mode?: ProxyMode;
  libc?: Libc;
  reachable: VerdictInfo['reachable'];
  symptom?: Symptom;
  /** `ip:port outcome` per endpoint, in route order. */
  endpoints: string[];
  /** The verdicts of resolve, answer, route, policy, listener, verdict. */
  steps: string;
  /** Must match the verdict's reason or one of the step summaries or evidence lines. */
  reason: RegExp;
  /** Must match one of the fixes (summary or snippet). */
  fix?: RegExp;
}

const rows: Row[] = [
  // ClusterIP translation (services.md §5.3): port 80 → targetPort 8080 on each endpoint.
  {
    name: 'ClusterIP: DNAT 80 → 8080 to both pods',
    from: 'basic/client', to: 'http://web',
    reachable: 'all', endpoints: ['10.244.2.50:8080 reachable', '10.244.3.50:8080 reachable'],
    steps: 'ok ok ok ok ok ok', reason: /DNATs to one of 2 endpoints/,
  },
  {
    name: 'ClusterIP given as an IP: no DNS, same translation',
    from: 'basic/client', to: '10.96.5.10:80',
    reachable: 'all', endpoints: ['10.244.2.50:8080 reachable', '10.244.3.50:8080 reachable'],
    steps: 'skip ok ok ok ok ok', reason: /cluster IP of Service basic\/web: no DNS/,
  },
  {
    name: 'pod IP given directly: no kube-proxy rule, no translation',
    from: 'basic/client', to: '10.244.2.50:8080',
    reachable: 'all', endpoints: ['10.244.2.50:8080 reachable'],
    steps: 'skip ok ok ok ok ok', reason: /kube-proxy does not touch it/,
  },
  // services.md §5.4 row 1: no endpoints → REJECT → connection refused; §7.5 says why.
  {
    name: 'no endpoints: the selector matches nothing → refused',
    from: 'basic/client', to: 'http://empty',
    reachable: 'none', symptom: 'connection refused', endpoints: [],
    steps: 'ok ok fail skip skip fail', reason: /iptables REJECTs it/, fix: /selector app=wbe .* matches no pod in namespace basic/,
  },
  // services.md §5.4: internalTrafficPolicy Local without a local endpoint → DROP → timeout.
  {
    name: 'internalTrafficPolicy Local, endpoints only on other nodes → timeout',
    from: 'basic/client', to: 'http://local',
    reachable: 'none', symptom: 'timeout', endpoints: [],
    steps: 'ok ok fail skip skip fail', reason: /internalTrafficPolicy Local and node node-1 has no usable local endpoint/, fix: /internalTrafficPolicy: Cluster/,
  },
  // services.md §5.4: an undeclared ClusterIP port differs by proxy mode.
  {
    name: 'ClusterIP, undeclared port, iptables → routed away, timeout',
    from: 'basic/client', to: 'tcp://web:81',
    reachable: 'none', symptom: 'timeout', endpoints: [],
    steps: 'ok ok fail skip skip fail', reason: /does not expose 81\/TCP/, fix: /dial a port Service basic\/web declares \(80\/TCP\)/,
  },
  {
    name: 'ClusterIP, undeclared port, nftables → cluster-ips-check rejects',
    from: 'basic/client', to: 'tcp://web:81', mode: 'nftables',
    reachable: 'none', symptom: 'connection refused', endpoints: [],
    steps: 'ok ok fail skip skip fail', reason: /cluster-ips-check/,
  },
  // dns.md §6, services.md §5.3: ExternalName is a CNAME only.
  {
    name: 'ExternalName: CNAME to an outside name, not simulated beyond',
    from: 'basic/client', to: 'tcp://ext:5432',
    reachable: 'unknown', endpoints: [],
    steps: 'ok ok warn skip skip warn', reason: /CNAME db\.example\.com, resolved upstream/,
  },
  // dns.md §16: a short name only searches the client's namespace.
  {
    name: 'NXDOMAIN: the Service lives in another namespace',
    from: 'basic/client', to: 'tcp://db:5432',
    reachable: 'none', symptom: 'NXDOMAIN', endpoints: [],
    steps: 'fail fail skip skip skip fail', reason: /Service db exists in namespace data/, fix: /tcp:\/\/db\.data:5432/,
  },
  {
    name: 'the namespace in the name: found on the second search candidate',
    from: 'basic/client', to: 'tcp://db.data:5432',
    reachable: 'all', endpoints: ['10.244.2.60:5432 reachable'],
    steps: 'ok ok ok ok ok ok', reason: /candidate 2 of the search walk/,
  },
  // Named targetPort (services.md §4.4): each endpoint takes the port of its own slice.
  {
    name: 'named targetPort resolving per pod; a policy on the named port admits both',
    from: 'named/client', to: 'http://api',
    reachable: 'all', endpoints: ['10.244.2.11:9090 reachable', '10.244.1.11:8080 reachable'],
    steps: 'ok ok ok ok ok ok', reason: /the named targetPort resolves differently per pod/,
  },
  {
    name: 'named targetPort resolving per pod; a policy on 8080 cuts off the 9090 pod',
    from: 'named/client', to: 'http://api2',
    reachable: 'some', symptom: 'timeout', endpoints: ['10.244.1.12:8080 reachable', '10.244.2.12:9090 unreachable'],
    steps: 'ok ok ok fail ok fail', reason: /picks an endpoint at random/, fix: /named port http/,
  },
  // netpol.md §2.6: ipBlock with except.
  {
    name: 'ipBlock except: the endpoint in 10.244.3.0/24 is outside the egress allowance',
    from: 'blocks/client', to: 'http://srv',
    reachable: 'some', symptom: 'timeout', endpoints: ['10.244.2.21:8080 reachable', '10.244.3.21:8080 unreachable'],
    steps: 'ok ok ok fail ok fail', reason: /egress of the client, isolated by blocks\/client-egress/,
  },
  // netpol.md §2.7: endPort ranges.
  {
    name: 'endPort: 8080 lies in 8000-8100',
    from: 'blocks/client', to: '10.244.2.22:8080',
    reachable: 'all', endpoints: ['10.244.2.22:8080 reachable'],
    steps: 'skip ok ok ok ok ok', reason: /ports: TCP 8000-8100/,
  },
  {
    name: 'endPort: 9000 lies outside 8000-8100',
    from: 'blocks/client', to: '10.244.2.22:9000',
    reachable: 'none', symptom: 'timeout', endpoints: ['10.244.2.22:9000 unreachable'],
    steps: 'skip ok ok fail ok fail', reason: /isolated by blocks\/range-ingress/, fix: /ingress rule from pods app=client in namespace blocks on TCP 9000/,
  },
  // SCTP Service port and policy (netpol.md §2.7 protocols).
  {
    name: 'SCTP: Service, policy and container port all SCTP',
    from: 'blocks/client', to: 'sctp://diameter:3868',
    reachable: 'all', endpoints: ['10.244.2.23:3868 reachable'],
    steps: 'ok ok ok ok ok ok', reason: /3868\/SCTP .*DNATs to 10\.244\.2\.23:3868/,
  },
  {
    name: 'SCTP Service dialled over TCP: no TCP port on the ClusterIP',
    from: 'blocks/client', to: 'tcp://diameter:3868',
    reachable: 'none', symptom: 'timeout', endpoints: [],
    steps: 'ok ok fail skip skip fail', reason: /does not expose 3868\/TCP \(ports 3868\/SCTP\)/,
  },
  // netpol.md §2.8: DNS egress.
  {
    name: 'DNS egress blocked: lookups time out before any connection',
    from: 'dnsblock/client', to: 'http://web',
    reachable: 'none', symptom: 'DNS timeout', endpoints: ['10.244.2.30:8080 reachable'],
    steps: 'fail ok ok ok ok fail', reason: /cannot reach the cluster DNS \(were DNS allowed: 1 of 1/, fix: /add an egress rule for DNS: UDP and TCP on 53/,
  },
  {
    name: 'DNS egress blocked, ClusterIP dialled by address: works',
    from: 'dnsblock/client', to: '10.96.3.10:80',
    reachable: 'all', endpoints: ['10.244.2.30:8080 reachable'],
    steps: 'skip ok ok ok ok ok', reason: /allowed by dnsblock\/client-egress spec\.egress\[0\]/,
  },
  // netpol.md §2.8: rules see the targetPort after DNAT.
  {
    name: 'a policy written against the Service port (80) instead of the targetPort (8080)',
    from: 'svcport/client', to: 'http://backend',
    reachable: 'none', symptom: 'timeout', endpoints: ['10.244.2.40:8080 unreachable'],
    steps: 'ok ok ok fail ok fail', reason: /allows TCP 80, the Service port; after DNAT the pod sees 8080/, fix: /allow TCP 8080 \(the targetPort\) instead of 80/,
  },
  // DESIGN.md and services.md §7.1: headless, port ≠ targetPort.
  {
    name: 'headless, Service port 80 dialled, pods serve 8000 → refused',
    from: 'hl/client', to: 'http://svc-chroma:80',
    reachable: 'none', symptom: 'connection refused', endpoints: ['10.244.2.70:80 unreachable', '10.244.3.70:80 unreachable'],
    steps: 'ok ok warn ok fail fail', reason: /headless, so port 80 is dialled on the pods as is/, fix: /dial port 8000, the port the pods serve: http:\/\/svc-chroma:8000/,
  },
  {
    name: 'headless, container port 8000 dialled → reachable',
    from: 'hl/client', to: 'http://svc-chroma:8000',
    reachable: 'all', endpoints: ['10.244.2.70:8000 reachable', '10.244.3.70:8000 reachable'],
    steps: 'ok ok ok ok ok ok', reason: /port 8000 is what the pods serve/,
  },
  {
    name: 'headless, musl, namespace-qualified name: same refusal',
    from: 'hl/client', to: 'http://svc-chroma.hl:80', libc: 'musl',
    reachable: 'none', symptom: 'connection refused', endpoints: ['10.244.2.70:80 unreachable', '10.244.3.70:80 unreachable'],
    steps: 'ok ok warn ok fail fail', reason: /musl 2\. svc-chroma\.hl\.svc\.cluster\.local\./,
  },
  // services.md §7.5, dns.md §19.1: headless with no ready endpoint has no records.
  {
    name: 'headless, selector matches nothing → NXDOMAIN, and which label is missing',
    from: 'hl/client', to: 'http://svc-empty:8000',
    reachable: 'none', symptom: 'NXDOMAIN', endpoints: [],
    steps: 'fail fail skip skip skip fail', reason: /no pod has tier=db \(2 have app=chroma/, fix: /make Service hl\/svc-empty's selector match/,
  },
  // An outside client (not a pod address).
  {
    name: 'outside client to a ClusterIP: translated, but only routed inside the cluster',
    from: '203.0.113.7', to: '10.96.5.10:80',
    reachable: 'unknown', endpoints: ['10.244.2.50:8080 reachable', '10.244.3.50:8080 reachable'],
    steps: 'skip ok warn ok ok warn', reason: /routes the service CIDR to a node/, fix: /NodePort or LoadBalancer/,
  },
  {
    name: 'a pod to an address outside the cluster: egress checked, the rest unknown',
    from: 'basic/client', to: '203.0.113.9:443',
    reachable: 'unknown', endpoints: ['203.0.113.9:443 unknown'],
    steps: 'skip ok ok ok skip warn', reason: /outside the cluster: allowed by the client's policies/,
  },
  {
    name: 'a client named by its pod IP is that pod',
    from: '10.244.1.20', to: 'http://srv',
    reachable: 'some', symptom: 'timeout', endpoints: ['10.244.2.21:8080 reachable', '10.244.3.21:8080 unreachable'],
    steps: 'ok ok ok fail ok fail', reason: /blocks\/client-egress/,
  },
  // netpol.md §2.8: DNS pods behind port 53 listening on 5353 (OpenShift); "allow 53" admits nothing.
  {
    name: 'DNS allowed on 53, but the DNS pods receive on 5353 after DNAT',
    world: 'dns-5353.yaml', from: 'app/client', to: 'http://web',
    reachable: 'none', symptom: 'DNS timeout', endpoints: ['10.244.2.10:8080 reachable'],
    steps: 'fail ok ok ok ok fail', reason: /UDP 53 → 0\/1 DNS pods reachable \(port 5353 after DNAT\)/, fix: /UDP and TCP on 5353 .* not the Service's 53/,
  },
];

function run(row: Row): Trace {
  const { cluster, dns } = WORLDS[row.world ?? 'world.yaml'];
  const parsed = parseTarget(row.to);
  if (!parsed.ok) throw new Error(parsed.message);
  let from: TraceClient;
  if (/^[\d.]+$/.test(row.from)) from = clientFromIp(cluster, row.from);
  else {
    const [ns = '', name = ''] = row.from.split('/');
    const pod = cluster.pod(ns, name);
    if (!pod) throw new Error(`no pod ${row.from} in the world`);
    from = { kind: 'pod', pod };
  }
  return trace(cluster, dns, { from, target: parsed.target, ...(row.mode ? { proxyMode: row.mode } : {}), ...(row.libc ? { libc: row.libc } : {}) });
}

describe('trace packet flows (testdata/trace/)', () => {
  it.each(rows)('$from → $to: $name', (row) => {
    const t = run(row);
    const texts = [t.verdict.reason, ...t.steps.flatMap((s) => [s.summary, ...s.evidence])];
    expect({
      reachable: t.verdict.reachable,
      symptom: t.verdict.symptom,
      endpoints: t.endpoints.map((e) => `${e.ip}:${e.port} ${e.outcome}`),
      steps: t.steps.map((s) => s.verdict).join(' '),
    }).toEqual({ reachable: row.reachable, symptom: row.symptom, endpoints: row.endpoints, steps: row.steps });
    expect(texts.some((line) => row.reason.test(line)), `no line matches ${row.reason}:\n${texts.join('\n')}`).toBe(true);
    if (row.fix) {
      const fixes = t.verdict.fixes.flatMap((f) => [f.summary, f.snippet ?? '']);
      expect(fixes.some((line) => row.fix?.test(line)), `no fix matches ${row.fix}:\n${fixes.join('\n')}`).toBe(true);
    }
  });

  it('is plain data: the JSON round trip is the same object', () => {
    const t = run(rows[0] as Row);
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
    expect(t.schema).toBe('kreach.trace/v1');
    expect(t.steps.map((s) => s.id)).toEqual(['resolve', 'answer', 'route', 'policy', 'listener', 'verdict']);
  });

  it('gives the same answer twice (nothing in the cluster changes)', () => {
    const row = rows.find((r) => r.to === 'http://api2') as Row;
    expect(run(row)).toEqual(run(row));
  });

  it('follows policies applied between traces (the policy engine is kept per cluster)', () => {
    const { cluster, dns } = world('world.yaml');
    const parsed = parseTarget('http://web');
    if (!parsed.ok) throw new Error(parsed.message);
    const reachable = () => trace(cluster, dns, { from: { kind: 'pod', pod: cluster.pod('basic', 'client') as Pod }, target: parsed.target }).verdict.reachable;
    expect(reachable()).toBe('all');
    cluster.store.upsert('NetworkPolicy', makePolicy('deny-all', () => {}, 'basic'));
    expect(reachable()).toBe('none');
    cluster.store.remove('NetworkPolicy', 'basic', 'deny-all');
    expect(reachable()).toBe('all');
  });
});

/**
 * The benchmark's cluster generator: a deterministic `kubectl get -A -o json`-like dump at a fraction
 * of Kubernetes' scalability thresholds (150,000 pods at 3,000 per namespace, 10,000 Services,
 * 5,000 nodes, and here one NetworkPolicy per Service). Objects carry what a real dump carries for
 * networking (status with pod IPs and readiness, ClusterIPs, node names) plus the usual padding of a
 * trimmed dump (images, probes, resources, conditions), so the loader reads realistic bytes.
 *
 * Per namespace: one `web` Deployment of up to 250 replicas behind a ClusterIP Service and a headless
 * `web-headless` (the rolling-update subject), StatefulSets behind headless Services (one Service in
 * ten), and Deployments of skewed sizes behind ClusterIP Services with named targetPorts, 15% of them
 * multi-port and 10% dual-stack. Policies: a default-deny-ingress per namespace and one allow policy
 * per app, some with egress rules (named ports, ipBlocks, namespace selectors).
 *
 * Addresses: pods take `10.128.0.0/11` (a /24 per node) and `fd00:10:244::/48` (a /64 per node);
 * Services `10.100.0.0` upward inside `10.96.0.0/12`, and `fd00:10:96::/108`. `CLUSTER_FLAGS` are the
 * matching control-plane options; the cluster is dual-stack, so every pod has both addresses.
 */
import { Random } from './random.js';

/** Kubernetes' published envelope (the 100% size). */
export const ENVELOPE = { pods: 150_000, podsPerNamespace: 3_000, services: 10_000, nodes: 5_000, policies: 10_000, maxEndpoints: 250 };

/** The control-plane ranges the generated addresses live in (`kreach --service-cidr/--pod-cidr`). */
export const CLUSTER_FLAGS = {
  serviceCIDRs: ['10.96.0.0/12', 'fd00:10:96::/108'],
  podCIDRs: ['10.128.0.0/11', 'fd00:10:244::/48'],
};

/** Bumped whenever the output changes, so cached data is regenerated. */
export const GENERATOR_VERSION = 5;

export const DEFAULT_SEED = 20_260_401;

/** Counts for one size. */
export interface Shape {
  namespaces: number;
  podsPerNamespace: number;
  servicesPerNamespace: number;
  nodes: number;
  /** Replicas of each namespace's `web` Deployment (250 at every size big enough). */
  webReplicas: number;
}

export function shapeOf(pods: number): Shape {
  const namespaces = Math.max(1, Math.round(pods / ENVELOPE.podsPerNamespace));
  const podsPerNamespace = Math.round(pods / namespaces);
  const scale = pods / ENVELOPE.pods;
  const servicesPerNamespace = Math.max(10, Math.round((ENVELOPE.services * scale) / namespaces));
  return {
    namespaces,
    podsPerNamespace,
    servicesPerNamespace,
    nodes: Math.max(3, Math.round(ENVELOPE.nodes * scale)),
    webReplicas: Math.min(ENVELOPE.maxEndpoints, Math.floor(podsPerNamespace / 4)),
  };
}

export type RawObject = Record<string, unknown>;

/** One output file: cluster-scoped objects, or everything of one namespace. */
export interface GeneratedFile {
  name: string;
  objects: RawObject[];
}

/** What was generated, for the report. */
export interface GeneratedCounts {
  pods: number;
  services: number;
  policies: number;
  nodes: number;
  deployments: number;
  statefulSets: number;
}

const HASH_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const ZONES = ['zone-a', 'zone-b', 'zone-c'];
const TEAMS = ['payments', 'search', 'catalog', 'identity', 'platform'];

/** The dotted form of a 32-bit number. */
export function ipv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

const POD_V4_BASE = (10 << 24) | (128 << 16);
const SVC_V4_BASE = (10 << 24) | (100 << 16);
const NODE_V4_BASE = (172 << 24) | (16 << 16);

/** Pod address number `k` (0-based) on node `n`. */
export function podAddresses(node: number, k: number): [string, string] {
  return [ipv4(POD_V4_BASE + node * 256 + 1 + k), `fd00:10:244:${node.toString(16)}::${(k + 1).toString(16)}`];
}

/**
 * Addresses no generated pod holds (node numbers past the largest size), for pods the benchmark adds
 * later (a rolling update).
 */
export function sparePodAddresses(k: number): [string, string] {
  return [ipv4(POD_V4_BASE + 8000 * 256 + k), `fd00:10:244:ffff::${(k + 1).toString(16)}`];
}

function serviceAddresses(i: number): [string, string] {
  return [ipv4(SVC_V4_BASE + i), `fd00:10:96::${(i + 0x100).toString(16)}`];
}

/** A deterministic RFC 4122-shaped uid. */
function uid(rng: Random): string {
  const hex = rng.word('0123456789abcdef', 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** What one app (a workload and its Services) looks like; the Services are built from it. */
interface App {
  name: string;
  kind: 'Deployment' | 'StatefulSet';
  tier: 'frontend' | 'backend' | 'data';
  replicas: number;
  ports: Array<{ name: string; containerPort: number }>;
  /** Each Service of the app: its name and flavour. */
  services: Array<{ name: string; flavour: 'single' | 'multi' | 'dual' | 'headless' }>;
}

/** State shared by every namespace: global counters and the node table. */
class Builder {
  readonly rng: Random;
  private serviceIndex = 0;
  /** Next free address slot per node. */
  private readonly nodeSlots: number[];
  readonly counts: GeneratedCounts = { pods: 0, services: 0, policies: 0, nodes: 0, deployments: 0, statefulSets: 0 };

  constructor(
    readonly shape: Shape,
    seed: number,
  ) {
    this.rng = new Random(seed);
    this.nodeSlots = new Array<number>(shape.nodes).fill(0);
  }

  nodes(): RawObject[] {
    const out: RawObject[] = [];
    for (let n = 0; n < this.shape.nodes; n++) {
      const name = nodeName(n);
      const [v4cidr, v6cidr] = [`${ipv4(POD_V4_BASE + n * 256)}/24`, `fd00:10:244:${n.toString(16)}::/64`];
      out.push({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name,
          uid: uid(this.rng),
          labels: {
            'kubernetes.io/hostname': name,
            'kubernetes.io/os': 'linux',
            'node.kubernetes.io/instance-type': 'n2-standard-8',
            'topology.kubernetes.io/region': 'region-1',
            'topology.kubernetes.io/zone': ZONES[n % ZONES.length],
          },
        },
        spec: { podCIDR: v4cidr, podCIDRs: [v4cidr, v6cidr], providerID: `gce://bench/${ZONES[n % ZONES.length]}/${name}` },
        status: {
          addresses: [
            { type: 'InternalIP', address: ipv4(NODE_V4_BASE + n + 1) },
            { type: 'Hostname', address: name },
          ],
          conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
          nodeInfo: { kubeletVersion: 'v1.33.2', containerRuntimeVersion: 'containerd://2.0.5', osImage: 'Ubuntu 24.04 LTS' },
        },
      });
    }
    this.counts.nodes = out.length;
    return out;
  }

  namespaceObject(ns: string, team: string): RawObject {
    return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, uid: uid(this.rng), labels: { 'kubernetes.io/metadata.name': ns, team } } };
  }

  /** The apps of one namespace, with replica counts adding up to the namespace's pods. */
  apps(): App[] {
    const { servicesPerNamespace: services, podsPerNamespace: pods, webReplicas } = this.shape;
    const rng = this.rng;
    const depPorts = [
      { name: 'http', containerPort: 8080 },
      { name: 'grpc', containerPort: 9090 },
      { name: 'metrics', containerPort: 9100 },
    ];
    const stsPorts = [
      { name: 'client', containerPort: 6379 },
      { name: 'peer', containerPort: 7000 },
    ];
    const apps: App[] = [
      {
        name: 'web',
        kind: 'Deployment',
        tier: 'frontend',
        replicas: webReplicas,
        ports: depPorts,
        services: [
          { name: 'web', flavour: 'single' },
          { name: 'web-headless', flavour: 'headless' },
        ],
      },
    ];
    const statefulSets = Math.max(1, Math.round(services / 10));
    for (let i = 0; i < statefulSets; i++) {
      const name = `db-${pad(i, 3)}`;
      apps.push({ name, kind: 'StatefulSet', tier: 'data', replicas: rng.int(3, 15), ports: stsPorts, services: [{ name, flavour: 'headless' }] });
    }
    const deployments = services - 2 - statefulSets;
    const left = pods - apps.reduce((n, a) => n + a.replicas, 0);
    const weights = Array.from({ length: deployments }, () => rng.next() ** 3 + 0.02);
    const total = weights.reduce((a, b) => a + b, 0);
    const replicas = weights.map((w) => Math.max(1, Math.min(ENVELOPE.maxEndpoints, Math.floor((left * w) / total))));
    // Hand out what rounding and the cap left over, one replica at a time.
    for (let i = 0, sum = replicas.reduce((a, b) => a + b, 0); sum < left; i = (i + 1) % deployments) {
      if ((replicas[i] as number) < ENVELOPE.maxEndpoints) {
        replicas[i] = (replicas[i] as number) + 1;
        sum++;
      }
    }
    for (let i = 0; i < deployments; i++) {
      const tier = rng.chance(0.3) ? 'frontend' : 'backend';
      const name = `${tier === 'frontend' ? 'fe' : 'api'}-${pad(i, 3)}`;
      const roll = rng.next();
      const flavour = roll < 0.15 ? 'multi' : roll < 0.25 ? 'dual' : 'single';
      apps.push({ name, kind: 'Deployment', tier, replicas: replicas[i] as number, ports: depPorts, services: [{ name, flavour }] });
    }
    return apps;
  }

  /** Everything of one namespace. */
  namespace(index: number): GeneratedFile {
    const ns = `ns-${pad(index, 2)}`;
    const team = TEAMS[index % TEAMS.length] as string;
    const objects: RawObject[] = [this.namespaceObject(ns, team)];
    const apps = this.apps();
    const others = apps.filter((a) => a.tier === 'backend').map((a) => a.name);
    for (const app of apps) {
      objects.push(this.workload(ns, app));
      for (const svc of app.services) objects.push(this.service(ns, app, svc));
    }
    objects.push(...this.policies(ns, team, apps, others));
    for (const app of apps) objects.push(...this.pods(ns, app));
    return { name: ns, objects };
  }

  private template(app: App): RawObject {
    return {
      metadata: { labels: { app: app.name, tier: app.tier } },
      spec: { containers: [this.container(app)], terminationGracePeriodSeconds: 30 },
    };
  }

  private container(app: App): RawObject {
    const probePort = app.kind === 'StatefulSet' ? 'client' : 'http';
    return {
      name: app.kind === 'StatefulSet' ? 'redis' : 'app',
      image: `registry.example.com/${app.name}:1.${app.name.length}.2`,
      ports: app.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: 'TCP' })),
      readinessProbe: app.kind === 'StatefulSet' ? { tcpSocket: { port: probePort }, periodSeconds: 5 } : { httpGet: { path: '/ready', port: probePort }, periodSeconds: 10 },
      livenessProbe: { tcpSocket: { port: probePort }, initialDelaySeconds: 15 },
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
      env: [{ name: 'APP_NAME', value: app.name }, { name: 'LOG_LEVEL', value: 'info' }],
    };
  }

  private workload(ns: string, app: App): RawObject {
    const spec: RawObject = { replicas: app.replicas, selector: { matchLabels: { app: app.name } }, template: this.template(app) };
    if (app.kind === 'StatefulSet') {
      spec['serviceName'] = app.name;
      spec['podManagementPolicy'] = 'Parallel';
      this.counts.statefulSets++;
    } else {
      spec['strategy'] = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
      this.counts.deployments++;
    }
    return {
      apiVersion: 'apps/v1',
      kind: app.kind,
      metadata: { name: app.name, namespace: ns, uid: uid(this.rng), labels: { app: app.name } },
      spec,
      status: { replicas: app.replicas, readyReplicas: app.replicas, observedGeneration: 1 },
    };
  }

  private service(ns: string, app: App, svc: App['services'][number]): RawObject {
    this.counts.services++;
    const spec: RawObject = { type: 'ClusterIP', selector: { app: app.name }, sessionAffinity: 'None', internalTrafficPolicy: 'Cluster' };
    if (svc.flavour === 'headless') {
      const ports = app.kind === 'StatefulSet' ? app.ports : app.ports.slice(0, 1);
      Object.assign(spec, {
        clusterIP: 'None',
        clusterIPs: ['None'],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: ports.map((p) => ({ name: p.name, port: p.containerPort, targetPort: p.name, protocol: 'TCP' })),
      });
    } else {
      const [v4, v6] = serviceAddresses(this.serviceIndex++);
      const dual = svc.flavour === 'dual';
      const ports =
        svc.flavour === 'multi'
          ? [
              { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
              { name: 'grpc', port: 9090, targetPort: 'grpc', protocol: 'TCP' },
              { name: 'metrics', port: 9100, targetPort: 9100, protocol: 'TCP' },
            ]
          : [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }];
      Object.assign(spec, {
        clusterIP: v4,
        clusterIPs: dual ? [v4, v6] : [v4],
        ipFamilies: dual ? ['IPv4', 'IPv6'] : ['IPv4'],
        ipFamilyPolicy: dual ? (this.rng.chance(0.5) ? 'PreferDualStack' : 'RequireDualStack') : 'SingleStack',
        ports,
      });
    }
    return { apiVersion: 'v1', kind: 'Service', metadata: { name: svc.name, namespace: ns, uid: uid(this.rng), labels: { app: app.name } }, spec };
  }

  private pods(ns: string, app: App): RawObject[] {
    const rng = this.rng;
    const hash = rng.word(HASH_ALPHABET, 10);
    const owner =
      app.kind === 'StatefulSet'
        ? { apiVersion: 'apps/v1', kind: 'StatefulSet', name: app.name, uid: uid(rng), controller: true, blockOwnerDeletion: true }
        : { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app.name}-${hash}`, uid: uid(rng), controller: true, blockOwnerDeletion: true };
    const taken = new Set<string>();
    const out: RawObject[] = [];
    for (let i = 0; i < app.replicas; i++) {
      let name = `${app.name}-${i}`;
      const labels: Record<string, string> = { app: app.name, tier: app.tier };
      if (app.kind === 'StatefulSet') {
        Object.assign(labels, { 'controller-revision-hash': `${app.name}-${hash}`, 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(i) });
      } else {
        do name = `${app.name}-${hash}-${rng.word(HASH_ALPHABET, 5)}`;
        while (taken.has(name));
        taken.add(name);
        labels['pod-template-hash'] = hash;
      }
      const node = rng.int(0, this.shape.nodes - 1);
      const [v4, v6] = podAddresses(node, this.nodeSlots[node]!++);
      // About one pod in a hundred is not ready (starting, failing its probe).
      const ready = rng.chance(0.99) ? 'True' : 'False';
      const spec: RawObject = {
        ...(this.template(app)['spec'] as RawObject),
        nodeName: nodeName(node),
        restartPolicy: 'Always',
        dnsPolicy: 'ClusterFirst',
        serviceAccountName: 'default',
        schedulerName: 'default-scheduler',
      };
      if (app.kind === 'StatefulSet') Object.assign(spec, { hostname: name, subdomain: app.name });
      out.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: ns, uid: uid(rng), creationTimestamp: '2026-03-01T08:00:00Z', labels, ownerReferences: [owner] },
        spec,
        status: {
          phase: 'Running',
          hostIP: ipv4(NODE_V4_BASE + node + 1),
          podIP: v4,
          podIPs: [{ ip: v4 }, { ip: v6 }],
          conditions: [
            { type: 'Initialized', status: 'True' },
            { type: 'Ready', status: ready },
            { type: 'ContainersReady', status: ready },
            { type: 'PodScheduled', status: 'True' },
          ],
          qosClass: 'Burstable',
          startTime: '2026-03-01T08:00:01Z',
        },
      });
    }
    this.counts.pods += out.length;
    return out;
  }

  /** A default-deny-ingress, then one allow policy per app (some also limiting egress). */
  private policies(ns: string, team: string, apps: readonly App[], backends: readonly string[]): RawObject[] {
    const rng = this.rng;
    const policy = (name: string, spec: RawObject): RawObject => {
      this.counts.policies++;
      return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns, uid: uid(rng) }, spec };
    };
    const out = [policy('default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] })];
    const sameTeamFrontends = { namespaceSelector: { matchLabels: { team } }, podSelector: { matchLabels: { tier: 'frontend' } } };
    for (const app of apps) {
      const podSelector = { matchLabels: { app: app.name } };
      if (app.tier === 'frontend') {
        out.push(
          policy(`allow-${app.name}`, {
            podSelector,
            policyTypes: ['Ingress'],
            ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }, sameTeamFrontends], ports: [{ port: 'http', protocol: 'TCP' }] }],
          }),
        );
      } else if (app.tier === 'data') {
        out.push(
          policy(`allow-${app.name}`, {
            podSelector,
            policyTypes: ['Ingress'],
            ingress: [
              { from: [{ podSelector: { matchLabels: { tier: 'backend' } } }], ports: [{ port: 'client', protocol: 'TCP' }] },
              { from: [{ podSelector: { matchLabels: { app: app.name } } }], ports: [{ port: 7000, endPort: 7010, protocol: 'TCP' }] },
            ],
          }),
        );
      } else {
        const caller = backends.length > 1 ? rng.pick(backends) : app.name;
        const spec: RawObject = {
          podSelector,
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [{ podSelector: { matchLabels: { tier: 'frontend' } } }, { podSelector: { matchLabels: { app: caller } } }],
              ports: [{ port: 'http', protocol: 'TCP' }, { port: 9090, protocol: 'TCP' }],
            },
          ],
        };
        if (rng.chance(0.1)) {
          spec['policyTypes'] = ['Ingress', 'Egress'];
          spec['egress'] = [
            { to: [{ podSelector: { matchLabels: { tier: 'data' } } }], ports: [{ port: 'client', protocol: 'TCP' }] },
            {
              to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
              ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
            },
            { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12'] } }], ports: [{ port: 443, protocol: 'TCP' }] },
          ];
        }
        out.push(policy(`allow-${app.name}`, spec));
      }
    }
    return out;
  }
}

function nodeName(n: number): string {
  return `node-${pad(n, 5)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * The cluster with `pods` pods: a `cluster` file (Nodes) and one file per namespace. Namespaces are
 * produced one at a time through `onFile`, so even the 100% size never holds all objects at once.
 */
export function generateCluster(pods: number, seed: number, onFile: (file: GeneratedFile) => void): GeneratedCounts & { shape: Shape } {
  const shape = shapeOf(pods);
  const builder = new Builder(shape, seed);
  onFile({ name: 'cluster', objects: builder.nodes() });
  for (let i = 0; i < shape.namespaces; i++) onFile(builder.namespace(i));
  return { ...builder.counts, shape };
}

/**
 * The vocabulary of a trace: what `kreach trace` is asked (a client, a target, the resolver and
 * proxy flavour) and what it answers. A Trace is plain data — strings, numbers and arrays, no
 * cluster objects — so `-o json` is `JSON.stringify` of it and docs/trace-json.md documents these
 * types field by field. Steps carry their verdict and evidence; the structured sections beside them
 * (`resolution`, `answer`, `route`, `endpoints`, `verdict`) hold the facts the steps were worded from.
 */
import type { ResolutionFinal, Libc } from '../dns/resolver.js';
import type { ResolvConf } from '../dns/resolv-conf.js';
import type { Pod, Protocol } from '../model/index.js';
import type { ProxyMode } from '../proxy/result.js';
import type { Target } from './target.js';

export type { Target } from './target.js';

/** The client as the caller found it: a pod of the cluster (a workload's first pod), or an address outside it. */
export type TraceClient = { kind: 'pod'; pod: Pod } | { kind: 'external'; ip: string };

/** What `trace` is asked. */
export interface TraceInput {
  from: TraceClient;
  target: Target;
  /** The client's resolver (dns.md §16). @default 'glibc' */
  libc?: Libc;
  /** kube-proxy's mode; they differ for undeclared ClusterIP ports (services.md §5.4). @default 'iptables' */
  proxyMode?: ProxyMode;
  /** kubelet's `--cluster-domain`. @default the DNS engine's first forward zone */
  clusterDomain?: string;
}

export type StepId = 'resolve' | 'answer' | 'route' | 'policy' | 'listener' | 'verdict';
export type StepVerdict = 'ok' | 'warn' | 'fail' | 'skip';

/** One row of the step table: its verdict, a one-line summary and the evidence lines under it. */
export interface Step {
  id: StepId;
  verdict: StepVerdict;
  summary: string;
  evidence: string[];
}

/** What the client observes when it fails (services.md §5.4; dns.md §16 for the lookup errors). */
export type Symptom = 'NXDOMAIN' | 'NODATA' | 'DNS timeout' | 'DNS failure' | 'connection refused' | 'timeout';

/** The client as reported. */
export interface ClientInfo {
  kind: 'pod' | 'external';
  /** `namespace/name` of the pod. */
  pod?: string;
  /** `Deployment/chroma` when the pod stands for its workload. */
  workload?: string;
  ip: string;
  node?: string;
  /** The pod is a simulated one (from a workload template) rather than a pod of the input. */
  simulated?: boolean;
}

/** Whether the client's policies let it reach the cluster DNS pods on one protocol. */
export interface DnsPath {
  protocol: 'UDP' | 'TCP';
  /** What kube-proxy does with `<kube-dns ClusterIP>:53`. */
  route: string;
  endpoints: Array<{ ip: string; port: number; pod?: string; allowed: boolean; why: string }>;
  reachable: number;
}

/** Step 1: the lookup in the client. */
export interface ResolutionInfo {
  name: string;
  libc: Libc;
  /** The client's /etc/resolv.conf (dns.md §15); absent for an outside client. */
  resolvConf?: ResolvConf;
  resolvConfText?: string;
  /** `cluster`, `host` or `none` in kubelet's terms. */
  dnsType?: string;
  attempts: Array<{ name: string; searchDomain?: string; outcome: string; rcodes: string[]; addresses: string[]; why: string }>;
  final: ResolutionFinal;
  /** The kube-dns Service the queries go to, and the path to its pods per protocol; absent when not used. */
  dns?: { service: string; ip: string; paths: DnsPath[] };
  notes: string[];
}

/** A Service as the trace shows it. */
export interface ServiceInfo {
  /** `namespace/name`. */
  key: string;
  type: string;
  headless: boolean;
  clusterIPs: string[];
  ports: Array<{ name: string; port: number; protocol: Protocol; targetPort: number | string }>;
  externalName?: string;
}

export type AnswerKind = 'service-ip' | 'pod-ips' | 'cname' | 'upstream' | 'address' | 'nxdomain' | 'nodata' | 'dns-error';

/** Step 2: what the lookup (or the IP target) points at, and why. */
export interface AnswerInfo {
  kind: AnswerKind;
  /** The absolute name that answered (or failed last). */
  name?: string;
  addresses: string[];
  service?: ServiceInfo;
  cname?: string;
  why: string;
}

/** Step 3: kube-proxy's part. */
export interface RouteInfo {
  kind: 'translated' | 'reject' | 'drop' | 'direct' | 'no-rule' | 'skipped';
  /** The address and port the client dials. */
  dialled?: { ip: string; port: number; protocol: Protocol };
  /** The proxy's reason (services.md §5.4) for reject, drop and no-rule. */
  reason?: string;
  /** ServicePortName (`ns/name:port/proto`) of the rule hit. */
  servicePort?: string;
  explanation: string;
  symptom?: Symptom;
}

export interface DirectionInfo {
  allowed: boolean | 'undefined';
  reason: string;
  isolated: boolean;
  policies: readonly string[];
  /** The admitting rule, e.g. `app/allow-web spec.ingress[0] (from: podSelector app=web; ports: TCP 8080)`. */
  rule?: string;
}

/** Step 4 for one endpoint (netpol.md §2.8: after DNAT, the pod IP and targetPort). */
export interface PolicyInfo {
  /** The NetworkPolicy API's answer; `'undefined'` for self traffic and hostNetwork ends (§2.9). */
  allowed: boolean | 'undefined';
  /** What kreach takes as happening: the API's answer, or the common reading of an undefined case. */
  passes: boolean;
  egress: DirectionInfo;
  ingress: DirectionInfo;
  /** The policy engine's explanation (summary, undefined case, egress, ingress), then `notes`. */
  lines: string[];
  /** Extra findings, e.g. a rule written against the Service port instead of the targetPort. */
  notes?: string[];
}

/** Step 5 for one endpoint. */
export interface ListenerInfo {
  /** `declared`: a container declares the port; `not-declared`: none does (a process may still listen). */
  status: 'declared' | 'not-declared' | 'unknown';
  /** `container/name port/proto` when declared. */
  container?: string;
  /** Every port the pod's containers declare, `name port/proto`. */
  declared: string[];
  /** The pod serves this Service port on another number (headless: nothing translates). */
  servesOn?: number;
  why: string;
}

/** One destination the connection may land on, after routing. */
export interface EndpointTrace {
  ip: string;
  port: number;
  protocol: Protocol;
  /** `namespace/name` of the pod holding the address; absent outside the cluster. */
  pod?: string;
  node?: string;
  /** kube-proxy DNATed the packet here (false: the client dials it directly). */
  translated: boolean;
  policy?: PolicyInfo;
  listener?: ListenerInfo;
  outcome: 'reachable' | 'unreachable' | 'unknown';
  symptom?: Symptom;
  reason: string;
}

export interface Fix {
  /** One imperative line: `dial port 8000: http://svc-chroma:8000`. */
  summary: string;
  /** A command or manifest snippet that applies it, when there is one. */
  snippet?: string;
}

export interface ConfirmCommand {
  purpose: string;
  command: string;
}

/** Step 6. */
export interface VerdictInfo {
  /** On how many endpoints the connection succeeds; `unknown` when kreach cannot follow it (upstream, outside). */
  reachable: 'all' | 'some' | 'none' | 'unknown';
  endpoints: { total: number; reachable: number };
  symptom?: Symptom;
  reason: string;
  fixes: Fix[];
  confirm: ConfirmCommand[];
}

/** The answer to one `kreach trace`. */
export interface Trace {
  /** Schema identifier; bumped on incompatible changes (docs/trace-json.md). */
  schema: 'kreach.trace/v1';
  client: ClientInfo;
  target: Target;
  options: { libc: Libc; proxyMode: ProxyMode; clusterDomain: string };
  /** Always six, in order: resolve, answer, route, policy, listener, verdict. */
  steps: Step[];
  resolution?: ResolutionInfo;
  answer: AnswerInfo;
  route: RouteInfo;
  endpoints: EndpointTrace[];
  verdict: VerdictInfo;
}

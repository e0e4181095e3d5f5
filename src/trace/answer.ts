/**
 * Step 2, answer: what the lookup (or the IP the user gave) points at, and why. A cluster name is
 * read back into the Service it names (`<svc>.<ns>.svc.<zone>`, dns.md §1): a ClusterIP Service
 * answers its virtual IP (§2), a headless one the ready pod IPs (§3, with the SRV port as evidence:
 * it carries the targetPort, not the Service port), an ExternalName one a CNAME (§6). A failed
 * lookup is explained from the Service and its slices: no ready endpoints, a selector that matches
 * nothing, or a Service that lives in another namespace (services.md §7.2, §7.5).
 */
import { proxyViewOf } from '../proxy/proxy-view.js';
import { isHeadless, keyOf, type Service } from '../model/index.js';
import { podAt } from './client.js';
import { describeServicePorts, serviceInfo, type TraceContext } from './context.js';
import { diagnoseEndpoints, namespacesWithService, similarServices } from './service-health.js';
import type { AnswerInfo, AnswerKind, ResolutionInfo, Step, StepVerdict } from './types.js';

export interface AnswerResult {
  info: AnswerInfo;
  step: Step;
  service?: Service;
}

/** A cluster name read back: a Service (`svc.ns.svc.zone`), an endpoint of one, or a pod record. */
interface NamedObject {
  name: string;
  namespace: string;
  endpoint?: string;
  pod?: boolean;
  service?: Service;
}

export function answerStep(ctx: TraceContext, resolution: ResolutionInfo | undefined): AnswerResult {
  if (!resolution) return ipAnswer(ctx);
  const final = resolution.final;
  if (final.status === 'resolved') {
    const named = readName(ctx, final.name);
    const svc = named?.service;
    const base = { name: final.name, addresses: final.addresses };
    if (named?.pod) return done(ctx, { ...base, kind: 'pod-ips', why: `${final.name} is a pod record: the pod's own address (dns.md §7)` });
    if (!svc) return done(ctx, { ...base, kind: 'pod-ips', why: `${final.name} answered ${final.addresses.join(', ')}` });
    const key = keyOf(svc.meta);
    if (svc.type === 'ExternalName') {
      return done(ctx, { ...base, kind: 'cname', cname: svc.externalName ?? '', service: serviceInfo(svc), why: `ExternalName Service ${key}: a CNAME to ${svc.externalName}, which the cluster DNS resolves itself (dns.md §6)` }, svc);
    }
    if (isHeadless(svc)) {
      const what = named.endpoint ? `the endpoint named ${named.endpoint} of headless Service ${key}` : `headless Service ${key}`;
      return done(ctx, { ...base, kind: 'pod-ips', service: serviceInfo(svc), why: `${what}: DNS answers with the ready pod IPs, there is no virtual IP (dns.md §3)` }, svc);
    }
    return done(ctx, { ...base, kind: 'service-ip', service: serviceInfo(svc), why: `Service ${key} (${svc.type}): DNS answers its cluster IP, which kube-proxy translates (dns.md §2)` }, svc);
  }
  if (final.status === 'forwarded') {
    const answered = resolution.attempts.find((a) => a.outcome === 'answer');
    const svc = answered ? readName(ctx, answered.name)?.service : undefined;
    if (answered && svc) {
      const why = `ExternalName Service ${keyOf(svc.meta)}: a CNAME to ${svc.externalName}; kube-proxy writes no rules for it and the rest is up to the upstream DNS and the outside network, which kreach does not simulate (dns.md §6, services.md §5.3)`;
      return done(ctx, { kind: 'cname', name: answered.name, addresses: [], cname: svc.externalName ?? final.name, service: serviceInfo(svc), why }, svc);
    }
    return done(ctx, { kind: 'upstream', name: final.name, addresses: [], why: `${final.why}; kreach does not simulate DNS outside the cluster` });
  }
  return failedAnswer(ctx, resolution);
}

/** An IP target: a ClusterIP, a pod's address, or something kube-proxy decides about (node, external). */
function ipAnswer(ctx: TraceContext): AnswerResult {
  const ip = ctx.target.host;
  const view = proxyViewOf(ctx.cluster);
  const sp = view.at('clusterIP', ip)[0];
  if (sp) {
    return done(ctx, { kind: 'service-ip', addresses: [ip], service: serviceInfo(sp.service), why: `${ip} is the cluster IP of Service ${sp.serviceKey}: no DNS involved` }, sp.service);
  }
  const pod = podAt(ctx.cluster, ip);
  if (pod) {
    const [headlessKey] = view.headlessAt(ip);
    const [ns = '', name = ''] = headlessKey?.split('/') ?? [];
    const svc = headlessKey ? ctx.cluster.service(ns, name) : undefined;
    const of = svc ? ` (an endpoint of headless Service ${headlessKey})` : '';
    return done(ctx, { kind: 'pod-ips', addresses: [ip], ...(svc ? { service: serviceInfo(svc) } : {}), why: `${ip} is the address of pod ${keyOf(pod.meta)}${of}: no DNS involved` }, svc);
  }
  return done(ctx, { kind: 'address', addresses: [ip], why: `${ip} is not a cluster IP or pod address: kube-proxy's rules decide next (externalIP, load-balancer IP, NodePort or none)` });
}

/** A failed lookup, explained by the Service the resolver was looking for. */
function failedAnswer(ctx: TraceContext, resolution: ResolutionInfo): AnswerResult {
  const final = resolution.final;
  const kind: AnswerKind = final.status !== 'failed' ? 'dns-error' : final.error === 'EAI_NONAME' ? 'nxdomain' : final.error === 'EAI_NODATA' ? 'nodata' : 'dns-error';
  const last = resolution.attempts[resolution.attempts.length - 1]?.name;
  const base = { kind, ...(last ? { name: last } : {}), addresses: [] };
  const candidates = resolution.attempts.map((a) => readName(ctx, a.name)).filter((n): n is NamedObject => !!n && !n.endpoint && !n.pod);
  const existing = candidates.find((c) => c.service);
  if (existing?.service) {
    const svc = existing.service;
    const diagnosis = diagnoseEndpoints(ctx.cluster, svc);
    if (isHeadless(svc) && diagnosis.cause) {
      ctx.problems.push({ code: 'no-endpoints', service: keyOf(svc.meta), cause: diagnosis.cause, detail: diagnosis.detail ?? '' });
      const why = `headless Service ${keyOf(svc.meta)} has no ready endpoint, so CoreDNS has no record for it (dns.md §3, services.md §7.2): ${diagnosis.detail}`;
      return done(ctx, { ...base, service: serviceInfo(svc), why }, svc);
    }
    const why = `Service ${keyOf(svc.meta)} exists but the cluster DNS gives no address for it (its Corefile's namespaces or ignore empty_service options can hide Services)`;
    return done(ctx, { ...base, service: serviceInfo(svc), why }, svc);
  }
  const nodata = resolution.attempts.find((a) => a.outcome === 'nodata');
  // dns.md §16: `<ns>.svc.<zone>` exists (the namespace) but holds no address.
  const nodataNote = nodata ? `; ${nodata.name} exists but holds no address (a namespace name answers NODATA)` : '';
  const intended = candidates[0];
  if (!intended) {
    return done(ctx, { ...base, why: `no candidate of the search walk is a Service name; the cluster DNS has no record for ${resolution.name}${nodataNote}` });
  }
  const elsewhere = namespacesWithService(ctx.cluster, intended.name, intended.namespace);
  const similar = similarServices(ctx.cluster, intended.name, intended.namespace);
  ctx.problems.push({ code: 'name-not-found', service: intended.name, namespace: intended.namespace, elsewhere, similar });
  const nsExists = ctx.cluster.store.namespaces.get('', intended.namespace) !== undefined;
  let why = `no Service ${intended.name} in namespace ${intended.namespace}${nsExists ? '' : ` (namespace ${intended.namespace} does not exist)`}`;
  if (elsewhere.length > 0) {
    why += `; Service ${intended.name} exists in namespace ${elsewhere.join(', ')}: a short name only searches the client's namespace (${ctx.namespace}), write ${intended.name}.${elsewhere[0]}`;
  } else if (similar.length > 0) {
    why += `; similar Services there: ${similar.join(', ')}`;
  } else {
    why += '; no namespace has a Service of that name';
  }
  return done(ctx, { ...base, why: `${why}${nodataNote}` });
}

/** The answer's step row, with the Service's ports, its endpoints and (headless) the SRV port as evidence. */
function done(ctx: TraceContext, given: AnswerInfo, svc?: Service): AnswerResult {
  // One key order for JSON, whatever order the callers spread their parts in.
  const info: AnswerInfo = {
    kind: given.kind,
    ...(given.name !== undefined ? { name: given.name } : {}),
    addresses: given.addresses,
    ...(given.service ? { service: given.service } : {}),
    ...(given.cname !== undefined ? { cname: given.cname } : {}),
    why: given.why,
  };
  const evidence: string[] = [];
  if (svc) {
    evidence.push(`Service ${keyOf(svc.meta)}: ${svc.type}${isHeadless(svc) ? ' headless (clusterIP: None)' : ''}, ports ${describeServicePorts(svc)}`);
    if (svc.type !== 'ExternalName') {
      const d = diagnoseEndpoints(ctx.cluster, svc);
      evidence.push(`endpoints: ${d.ready} ready of ${d.listed} listed${d.detail ? ` — ${d.detail}` : ''}`);
    }
    const srv = isHeadless(svc) ? srvEvidence(ctx, svc) : undefined;
    if (srv) evidence.push(srv);
  }
  const verdicts: Record<AnswerKind, StepVerdict> = {
    'service-ip': 'ok',
    'pod-ips': 'ok',
    cname: 'ok',
    address: 'ok',
    upstream: 'warn',
    nxdomain: 'fail',
    nodata: 'fail',
    'dns-error': 'fail',
  };
  const what = info.addresses.length > 0 ? `${info.addresses.join(', ')}: ` : info.kind === 'cname' ? `CNAME ${info.cname}: ` : `${info.kind.toUpperCase()}: `;
  return { info, step: { id: 'answer', verdict: verdicts[info.kind], summary: `${what}${info.why}`, evidence }, ...(svc ? { service: svc } : {}) };
}

/** `SRV _http._tcp.svc-chroma.default.svc.cluster.local → port 8000`: where SRV-aware clients would connect. */
function srvEvidence(ctx: TraceContext, svc: Service): string | undefined {
  const port = svc.ports.find((p) => p.port === ctx.target.port && p.protocol === ctx.target.protocol) ?? (svc.ports.length === 1 ? svc.ports[0] : undefined);
  if (!port?.name) return undefined;
  const name = `_${port.name}._${port.protocol.toLowerCase()}.${svc.meta.name}.${svc.meta.namespace}.svc.${ctx.zone}.`;
  const records = ctx.dns.answer({ name, type: 'SRV' }).answer.flatMap((r) => (r.type === 'SRV' ? [r.data.port] : []));
  if (records.length === 0) return `SRV ${name}: no records`;
  const ports = [...new Set(records)].join(', ');
  return `SRV ${name} → port ${ports} (the EndpointSlice port, dns.md §3): SRV-aware clients would use it`;
}

/** Read a cluster name back into what it names (dns.md §1); undefined outside the cluster zone. */
function readName(ctx: TraceContext, fqdn: string): NamedObject | undefined {
  const lower = fqdn.toLowerCase().replace(/\.$/, '');
  const zone = ctx.zone.toLowerCase();
  if (!lower.endsWith(`.${zone}`)) return undefined;
  const labels = lower.slice(0, -(zone.length + 1)).split('.');
  const kind = labels.pop();
  if (kind === 'pod' && labels.length === 2) return { name: labels[0] ?? '', namespace: labels[1] ?? '', pod: true };
  if (kind !== 'svc' || labels.length < 2 || labels.length > 3) return undefined;
  const [namespace = '', name = ''] = [labels[labels.length - 1], labels[labels.length - 2]];
  const service = ctx.cluster.service(namespace, name);
  return { name, namespace, ...(labels.length === 3 ? { endpoint: labels[0] ?? '' } : {}), ...(service ? { service } : {}) };
}

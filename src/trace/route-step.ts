/**
 * Step 3, route: what kube-proxy does with the packet (src/proxy/route.ts). A virtual IP is
 * DNATed to `endpointIP:endpointPort`, each endpoint's port taken from its own slice, or rejected
 * or dropped with the symptom of services.md §5.4. A headless Service gets no rules at all: the
 * client connects to each pod IP on the port it dialled, and when that is the Service `port` while
 * the pods serve the `targetPort`, this step says so plainly (services.md §5.3, §7.1). The result
 * is the list of destinations the policy and listener steps check.
 */
import { familyOf } from '../cluster/ip.js';
import { findPort } from '../cluster/find-port.js';
import { isHeadless, keyOf, type Pod, type Protocol, type Service, type ServicePort } from '../model/index.js';
import { formatHostPort, type RouteResult } from '../proxy/result.js';
import { proxyViewOf } from '../proxy/proxy-view.js';
import { route } from '../proxy/route.js';
import { podAt, routeClient } from './client.js';
import type { TraceContext } from './context.js';
import { diagnoseEndpoints } from './service-health.js';
import type { AnswerInfo, RouteInfo, Step } from './types.js';

/** Where a connection may land after routing; policy and listener steps fill in the rest. */
export interface Destination {
  ip: string;
  port: number;
  protocol: Protocol;
  pod?: Pod;
  /** kube-proxy DNATed the packet here. */
  translated: boolean;
  /** The Service port the client used: the rule hit, or (headless) the port with the dialled number. */
  servicePort?: ServicePort;
  /** Not a pod: the address of this node (its listeners are not simulated). */
  nodeAddress?: string;
}

export interface RouteStepResult {
  info: RouteInfo;
  step: Step;
  destinations: Destination[];
}

export function routeStep(ctx: TraceContext, answer: AnswerInfo, svc: Service | undefined): RouteStepResult {
  const result = routeOf(ctx, answer, svc);
  // One key order for JSON, whichever branch filled the info in.
  const { kind, dialled, reason, servicePort, explanation, symptom } = result.info;
  result.info = { kind, ...(dialled ? { dialled } : {}), ...(reason ? { reason } : {}), ...(servicePort ? { servicePort } : {}), explanation, ...(symptom ? { symptom } : {}) };
  return result;
}

function routeOf(ctx: TraceContext, answer: AnswerInfo, svc: Service | undefined): RouteStepResult {
  const { port, protocol } = ctx.target;
  const addresses = preferredFamily(answer.addresses);
  const dst = addresses[0];
  if (dst === undefined) {
    const explanation = answer.kind === 'cname' ? `no kube-proxy rules for an ExternalName Service: only the CNAME (services.md §5.3)` : `nothing to route: the lookup gave no address`;
    return skipped(explanation, answer.kind === 'cname' ? 'warn' : 'skip');
  }
  const dialled = { ip: dst, port, protocol };
  const familyNote = addresses.length < answer.addresses.length ? [`dual-stack answer: tracing the ${familyOf(dst)} addresses; the client may prefer the others`] : [];
  if (svc && isHeadless(svc) && answer.kind === 'pod-ips') return headless(ctx, svc, addresses, familyNote);
  const ref = svc ? { service: { namespace: svc.meta.namespace, name: svc.meta.name } } : {};
  const routed = route(ctx.cluster, { dst, port, protocol, client: routeClient(ctx.client), mode: ctx.mode, ...(svc && isHeadless(svc) ? ref : {}) });
  const info: RouteInfo = { kind: routed.kind, dialled, explanation: routed.explanation };
  if (routed.kind !== 'translated' && routed.evidence.servicePort) info.servicePort = routed.evidence.servicePort;
  const evidence = [...familyNote];
  switch (routed.kind) {
    case 'translated': {
      info.servicePort = routed.servicePort.key;
      const sp = routed.servicePort.service.ports.find((p) => p.port === routed.servicePort.port && p.protocol === routed.servicePort.protocol);
      const destinations = routed.candidates.map((c): Destination => {
        const pod = (c.targetRef?.kind === 'Pod' ? ctx.cluster.pod(c.targetRef.namespace, c.targetRef.name) : undefined) ?? podAt(ctx.cluster, c.ip);
        return { ip: c.ip, port: c.port, protocol, translated: true, ...(pod ? { pod } : {}), ...(sp ? { servicePort: sp } : {}) };
      });
      const ports = [...new Set(destinations.map((d) => d.port))];
      evidence.push(`port ${port} → ${ports.join(' / ')}${ports.length > 1 ? ' (the named targetPort resolves differently per pod: each endpoint takes the port of its own slice)' : ''} by DNAT; policies and the pod see this port`);
      const verdict = routed.via === 'clusterIP' && outsideClient(ctx, dst, 'cluster IP', evidence) ? 'warn' : 'ok';
      return { info, destinations, step: { id: 'route', verdict, summary: routed.explanation, evidence } };
    }
    case 'reject':
    case 'drop':
      info.reason = routed.reason;
      info.symptom = routed.symptom;
      recordFailure(ctx, routed, svc);
      return { info, destinations: [], step: { id: 'route', verdict: 'fail', summary: `${routed.symptom}: ${routed.explanation}`, evidence } };
    case 'no-rule': {
      info.reason = routed.reason;
      const pod = podAt(ctx.cluster, dst);
      if (routed.reason === 'delegated' || routed.reason === 'externalName') {
        return { info, destinations: [], step: { id: 'route', verdict: 'warn', summary: routed.explanation, evidence } };
      }
      info.kind = 'direct';
      const node = pod ? undefined : proxyViewOf(ctx.cluster).nodeAt(dst)?.meta.name;
      const destination: Destination = { ip: dst, port, protocol, translated: false, ...(pod ? { pod } : {}), ...(node ? { nodeAddress: node } : {}) };
      const where = pod ? `pod ${keyOf(pod.meta)}` : node ? `node ${node} itself` : 'an address outside the cluster (not simulated beyond the client\'s egress policy)';
      evidence.push(`no translation: the connection goes straight to ${formatHostPort(dst, port)}, ${where}`);
      const verdict = pod && outsideClient(ctx, dst, 'pod IP', evidence) ? 'warn' : 'ok';
      return { info, destinations: [destination], step: { id: 'route', verdict, summary: routed.explanation, evidence } };
    }
  }
}

/** Headless: no rules, no translation; the dialled port must be the port the pods serve (services.md §7.1). */
function headless(ctx: TraceContext, svc: Service, addresses: string[], notes: string[]): RouteStepResult {
  const { port, protocol } = ctx.target;
  const key = keyOf(svc.meta);
  const sp = svc.ports.find((p) => p.port === port && p.protocol === protocol);
  const destinations = addresses.map((ip): Destination => {
    const pod = podAt(ctx.cluster, ip);
    return { ip, port, protocol, translated: false, ...(pod ? { pod } : {}), ...(sp ? { servicePort: sp } : {}) };
  });
  const info: RouteInfo = { kind: 'direct', reason: 'headless', dialled: { ip: addresses[0] ?? '', port, protocol }, explanation: '' };
  const servesOn = sp ? destinations.flatMap((d) => (d.pod ? [findPort(d.pod, sp.targetPort, sp.protocol)] : [])).find((n) => n !== undefined && n !== port) : undefined;
  const evidence = [...notes, `kube-proxy writes no rules for headless Service ${key} (services.md §5.1): the client connects to ${addresses.map((a) => formatHostPort(a, port)).join(', ')} directly`];
  const outside = outsideClient(ctx, addresses[0] ?? '', 'pod IP', evidence);
  if (sp && servesOn !== undefined) {
    ctx.problems.push({ code: 'headless-port', service: key, portIndex: svc.ports.indexOf(sp), portName: sp.name, port, servesOn, host: ctx.target.host });
    info.explanation = `no translation: ${svc.meta.name} is headless, so port ${port} is dialled on the pods as is; the Service maps port ${port} to targetPort ${sp.targetPort}${typeof sp.targetPort === 'string' ? ` (${servesOn})` : ''}, which only a cluster IP would apply — the pods listen on ${servesOn}`;
    return { info, destinations, step: { id: 'route', verdict: 'warn', summary: info.explanation, evidence } };
  }
  const served = svc.ports.find((p) => p.protocol === protocol && destinations.some((d) => d.pod && findPort(d.pod, p.targetPort, p.protocol) === port));
  const note = served
    ? `port ${port} is what the pods serve (targetPort ${served.targetPort} of Service port ${served.name ? `${served.name} ` : ''}${served.port}), so nothing needs translating`
    : `port ${port} is not a port of the Service, which does not matter for a headless Service: the pods' listeners decide`;
  info.explanation = `no translation (headless Service ${key}): ${note}`;
  return { info, destinations, step: { id: 'route', verdict: outside ? 'warn' : 'ok', summary: info.explanation, evidence } };
}

/** An outside client reaches cluster and pod IPs only if its network routes those ranges into the cluster. */
function outsideClient(ctx: TraceContext, ip: string, what: 'cluster IP' | 'pod IP', evidence: string[]): boolean {
  if (ctx.client.kind !== 'external') return false;
  ctx.problems.push({ code: 'outside-client', ip, what });
  evidence.push(`an outside client reaches a ${what} only if its network routes that range into the cluster; usually it does not`);
  return true;
}

/** Record why kube-proxy rejected or dropped the packet, for the fixes. */
function recordFailure(ctx: TraceContext, routed: Extract<RouteResult, { kind: 'reject' | 'drop' }>, svc: Service | undefined): void {
  const service = routed.evidence.service ?? (svc ? keyOf(svc.meta) : '');
  const [ns = '', name = ''] = service.split('/');
  const target = ctx.cluster.service(ns, name);
  if (routed.reason === 'no-endpoints' && target) {
    const sp = target.ports.find((p) => p.port === ctx.target.port && p.protocol === ctx.target.protocol);
    const d = diagnoseEndpoints(ctx.cluster, target, sp);
    ctx.problems.push({ code: 'no-endpoints', service, cause: d.cause ?? 'unknown', detail: d.detail ?? routed.explanation });
  } else if (routed.reason === 'unknown-port' && target) {
    ctx.problems.push({ code: 'unknown-port', service, ports: target.ports.map((p) => `${p.port}/${p.protocol}`) });
  } else if (routed.reason === 'no-local-endpoints' && target) {
    const nodes = [...new Set(ctx.cluster.endpointSlicesFor(ns, name).flatMap((s) => s.endpoints.flatMap((e) => (e.ready && e.nodeName ? [e.nodeName] : []))))].sort();
    const node = ctx.client.kind === 'pod' ? ctx.client.pod.nodeName : undefined;
    ctx.problems.push({ code: 'no-local-endpoints', service, ...(node ? { node } : {}), nodes });
  }
}

/** IPv4 addresses when there are any (most clients try them first with kreach's default families), else all. */
function preferredFamily(addresses: string[]): string[] {
  const v4 = addresses.filter((a) => familyOf(a) === 'IPv4');
  return v4.length > 0 ? v4 : addresses;
}

function skipped(explanation: string, verdict: 'warn' | 'skip'): RouteStepResult {
  const info: RouteInfo = { kind: 'skipped', explanation };
  return { info, destinations: [], step: { id: 'route', verdict, summary: explanation, evidence: [] } };
}

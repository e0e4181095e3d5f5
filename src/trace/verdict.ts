/**
 * Step 6, verdict: on how many endpoints the connection succeeds, and what the client sees when it
 * does not. The order follows the packet: a lookup that never gets an answer or fails ends it
 * before any connection (dns.md §16); then kube-proxy's REJECT (connection refused) or DROP
 * (timeout); then per endpoint a denying NetworkPolicy (most plugins drop silently: timeout) and a
 * closed port (the kernel answers RST: connection refused), per the table of services.md §5.4.
 * kube-proxy picks an endpoint at random per connection (§5.2), so "some" means intermittent.
 */
import { keyOf } from '../model/index.js';
import { formatHostPort } from '../proxy/result.js';
import type { Destination } from './route-step.js';
import type { AnswerInfo, EndpointTrace, ListenerInfo, PolicyInfo, RouteInfo, Step, Symptom, VerdictInfo } from './types.js';

export interface VerdictFacts {
  /** The lookup never gets through (DNS unreachable). */
  blocked?: Symptom;
  answer: AnswerInfo;
  route: RouteInfo;
  destinations: Destination[];
  policies: PolicyInfo[];
  listeners: ListenerInfo[];
  /** An outside client dials a cluster or pod IP (routed only if its network sends that range into the cluster). */
  outsideClient?: boolean;
}

/** Each destination's outcome: policy first (a drop happens before the pod's kernel sees anything), then the listener. */
export function endpointTraces(facts: VerdictFacts): EndpointTrace[] {
  return facts.destinations.map((d, i) => {
    const policy = facts.policies[i];
    const listener = facts.listeners[i];
    const at = formatHostPort(d.ip, d.port);
    const result = (outcome: EndpointTrace['outcome'], reason: string, symptom?: Symptom): EndpointTrace => ({
      ip: d.ip,
      port: d.port,
      protocol: d.protocol,
      ...(d.pod ? { pod: keyOf(d.pod.meta) } : {}),
      ...(d.pod?.nodeName ? { node: d.pod.nodeName } : {}),
      translated: d.translated,
      ...(policy ? { policy } : {}),
      ...(listener ? { listener } : {}),
      outcome,
      ...(symptom ? { symptom } : {}),
      reason,
    });
    if (policy && !policy.passes) {
      const [side, by] = policy.egress.allowed === false ? ['egress of the client', policy.egress] : ['ingress of the destination', policy.ingress];
      const note = policy.notes?.[0] ? `; ${policy.notes[0]}` : '';
      return result('unreachable', `${at}: NetworkPolicy denies it (${side}, isolated by ${by.policies.join(', ')}); the packet is dropped${note}`, 'timeout');
    }
    if (listener?.servesOn !== undefined) {
      return result('unreachable', `${at}: nothing listens there (the pod serves on ${listener.servesOn})`, 'connection refused');
    }
    if (d.nodeAddress) return result('unknown', `${at} is an address of node ${d.nodeAddress}: allowed by the client's policies; what listens on the node is not simulated`);
    if (!d.pod) return result('unknown', `${at} is outside the cluster: allowed by the client's policies, the rest is not simulated`);
    const assumed = listener?.status === 'not-declared' ? ' (assuming a process listens on the undeclared port)' : '';
    return result('reachable', `${at}: allowed and ${listener?.status === 'declared' ? 'declared' : 'not declared'}${assumed}`);
  });
}

/** The overall verdict (without fixes and commands) and its step row. */
export function decide(facts: VerdictFacts, endpoints: EndpointTrace[]): { verdict: Omit<VerdictInfo, 'fixes' | 'confirm'>; step: Step } {
  const total = endpoints.length;
  const reachable = endpoints.filter((e) => e.outcome === 'reachable').length;
  const counts = { total, reachable };
  const none = (symptom: Symptom | undefined, reason: string) => finish({ reachable: 'none', endpoints: counts, ...(symptom ? { symptom } : {}), reason });
  if (facts.blocked) {
    const after = total > 0 ? ` (were DNS allowed: ${reachable} of ${total} endpoint(s) reachable)` : '';
    return none(facts.blocked, `the lookup never gets an answer: the client cannot reach the cluster DNS${after}`);
  }
  const { answer, route } = facts;
  if (answer.kind === 'nxdomain' || answer.kind === 'nodata' || answer.kind === 'dns-error') {
    const symptom: Symptom = answer.kind === 'nxdomain' ? 'NXDOMAIN' : answer.kind === 'nodata' ? 'NODATA' : 'DNS failure';
    return none(symptom, `the name does not resolve: ${answer.why}`);
  }
  if (route.kind === 'reject' || route.kind === 'drop') return none(route.symptom, route.explanation);
  if (total === 0) return finish({ reachable: 'unknown', endpoints: counts, reason: route.explanation || answer.why });
  const failing = endpoints.filter((e) => e.outcome === 'unreachable');
  const symptoms = [...new Set(failing.flatMap((e) => (e.symptom ? [e.symptom] : [])))];
  const symptom = symptoms[0];
  if (failing.length === total) {
    // The headless port mismatch is explained best by the route step: nothing translates the port.
    const headless = route.reason === 'headless' && failing.every((e) => e.listener?.servesOn !== undefined);
    const why = headless ? route.explanation : `unreachable on all ${total} endpoint(s): ${failing[0]?.reason ?? ''}`;
    return none(symptom, `${why}${symptoms.length > 1 ? ` (others: ${symptoms.slice(1).join(', ')})` : ''}`);
  }
  if (failing.length > 0) {
    const pick = route.kind === 'translated' ? 'kube-proxy picks an endpoint at random per connection' : 'the client uses whichever address it tries first';
    return finish({ reachable: 'some', endpoints: counts, ...(symptom ? { symptom } : {}), reason: `reachable on ${total - failing.length} of ${total} endpoints; ${pick}, so connections fail intermittently: ${failing[0]?.reason ?? ''}` });
  }
  if (reachable === 0) return finish({ reachable: 'unknown', endpoints: counts, reason: endpoints[0]?.reason ?? '' });
  if (facts.outsideClient) {
    const range = route.kind === 'translated' ? 'the service CIDR to a node' : 'the pod CIDR into the cluster';
    return finish({ reachable: 'unknown', endpoints: counts, reason: `${route.explanation}; but only if the outside client's network routes ${range}: such addresses are usually reachable from inside the cluster only` });
  }
  const ports = [...new Set(endpoints.map((e) => `${e.port}/${e.protocol}`))].join(', ');
  const listening = endpoints.every((e) => e.listener?.status === 'declared')
    ? `a container declares ${ports} on every endpoint`
    : `${ports} is not declared on every endpoint; kreach assumes a process listens there`;
  return finish({ reachable: 'all', endpoints: counts, reason: `${route.explanation}; NetworkPolicy allows it; ${listening}` });
}

function finish(verdict: Omit<VerdictInfo, 'fixes' | 'confirm'>): { verdict: Omit<VerdictInfo, 'fixes' | 'confirm'>; step: Step } {
  const { total, reachable } = verdict.endpoints;
  const head =
    verdict.reachable === 'all'
      ? `reachable on all ${total} endpoint(s)`
      : verdict.reachable === 'some'
        ? `reachable on ${reachable} of ${total} endpoints (intermittent ${verdict.symptom ?? 'failures'})`
        : verdict.reachable === 'none'
          ? `unreachable${total > 0 ? ` on all ${total} endpoint(s)` : ''}: ${verdict.symptom ?? 'fails'}`
          : 'not simulated to the end: kreach cannot tell';
  const stepVerdict = verdict.reachable === 'all' ? 'ok' : verdict.reachable === 'unknown' ? 'warn' : 'fail';
  return { verdict, step: { id: 'verdict', verdict: stepVerdict, summary: head, evidence: [verdict.reason] } };
}

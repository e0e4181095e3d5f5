/**
 * Why a Service offers no endpoint, read from the Service, its selector and its EndpointSlices the
 * way a person would check by hand (services.md §7): no selector and no hand-made slices; a
 * selector that matches no pod (naming the keys that fail, and pods of other namespaces that would
 * match, since a Service only selects pods in its own namespace, §7.5); matching pods that are not
 * Ready (§7.2); or a named targetPort the pods do not declare (§7.4). Also finds Services by name
 * across namespaces, for "wrong namespace" answers.
 */
import type { Cluster } from '../cluster/cluster.js';
import { findPort } from '../cluster/find-port.js';
import { isTerminal, keyOf, type Service, type ServicePort } from '../model/index.js';
import { matchesMap } from '../model/labels.js';
import type { EndpointCause } from './context.js';

export interface EndpointDiagnosis {
  /** Endpoints usable by DNS and kube-proxy: ready, or all when publishNotReadyAddresses. */
  ready: number;
  /** Every endpoint listed in the Service's slices. */
  listed: number;
  cause?: EndpointCause;
  detail?: string;
}

/** Count the Service's endpoints and, when none is usable, say why (optionally for one port). */
export function diagnoseEndpoints(cluster: Cluster, svc: Service, port?: ServicePort): EndpointDiagnosis {
  const slices = cluster.endpointSlicesFor(svc.meta.namespace, svc.meta.name);
  const endpoints = slices.flatMap((s) => s.endpoints);
  const ready = endpoints.filter((e) => e.ready).length;
  const result: EndpointDiagnosis = { ready, listed: endpoints.length };
  if (ready > 0) return result;
  const key = keyOf(svc.meta);
  if (svc.selector === null) {
    // services.md §4.6: the controller leaves selector-less Services to hand-made slices.
    const detail = `Service ${key} has no selector, so its EndpointSlices are written by hand; ${slices.length === 0 ? 'there are none' : `its ${slices.length} slice(s) list no ready endpoint`}`;
    return { ...result, cause: 'no-selector', detail };
  }
  const selector = svc.selector;
  const text = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',') || '{}';
  const pods = cluster.store.podsMatching(svc.meta.namespace, selector).filter((p) => !isTerminal(p));
  if (pods.length === 0) {
    const elsewhere = cluster.pods().filter((p) => p.meta.namespace !== svc.meta.namespace && !isTerminal(p) && matchesMap(selector, p.meta.labels));
    if (elsewhere.length > 0) {
      const namespaces = [...new Set(elsewhere.map((p) => p.meta.namespace))];
      const detail = `selector ${text} matches no pod in namespace ${svc.meta.namespace}; pods in ${namespaces.join(', ')} match, but a Service only selects pods of its own namespace`;
      return { ...result, cause: 'other-namespace', detail };
    }
    return { ...result, cause: 'selects-nothing', detail: `selector ${text} of Service ${key} matches no pod in namespace ${svc.meta.namespace}${missingKeys(cluster, svc)}` };
  }
  const readyPods = svc.publishNotReadyAddresses ? pods : pods.filter((p) => p.ready && p.phase === 'Running');
  if (readyPods.length === 0) {
    // services.md §7.2: DNS and kube-proxy only use ready endpoints (unless publishNotReadyAddresses).
    return { ...result, cause: 'not-ready', detail: `${pods.length} pod(s) match selector ${text} but none is Ready (publishNotReadyAddresses is false)` };
  }
  const ports = port ? [port] : svc.ports;
  const named = ports.filter((p) => typeof p.targetPort === 'string');
  if (named.length > 0 && readyPods.every((p) => named.every((sp) => findPort(p, sp.targetPort, sp.protocol) === undefined))) {
    const names = named.map((p) => `${p.targetPort}/${p.protocol}`).join(', ');
    return { ...result, cause: 'named-port', detail: `the pods selected by ${text} declare no container port named ${names}, so the controller gives them no endpoint port (services.md §7.4)` };
  }
  return { ...result, cause: 'unknown', detail: `${readyPods.length} ready pod(s) match selector ${text}, but the Service's slices list no ready endpoint` };
}

/** `; no pod has component=vector-db (2 have app=chroma; every pair must match)`: the pairs no pod of the namespace carries. */
function missingKeys(cluster: Cluster, svc: Service): string {
  const pods = cluster.pods(svc.meta.namespace);
  const carrying = (k: string, v: string) => pods.filter((p) => p.meta.labels[k] === v).length;
  const pairs = Object.entries(svc.selector ?? {}).map(([k, v]) => ({ text: `${k}=${v}`, count: carrying(k, v) }));
  const missing = pairs.filter((p) => p.count === 0).map((p) => p.text);
  const present = pairs.filter((p) => p.count > 0).map((p) => `${p.count} have ${p.text}`);
  if (missing.length === 0) return '; no single pod carries every pair';
  if (present.length === 0) return `; no pod there has ${missing.join(' or ')}`;
  return `; no pod has ${missing.join(' and ')} (${present.join(', ')}; every pair must match)`;
}

/** Namespaces other than `namespace` holding a Service named `name`. */
export function namespacesWithService(cluster: Cluster, name: string, namespace: string): string[] {
  return cluster
    .services()
    .filter((s) => s.meta.name === name.toLowerCase() && s.meta.namespace !== namespace)
    .map((s) => s.meta.namespace);
}

/** Services of `namespace` whose names are close to `name` (one contains the other, or one edit apart). */
export function similarServices(cluster: Cluster, name: string, namespace: string): string[] {
  const lower = name.toLowerCase();
  return cluster
    .services(namespace)
    .map((s) => s.meta.name)
    .filter((n) => n !== lower && (n.includes(lower) || lower.includes(n) || editDistance(n, lower) <= 2))
    .slice(0, 3);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

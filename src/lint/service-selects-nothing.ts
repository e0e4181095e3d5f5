/**
 * service-selects-nothing: a Service whose selector matches no pod, so it has no endpoints
 * (services.md §7.5: connections refused, headless names do not resolve). It avoids the false
 * positives other linters are known for (lint.md §4):
 *
 * - selector-less Services are fine when the input holds EndpointSlices or Endpoints for them
 *   (kube-linter #746); without any, they get an info, since a controller elsewhere may make them;
 * - controller-set labels (`statefulset.kubernetes.io/pod-name`, `apps.kubernetes.io/pod-index`)
 *   match because the cluster's pods are the ones controllers would create; hash labels, whose
 *   values cannot be predicted, give an info instead;
 * - a workload scaled to zero, custom resources whose operator would create the pods, or a
 *   namespace where the input runs no pod at all (a folder of Services only) give an info instead.
 */
import type { Cluster } from '../cluster/cluster.js';
import { isTerminal, keyOf, type Service } from '../model/index.js';
import { matchesMap } from '../model/labels.js';
import { SELECTS_NOTHING } from './messages.js';
import { closestGroup, customResources, idleWorkloads, inputCovers, isSimulatedInfrastructure } from './pod-groups.js';
import type { LintRule, RuleFinding } from './types.js';

/** Labels whose values controllers compute from a hash of the template. */
const HASH_LABELS = ['pod-template-hash', 'controller-revision-hash'];

export const serviceSelectsNothing: LintRule = {
  id: 'service-selects-nothing',
  severity: 'warning',
  summary: 'a Service whose selector matches no pod (and no EndpointSlices given for a selector-less one): it has no endpoints',
  check({ cluster }) {
    const out: RuleFinding[] = [];
    for (const svc of cluster.services()) {
      if (svc.type === 'ExternalName' || isSimulatedInfrastructure(svc.meta.source?.file)) continue;
      const finding = checkService(cluster, svc);
      if (finding) out.push({ subject: { kind: 'Service', meta: svc.meta }, ...finding });
    }
    return out;
  },
};

type ServiceFinding = Omit<RuleFinding, 'subject'>;

function checkService(cluster: Cluster, svc: Service): ServiceFinding | undefined {
  const name = keyOf(svc.meta);
  const ns = svc.meta.namespace;
  if (svc.selector === null) {
    const slices = cluster.endpointSlicesFor(ns, svc.meta.name).filter((s) => s.origin !== 'derived');
    if (slices.length > 0 || cluster.store.endpoints.get(ns, svc.meta.name)) return undefined;
    return { message: SELECTS_NOTHING.noEndpoints(name), fix: SELECTS_NOTHING.noEndpointsFix, severity: 'info' };
  }
  const selector = svc.selector;
  if (Object.keys(selector).length === 0) {
    return { path: ['spec', 'selector'], message: SELECTS_NOTHING.emptySelector(name), fix: SELECTS_NOTHING.emptyFix };
  }
  const pods = cluster.store.podsMatching(ns, selector).filter((p) => !isTerminal(p));
  if (pods.length > 0) return undefined;
  const path = ['spec', 'selector'];
  const text = Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const hashKey = Object.keys(selector).find((k) => HASH_LABELS.includes(k));
  if (hashKey) {
    return { path, message: SELECTS_NOTHING.unpredictable(name, hashKey), fix: SELECTS_NOTHING.unpredictableFix(hashKey), severity: 'info' };
  }
  const idle = idleWorkloads(cluster, ns, (labels) => matchesMap(selector, labels));
  if (idle.length > 0) {
    const workloads = idle.map((w) => `${w.kind} ${keyOf(w.meta)}`).join(', ');
    return { path, message: SELECTS_NOTHING.idle(name, workloads), fix: SELECTS_NOTHING.idleFix, severity: 'info' };
  }
  const resources = customResources(cluster, ns);
  if (resources.length > 0) {
    return { path, message: SELECTS_NOTHING.customResources(name, text, resources.join(', ')), fix: SELECTS_NOTHING.customFix, severity: 'info' };
  }
  if (!inputCovers(cluster, ns)) {
    return { path, message: SELECTS_NOTHING.notCovered(name, text, ns), fix: SELECTS_NOTHING.notCoveredFix, severity: 'info' };
  }
  return { path, message: SELECTS_NOTHING.none(name, text, ns, hints(cluster, svc, selector)), fix: SELECTS_NOTHING.fix };
}

/** Completed pods with these labels, pods with them in other namespaces, or the workload of this namespace closest to matching. */
function hints(cluster: Cluster, svc: Service, selector: Record<string, string>): string {
  if (cluster.store.podsMatching(svc.meta.namespace, selector).length > 0) return SELECTS_NOTHING.onlyTerminal;
  const elsewhere = new Set<string>();
  for (const pod of cluster.pods()) {
    if (pod.meta.namespace !== svc.meta.namespace && matchesMap(selector, pod.meta.labels)) elsewhere.add(pod.meta.namespace);
  }
  if (elsewhere.size > 0) return SELECTS_NOTHING.otherNamespaces([...elsewhere].sort());
  const closest = closestGroup(cluster, svc.meta.namespace, selector);
  return closest ? SELECTS_NOTHING.closest(closest.group, closest.differing) : '';
}

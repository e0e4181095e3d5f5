/**
 * headless-port-mismatch: a headless Service whose `port` differs from the port its pods receive.
 * kube-proxy programs nothing for `clusterIP: None` (services.md §5.1), so no one translates the
 * port: DNS returns pod IPs and the client's `svc:port` goes straight to `podIP:port`
 * (services.md §7.1; kubernetes/kubernetes#20488). The EndpointSlice — and so the SRV record —
 * carries the resolved container port instead. Named targetPorts are resolved per selected pod
 * with `findPort` first: a name that resolves to the Service port is correct and not reported.
 */
import type { Cluster } from '../cluster/cluster.js';
import { findPort } from '../cluster/find-port.js';
import { isHeadless, isTerminal, keyOf, type Service, type ServicePort } from '../model/index.js';
import { HEADLESS } from './messages.js';
import { groupPods, isSimulatedInfrastructure, podsOf } from './pod-groups.js';
import type { LintRule, RuleFinding } from './types.js';

/** Where the port goes instead of `port`: a description per origin, with the number. */
interface Mismatch {
  where: string;
  port: number;
}

export const headlessPortMismatch: LintRule = {
  id: 'headless-port-mismatch',
  severity: 'error',
  summary: 'a headless Service port differs from the port its pods receive; nothing translates it, so clients get connection refused',
  check({ cluster }) {
    const out: RuleFinding[] = [];
    for (const svc of cluster.services()) {
      // NodePort/LoadBalancer with clusterIP None is rejected by the API server (reported on load).
      if (!isHeadless(svc) || svc.type !== 'ClusterIP' || isSimulatedInfrastructure(svc.meta.source?.file)) continue;
      svc.ports.forEach((port, i) => {
        const mismatches = svc.selector ? fromPods(cluster, svc, port) : fromSlices(cluster, svc, port);
        if (mismatches.length === 0) return;
        const where = mismatches.map((m) => m.where).join('; it ');
        const resolved = [...new Set(mismatches.map((m) => m.port))].join(' or ');
        out.push({
          subject: { kind: 'Service', meta: svc.meta },
          path: ['spec', 'ports', i, typeof port.targetPort === 'string' || port.targetPort !== port.port ? 'targetPort' : 'port'],
          message: HEADLESS.message(svc.meta.name, svc.meta.namespace, port.port, port.name, port.protocol, where, resolved),
          fix: HEADLESS.fix(port.port, resolved),
        });
      });
    }
    return out;
  },
};

/**
 * A selecting Service: resolve the targetPort on each selected pod, grouped by workload. With no
 * pod selected a numeric targetPort still differs for whatever pods come later; a named one cannot
 * be judged.
 */
function fromPods(cluster: Cluster, svc: Service, port: ServicePort): Mismatch[] {
  const pods = cluster.store.podsMatching(svc.meta.namespace, svc.selector ?? {}).filter((p) => !isTerminal(p));
  if (pods.length === 0) {
    return typeof port.targetPort === 'number' && port.targetPort !== port.port
      ? [{ where: HEADLESS.numericNoPods(port.targetPort), port: port.targetPort }]
      : [];
  }
  const byPort = new Map<number, string[]>();
  for (const group of groupPods(cluster, pods)) {
    for (const number of new Set(group.pods.map((pod) => findPort(pod, port.targetPort, port.protocol)))) {
      // Unresolved names are target-port-not-declared's finding.
      if (number !== undefined && number !== port.port) byPort.set(number, [...(byPort.get(number) ?? []), podsOf(group)]);
    }
  }
  const tp = port.targetPort;
  return [...byPort].map(([number, groups]) => ({
    where: typeof tp === 'string' ? HEADLESS.named(tp, number, groups.join(', ')) : HEADLESS.numeric(tp, groups.join(', ')),
    port: number,
  }));
}

/** A selector-less Service: the ports of its hand-written (or mirrored) EndpointSlices decide. */
function fromSlices(cluster: Cluster, svc: Service, port: ServicePort): Mismatch[] {
  const out: Mismatch[] = [];
  for (const slice of cluster.endpointSlicesFor(svc.meta.namespace, svc.meta.name)) {
    if (slice.endpoints.length === 0) continue;
    for (const p of slice.ports) {
      if (p.name !== port.name || p.protocol !== port.protocol || p.port === port.port) continue;
      out.push({ where: HEADLESS.slice(p.port, keyOf(slice.meta)), port: p.port });
    }
  }
  return out;
}

/**
 * target-port-not-declared: a Service targetPort that the selected pods do not declare.
 *
 * - A named targetPort is resolved per pod by (name, protocol) in app containers, then native
 *   sidecars (services.md §4.4). Where it does not resolve, the controller leaves that Service port
 *   out of the pod's endpoint: an error, as traffic to the port never reaches those pods.
 * - A numeric targetPort is used as is; declaring container ports is informational, so a number no
 *   container declares is a warning (the process may still listen on it).
 * - A port declared only for another protocol is named as such: a UDP Service port cannot resolve a
 *   TCP container port name, and a numeric one reaches a process listening on the wrong protocol.
 *
 * Every selected workload is checked, not just the first (Popeye's POP-1106 looks at one pod).
 */
import type { Cluster } from '../cluster/cluster.js';
import { findPort } from '../cluster/find-port.js';
import { isTerminal, keyOf, type Pod, type Protocol, type Service, type ServicePort } from '../model/index.js';
import { TARGET_PORT } from './messages.js';
import { describeGroup, groupPods, isSimulatedInfrastructure, servingContainers, type PodGroup } from './pod-groups.js';
import type { LintRule, RuleFinding } from './types.js';

export const targetPortNotDeclared: LintRule = {
  id: 'target-port-not-declared',
  severity: 'error',
  summary: 'a Service targetPort that no container of the selected pods declares (named: the port gets no endpoints)',
  check({ cluster }) {
    const out: RuleFinding[] = [];
    for (const svc of cluster.services()) {
      if (svc.type === 'ExternalName' || !svc.selector || Object.keys(svc.selector).length === 0) continue;
      if (isSimulatedInfrastructure(svc.meta.source?.file)) continue;
      const groups = selectedGroups(cluster, svc);
      if (groups.length === 0) continue;
      svc.ports.forEach((port, i) => {
        const finding = checkPort(svc, port, groups);
        if (finding) out.push({ ...finding, subject: { kind: 'Service', meta: svc.meta }, path: ['spec', 'ports', i, 'targetPort'] });
      });
    }
    return out;
  },
};

function selectedGroups(cluster: Cluster, svc: Service): PodGroup[] {
  const pods = cluster.store.podsMatching(svc.meta.namespace, svc.selector ?? {}).filter((p) => !isTerminal(p));
  return groupPods(cluster, pods);
}

type PortFinding = Omit<RuleFinding, 'subject' | 'path'>;

function checkPort(svc: Service, port: ServicePort, groups: PodGroup[]): PortFinding | undefined {
  const name = keyOf(svc.meta);
  const tp = port.targetPort;
  const missing = groups.filter((g) => !declares(g.template, tp, port.protocol));
  if (missing.length === 0) return undefined;
  const wrongProtocol = missing.filter((g) => protocolsOf(g.template, tp).length > 0);
  const described = missing.map((g) => describeMissing(g, tp)).join(', ');
  if (typeof tp === 'string') {
    const served = groups.filter((g) => !missing.includes(g)).map(describeGroup);
    const effect = served.length ? TARGET_PORT.servedByOthers(served.join(', ')) : TARGET_PORT.servedByNone;
    return {
      message: TARGET_PORT.namedMissing(name, port.port, port.name, tp, port.protocol, described, effect),
      fix: wrongProtocol.length === missing.length ? TARGET_PORT.protocolFix(port.protocol) : TARGET_PORT.namedFix(tp, port.protocol),
      severity: 'error',
    };
  }
  if (wrongProtocol.length === missing.length) {
    return {
      message: TARGET_PORT.protocolMismatch(name, port.port, port.name, tp, port.protocol, described),
      fix: TARGET_PORT.protocolFix(port.protocol),
      severity: 'warning',
    };
  }
  return {
    message: TARGET_PORT.numericMissing(name, port.port, port.name, tp, port.protocol, described),
    fix: TARGET_PORT.numericFix(tp, port.protocol),
    severity: 'warning',
  };
}

/** Named: resolvable as the controller resolves it. Numeric: some serving container declares it. */
function declares(pod: Pod, tp: number | string, protocol: Protocol): boolean {
  if (typeof tp === 'string') return findPort(pod, tp, protocol) !== undefined;
  return servingContainers(pod).some((c) => c.ports.some((p) => p.containerPort === tp && p.protocol === protocol));
}

/** Protocols under which serving containers declare the port (by name or number). */
function protocolsOf(pod: Pod, tp: number | string): Protocol[] {
  const matches = servingContainers(pod).flatMap((c) => c.ports.filter((p) => (typeof tp === 'string' ? p.name === tp : p.containerPort === tp)));
  return [...new Set(matches.map((p) => p.protocol))];
}

/** `Deployment shop/web (declares: http 8080/TCP; declared for UDP only)`. */
function describeMissing(group: PodGroup, tp: number | string): string {
  const pod = group.template;
  const ports = servingContainers(pod).flatMap((c) => c.ports.map((p) => `${p.name ? `${p.name} ` : ''}${p.containerPort}/${p.protocol}`));
  let note = '';
  const protocols = protocolsOf(pod, tp);
  if (protocols.length > 0) note = TARGET_PORT.otherProtocol(protocols);
  else if (typeof tp === 'string') {
    const init = pod.initContainers.find((c) => c.restartPolicy !== 'Always' && c.ports.some((p) => p.name === tp));
    if (init) note = TARGET_PORT.plainInit(init.name);
  }
  return TARGET_PORT.declared(describeGroup(group), ports, note);
}

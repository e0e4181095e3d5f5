/**
 * probe-port-not-declared: a liveness, readiness or startup probe (httpGet, tcpSocket) that names a
 * port its own container does not declare. The kubelet resolves a probe's port name against that
 * container's `ports` only, by name (kubelet prober `findPortByName`), so the probe can never
 * succeed. A numeric probe port that is not declared works (declaring ports is informational) and
 * is not reported: real manifests do it all the time (lint.md §3 item 9).
 */
import { PROBE } from './messages.js';
import { containerPath, describeGroup, podOrigins, servingContainers } from './pod-groups.js';
import type { LintRule, RuleFinding } from './types.js';

export const probePortNotDeclared: LintRule = {
  id: 'probe-port-not-declared',
  severity: 'error',
  summary: 'a probe names a port its container does not declare: the kubelet cannot resolve it and the probe always fails',
  check({ cluster }) {
    const out: RuleFinding[] = [];
    for (const group of podOrigins(cluster)) {
      const pod = group.template;
      for (const container of [...pod.containers, ...pod.initContainers]) {
        for (const probe of container.probes) {
          if (typeof probe.port !== 'string') continue;
          const name = probe.port;
          if (container.ports.some((p) => p.name === name)) continue;
          const other = servingContainers(pod).find((c) => c !== container && c.ports.some((p) => p.name === name));
          const declared = container.ports.map((p) => (p.name ? `${p.name} ${p.containerPort}` : `${p.containerPort}`));
          out.push({
            subject: group.subject,
            path: [...containerPath(group, container), `${probe.probe}Probe`],
            message: PROBE.message(describeGroup(group), container.name, probe.probe, name, declared, other ? PROBE.elsewhere(other.name) : ''),
            fix: PROBE.fix(name),
          });
        }
      }
    }
    return out;
  },
};

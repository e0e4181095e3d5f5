/**
 * ingress-backend: an Ingress backend naming a Service or Service port that does not exist. The
 * backend's port is the Service's `port` (by number or by port name), never a container port or
 * targetPort; a wrong one leaves the controller without endpoints and it answers 503. A Service
 * missing from the input is a warning (it may be created elsewhere); a missing port on a Service
 * that is there is an error.
 */
import { keyOf } from '../model/index.js';
import { INGRESS } from './messages.js';
import { isSimulatedInfrastructure } from './pod-groups.js';
import type { FieldPath, LintRule, RuleFinding } from './types.js';

export const ingressBackend: LintRule = {
  id: 'ingress-backend',
  severity: 'error',
  summary: 'an Ingress backend names a Service or Service port that does not exist',
  check({ cluster }) {
    const out: RuleFinding[] = [];
    for (const ingress of cluster.store.ingresses.list()) {
      if (isSimulatedInfrastructure(ingress.meta.source?.file)) continue;
      const ns = ingress.meta.namespace;
      const name = keyOf(ingress.meta);
      for (const backend of ingress.backends) {
        const subject = { kind: 'Ingress', meta: ingress.meta };
        const path = parsePath(backend.path);
        const svc = cluster.service(ns, backend.serviceName);
        const svcName = `${ns}/${backend.serviceName}`;
        if (!svc) {
          out.push({ subject, path, message: INGRESS.noService(name, svcName, ns), fix: INGRESS.noServiceFix(svcName), severity: 'warning' });
          continue;
        }
        const port = backend.port;
        if (svc.type === 'ExternalName' || svc.ports.some((p) => (typeof port === 'number' ? p.port === port : p.name === port))) continue;
        const ports = svc.ports.map((p) => (p.name ? `${p.port} ("${p.name}")` : `${p.port}`));
        out.push({ subject, path, message: INGRESS.noPort(name, svcName, port, ports), fix: INGRESS.noPortFix });
      }
    }
    return out;
  },
};

/** `spec.rules[0].http.paths[1].backend` → `['spec', 'rules', 0, 'http', 'paths', 1, 'backend']`. */
export function parsePath(text: string): FieldPath {
  const out: FieldPath = [];
  for (const match of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) out.push(Number(match[2]));
    else if (match[1] !== undefined) out.push(match[1]);
  }
  return out;
}

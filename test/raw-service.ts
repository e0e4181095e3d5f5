/**
 * Raw `kind: Service` documents for converter tests: a default manifest plus a small tweak, as
 * kubernetes' `makeTestService` does (pkg/proxy/nftables/proxier_test.go). Fields are loosely typed
 * on purpose: tests put wrong types in them to check what the converter reports.
 */
import type { Finding, Service } from '../src/model/index.js';
import { literalContext } from '../src/source/context.js';
import type { RawObject } from '../src/source/raw.js';
import { serviceFromObject } from '../src/source/service.js';

export interface RawServicePort {
  [field: string]: unknown;
}

export interface RawService {
  apiVersion: string;
  kind: string;
  metadata: { [field: string]: unknown; annotations?: Record<string, unknown> };
  spec: { [field: string]: unknown; ports?: unknown[] };
  status?: unknown;
}

/** `default/web`: ClusterIP, selector `app: web`, one port `http` 80 → 8080. */
export function makeRawService(tweak: (svc: RawService) => void = () => {}): RawObject {
  const svc: RawService = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  };
  tweak(svc);
  return svc as unknown as RawObject;
}

/** The port at `index` of a raw Service, to tweak in place. */
export function rawPort(svc: RawService, index = 0): RawServicePort {
  const port = svc.spec.ports?.[index];
  if (typeof port !== 'object' || port === null) throw new Error(`fixture has no port ${index}`);
  return port as RawServicePort;
}

/** Convert with a literal context; returns the Service and everything reported. */
export function convertService(raw: RawObject): { svc: Service; findings: Finding[] } {
  const findings: Finding[] = [];
  const svc = serviceFromObject(raw, literalContext(findings));
  return { svc, findings };
}

/**
 * Raw Ingress → lean Ingress: only which Service ports it sends traffic to, each backend with its
 * field path so messages can point at it. Both shapes are read: networking.k8s.io/v1
 * (`backend.service.{name, port.{number|name}}`, `spec.defaultBackend`) and the older
 * extensions/v1beta1 and networking.k8s.io/v1beta1 (`backend.{serviceName, servicePort}`,
 * `spec.backend`). Resource backends (`backend.resource`) do not name a Service and are not kept.
 */
import type { Ingress, IngressBackend } from '../model/index.js';
import { formatFieldPath } from './context.js';
import type { ConvertContext, FieldPath } from './context.js';
import { CODE, MSG } from './messages.js';
import { metaFromObject } from './object-meta.js';
import { arrayAt, intOrStringAt, numberAt, objectAt, stringAt } from './raw.js';
import type { RawObject } from './raw.js';

/** Read when `spec.ingressClassName` is unset; deprecated but still honoured by most controllers. */
const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/** A `kind: Ingress` object. */
export function ingressFromObject(obj: RawObject, ctx: ConvertContext): Ingress {
  const meta = metaFromObject(obj, ctx, { code: CODE.ingressInvalid });
  const spec = objectAt(obj, 'spec');
  const out: Ingress = { meta, backends: [] };
  const className = stringAt(spec, 'ingressClassName') ?? meta.annotations[CLASS_ANNOTATION];
  if (className) out.ingressClassName = className;
  for (const key of ['defaultBackend', 'backend']) {
    const raw = objectAt(spec, key);
    if (raw) out.backends.push(...backend(raw, ['spec', key], ctx));
  }
  arrayAt(spec, 'rules').forEach((rule, i) => {
    arrayAt(objectAt(rule, 'http'), 'paths').forEach((entry, j) => {
      const path: FieldPath = ['spec', 'rules', i, 'http', 'paths', j, 'backend'];
      const raw = objectAt(entry, 'backend');
      if (raw) out.backends.push(...backend(raw, path, ctx));
      else invalid(ctx, MSG.ingressNoBackend(), path);
    });
  });
  return out;
}

function backend(raw: RawObject, path: FieldPath, ctx: ConvertContext): IngressBackend[] {
  const service = objectAt(raw, 'service');
  if (service) {
    // networking.k8s.io/v1 IngressServiceBackend: port is a number or a Service port name.
    const serviceName = stringAt(service, 'name');
    const port = objectAt(service, 'port');
    const number = numberAt(port, 'number');
    const value = number !== undefined && number !== 0 ? number : stringAt(port, 'name');
    return checked(serviceName, value, [...path, 'service'], ctx);
  }
  if ('serviceName' in raw || 'servicePort' in raw) {
    return checked(stringAt(raw, 'serviceName'), intOrStringAt(raw, 'servicePort'), path, ctx);
  }
  if (objectAt(raw, 'resource')) return [];
  invalid(ctx, MSG.ingressNoService(), path);
  return [];
}

function checked(
  serviceName: string | undefined,
  port: number | string | undefined,
  path: FieldPath,
  ctx: ConvertContext,
): IngressBackend[] {
  if (!serviceName) {
    invalid(ctx, MSG.ingressNoService(), path);
    return [];
  }
  if (port === undefined || port === '') {
    invalid(ctx, MSG.ingressNoPort(serviceName), path);
    return [];
  }
  return [{ serviceName, port, path: formatFieldPath(path) }];
}

function invalid(ctx: ConvertContext, message: string, fieldPath: FieldPath): void {
  ctx.report({ code: CODE.ingressInvalid, severity: 'error', message, fieldPath });
}

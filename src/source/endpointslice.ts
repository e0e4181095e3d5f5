/**
 * Raw EndpointSlice (discovery.k8s.io/v1, and the older v1beta1) → lean EndpointSlice. Slices in
 * the input are `observed`: they are what a dump or a hand-written manifest says, used as they are.
 * Nil conditions are resolved here once, the way kube-proxy reads them, and addresses are
 * normalised so IPv6 text compares equal however it was written.
 */
import { normalizeIp } from '../cluster/ip.js';
import { SERVICE_NAME_LABEL } from '../model/index.js';
import type { AddressType, Endpoint, EndpointPort, EndpointSlice, Protocol } from '../model/index.js';
import type { ConvertContext, FieldPath } from './context.js';
import { CODE, MSG } from './messages.js';
import { metaFromObject } from './object-meta.js';
import { arrayAt, booleanAt, isObject, numberAt, objectAt, stringAt, stringMapAt } from './raw.js';
import type { RawObject } from './raw.js';

const ADDRESS_TYPES: readonly AddressType[] = ['IPv4', 'IPv6', 'FQDN'];
const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
/** v1beta1 kept zone and node in a topology map under these keys. */
const BETA_ZONE_KEY = 'topology.kubernetes.io/zone';
const BETA_HOSTNAME_KEY = 'kubernetes.io/hostname';

/** A `kind: EndpointSlice` object. */
export function endpointSliceFromObject(obj: RawObject, ctx: ConvertContext): EndpointSlice {
  const meta = metaFromObject(obj, ctx, { code: CODE.endpointSliceInvalid });
  const serviceName = meta.labels[SERVICE_NAME_LABEL] ?? '';
  if (!serviceName) invalid(ctx, 'warning', MSG.sliceWithoutService(SERVICE_NAME_LABEL), ['metadata', 'labels']);
  const addressType = readAddressType(obj, ctx);
  return {
    meta,
    serviceName,
    addressType,
    ports: slicePorts(arrayAt(obj, 'ports'), ctx, ['ports'], CODE.endpointSliceInvalid),
    endpoints: arrayAt(obj, 'endpoints').map((raw, i) => endpoint(raw, addressType, ctx, ['endpoints', i])),
    origin: 'observed',
  };
}

function readAddressType(obj: RawObject, ctx: ConvertContext): AddressType {
  const given = stringAt(obj, 'addressType');
  const known = ADDRESS_TYPES.find((t) => t === given);
  if (known) return known;
  // Required and immutable in the API; guess from the first address so the slice is still usable.
  const first = arrayAt(arrayAt(obj, 'endpoints')[0], 'addresses')[0];
  const guess: AddressType = typeof first === 'string' && first.includes(':') ? 'IPv6' : 'IPv4';
  invalid(ctx, 'error', MSG.sliceAddressType(given ?? '', guess), ['addressType']);
  return guess;
}

/**
 * EndpointSlice and legacy Endpoints ports (`items` found at `path`): name `''` when unset,
 * protocol TCP by default. Findings carry `code`.
 */
export function slicePorts(items: unknown[], ctx: ConvertContext, path: FieldPath, code: string): EndpointPort[] {
  const out: EndpointPort[] = [];
  const invalid = (severity: 'error' | 'warning', message: string, fieldPath: FieldPath) =>
    ctx.report({ code, severity, message, fieldPath });
  items.forEach((raw, i) => {
    const port = numberAt(raw, 'port');
    // A port without a number means "all ports" to the API; kube-proxy ignores such ports
    // (pkg/proxy/endpointslicecache.go "ignoring invalid endpoint port"), and so does kreach.
    if (port === undefined) {
      invalid('warning', MSG.portWithoutNumber(), [...path, i, 'port']);
      return;
    }
    const given = (isObject(raw) ? raw.protocol : undefined) ?? 'TCP';
    const protocol = PROTOCOLS.find((p) => p === given);
    if (!protocol) {
      invalid('error', MSG.invalidProtocol(String(given)), [...path, i, 'protocol']);
      return;
    }
    const entry: EndpointPort = { name: stringAt(raw, 'name') ?? '', port, protocol };
    const appProtocol = stringAt(raw, 'appProtocol');
    if (appProtocol) entry.appProtocol = appProtocol;
    out.push(entry);
  });
  return out;
}

function endpoint(raw: unknown, addressType: AddressType, ctx: ConvertContext, path: FieldPath): Endpoint {
  const conditions = objectAt(raw, 'conditions');
  const ready = booleanAt(conditions, 'ready');
  const out: Endpoint = {
    addresses: arrayAt(raw, 'addresses').flatMap((a, i) => sliceAddress(a, addressType, ctx, [...path, 'addresses', i])),
    // kube-proxy: ready nil → true, serving nil → true, terminating nil → false
    // (pkg/proxy/endpointslicecache.go addEndpoints; EndpointConditions field docs).
    ready: ready ?? true,
    serving: booleanAt(conditions, 'serving') ?? true,
    terminating: booleanAt(conditions, 'terminating') ?? false,
  };
  const topology = stringMapAt(raw, 'topology') ?? {};
  const hostname = stringAt(raw, 'hostname');
  if (hostname) out.hostname = hostname;
  const nodeName = stringAt(raw, 'nodeName') ?? topology[BETA_HOSTNAME_KEY];
  if (nodeName) out.nodeName = nodeName;
  const zone = stringAt(raw, 'zone') ?? topology[BETA_ZONE_KEY];
  if (zone) out.zone = zone;
  const targetRef = targetRefFrom(raw);
  if (targetRef) out.targetRef = targetRef;
  const hints = objectAt(raw, 'hints');
  if (hints) {
    const names = (key: string) => arrayAt(hints, key).flatMap((h) => stringAt(h, 'name') ?? []);
    out.hints = { forZones: names('forZones'), forNodes: names('forNodes') };
  }
  return out;
}

function sliceAddress(raw: unknown, addressType: AddressType, ctx: ConvertContext, path: FieldPath): string[] {
  if (typeof raw !== 'string') return [];
  if (addressType === 'FQDN') return [raw];
  const ip = normalizeIp(raw);
  if (ip && (addressType === 'IPv6') === ip.includes(':')) return [ip];
  invalid(ctx, 'error', MSG.sliceAddress(raw, addressType), path);
  return [];
}

function invalid(ctx: ConvertContext, severity: 'error' | 'warning', message: string, fieldPath: FieldPath): void {
  ctx.report({ code: CODE.endpointSliceInvalid, severity, message, fieldPath });
}

/** An endpoint's `targetRef` (the pod behind it), shared with legacy Endpoints addresses. */
export function targetRefFrom(raw: unknown): Endpoint['targetRef'] {
  const ref = objectAt(raw, 'targetRef');
  if (!ref) return undefined;
  const uid = stringAt(ref, 'uid');
  return {
    kind: stringAt(ref, 'kind') ?? '',
    namespace: stringAt(ref, 'namespace') ?? '',
    name: stringAt(ref, 'name') ?? '',
    ...(uid ? { uid } : {}),
  };
}

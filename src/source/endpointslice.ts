/**
 * Raw EndpointSlice (discovery.k8s.io/v1, and the older v1beta1) → lean EndpointSlice. Slices in
 * the input are `observed`: they are what a dump or a hand-written manifest says, used as they are.
 * Nil conditions are resolved here once, the way kube-proxy reads them, and addresses are
 * normalised so IPv6 text compares equal however it was written.
 */
import { isIPv4, isIPv6 } from 'node:net';
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
  const targetRef = objectAt(raw, 'targetRef');
  if (targetRef) {
    out.targetRef = {
      kind: stringAt(targetRef, 'kind') ?? '',
      namespace: stringAt(targetRef, 'namespace') ?? '',
      name: stringAt(targetRef, 'name') ?? '',
    };
    const uid = stringAt(targetRef, 'uid');
    if (uid) out.targetRef.uid = uid;
  }
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
  const ip = normalizeIP(raw);
  if (ip && (addressType === 'IPv6') === ip.includes(':')) return [ip];
  invalid(ctx, 'error', MSG.sliceAddress(raw, addressType), path);
  return [];
}

function invalid(ctx: ConvertContext, severity: 'error' | 'warning', message: string, fieldPath: FieldPath): void {
  ctx.report({ code: CODE.endpointSliceInvalid, severity, message, fieldPath });
}

/**
 * Canonical text of an IP address: IPv4 unchanged (leading zeros are invalid, as in Go since 1.17),
 * IPv6 in RFC 5952 form (lower case, no leading zeros, the longest run of zero groups as `::`).
 * Undefined when `text` is not an address. IPv4-mapped addresses keep their dotted tail.
 */
export function normalizeIP(text: string): string | undefined {
  const trimmed = text.trim();
  if (isIPv4(trimmed)) return trimmed;
  if (!isIPv6(trimmed) || trimmed.includes('%')) return undefined;
  const groups = ipv6Groups(trimmed);
  if (!groups) return undefined;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return `::ffff:${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first one on a tie.
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j > i ? j : i + 1;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLength).join(':')}`;
}

/** The eight 16-bit groups of a valid IPv6 text (`isIPv6` already checked the syntax). */
function ipv6Groups(text: string): number[] | undefined {
  const [head = '', tail] = text.split('::');
  const parse = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((g) => {
          if (!g.includes('.')) return [parseInt(g, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = g.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const left = parse(head);
  if (tail === undefined) return left.length === 8 ? left : undefined;
  const right = parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

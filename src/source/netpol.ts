/**
 * Raw NetworkPolicy (networking.k8s.io/v1; extensions/v1beta1 has the same shape) → lean
 * NetworkPolicy, with `policyTypes` defaulted as the API server does. Absent and empty lists are
 * read the way the API defines them (netpol.md §2.5): a rule's `from`/`to` and `ports`, absent or
 * `[]`, match everything, and become `undefined`. Parts the API server would reject (an empty peer,
 * ipBlock beside a selector, an unknown protocol) are reported as errors and left out; a rule left
 * with no valid peer or port is dropped, so an invalid part never widens what a policy allows.
 */
import type { LabelSelector, NetworkPolicy, PolicyPeer, PolicyPort, PolicyRule, Protocol } from '../model/index.js';
import type { ConvertContext, FieldPath } from './context.js';
import { selectorFromObject } from './label-selector.js';
import { CODE, MSG } from './messages.js';
import { metaFromObject } from './object-meta.js';
import { arrayAt, intOrStringAt, isObject, numberAt, objectAt, stringAt } from './raw.js';
import type { RawObject } from './raw.js';

type PolicyType = 'Ingress' | 'Egress';
const POLICY_TYPES: readonly PolicyType[] = ['Ingress', 'Egress'];
const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** A `kind: NetworkPolicy` object. */
export function networkPolicyFromObject(obj: RawObject, ctx: ConvertContext): NetworkPolicy {
  const spec = objectAt(obj, 'spec');
  const report = reporter(ctx);
  // An absent or null podSelector decodes to the zero LabelSelector, which selects every pod; the
  // API server accepts it (the upstream conformance manifests write `podSelector:` with no value).
  return {
    meta: metaFromObject(obj, ctx, { code: CODE.netpolInvalid }),
    podSelector: selector(objectAt(spec, 'podSelector'), ctx, ['spec', 'podSelector']),
    policyTypes: policyTypes(spec, report),
    ingress: rules(spec, 'ingress', 'from', ctx),
    egress: rules(spec, 'egress', 'to', ctx),
  };
}

/**
 * `spec.policyTypes`, or when unset (or empty): Ingress always, plus Egress when there are egress
 * rules (pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicySpec).
 */
function policyTypes(spec: RawObject | undefined, report: Report): PolicyType[] {
  const types = new Set<PolicyType>();
  arrayAt(spec, 'policyTypes').forEach((raw, i) => {
    const type = POLICY_TYPES.find((t) => t === raw);
    if (type) types.add(type);
    else report('error', MSG.netpolPolicyType(String(raw)), ['spec', 'policyTypes', i]);
  });
  if (types.size === 0) {
    types.add('Ingress');
    if (arrayAt(spec, 'egress').length > 0) types.add('Egress');
  }
  return POLICY_TYPES.filter((t) => types.has(t));
}

function rules(spec: RawObject | undefined, key: 'ingress' | 'egress', peerKey: 'from' | 'to', ctx: ConvertContext) {
  return arrayAt(spec, key).flatMap((raw, i) => rule(raw, peerKey, ctx, ['spec', key, i]));
}

/** One rule; `[]` when every peer or every port of it was invalid (it could match nothing). */
function rule(raw: unknown, peerKey: 'from' | 'to', ctx: ConvertContext, path: FieldPath): PolicyRule[] {
  const out: PolicyRule = {};
  const rawPeers = arrayAt(raw, peerKey);
  if (rawPeers.length > 0) {
    out.peers = rawPeers.flatMap((p, i) => peer(p, ctx, [...path, peerKey, i]));
    if (out.peers.length === 0) return [];
  }
  const rawPorts = arrayAt(raw, 'ports');
  if (rawPorts.length > 0) {
    out.ports = rawPorts.flatMap((p, i) => policyPort(p, reporter(ctx), [...path, 'ports', i]));
    if (out.ports.length === 0) return [];
  }
  return [out];
}

/** A peer: selectors (ANDed when both are set) or an ipBlock, never both, never neither. */
function peer(raw: unknown, ctx: ConvertContext, path: FieldPath): PolicyPeer[] {
  const report = reporter(ctx);
  const podSelector = objectAt(raw, 'podSelector');
  const namespaceSelector = objectAt(raw, 'namespaceSelector');
  const ipBlock = objectAt(raw, 'ipBlock');
  if (!podSelector && !namespaceSelector && !ipBlock) {
    report('error', MSG.netpolEmptyPeer(), path);
    return [];
  }
  if (ipBlock && (podSelector || namespaceSelector)) {
    report('error', MSG.netpolIpBlockAndSelector(), path);
    return [];
  }
  if (ipBlock) {
    const cidr = stringAt(ipBlock, 'cidr');
    if (!cidr) {
      report('error', MSG.netpolNoCidr(), [...path, 'ipBlock', 'cidr']);
      return [];
    }
    return [{ ipBlock: { cidr, except: strings(arrayAt(ipBlock, 'except'), report, [...path, 'ipBlock', 'except']) } }];
  }
  const out: PolicyPeer = {};
  if (podSelector) out.podSelector = selector(podSelector, ctx, [...path, 'podSelector']);
  if (namespaceSelector) out.namespaceSelector = selector(namespaceSelector, ctx, [...path, 'namespaceSelector']);
  return [out];
}

/** A port entry: protocol TCP by default; `endPort` needs a numeric `port` no greater than it. */
function policyPort(raw: unknown, report: Report, path: FieldPath): PolicyPort[] {
  const given = (isObject(raw) ? raw.protocol : undefined) ?? 'TCP';
  const protocol = PROTOCOLS.find((p) => p === given);
  if (!protocol) {
    report('error', MSG.invalidProtocol(String(given)), [...path, 'protocol']);
    return [];
  }
  const out: PolicyPort = { protocol };
  const port = intOrStringAt(raw, 'port');
  if (port !== undefined) out.port = port;
  const endPort = numberAt(raw, 'endPort');
  if (endPort !== undefined) {
    if (typeof port !== 'number' || endPort < port) {
      report('error', MSG.netpolEndPort(port, endPort), [...path, 'endPort']);
      return [];
    }
    out.endPort = endPort;
  }
  return [out];
}

/** A selector, validated by the shared converter (an invalid requirement matches nothing). */
function selector(raw: RawObject | undefined, ctx: ConvertContext, path: FieldPath): LabelSelector {
  return selectorFromObject(raw, { ctx, path, code: CODE.netpolInvalid });
}

/** Strings of a list; other scalars are reported and kept as their text. */
function strings(items: unknown[], report: Report, path: FieldPath): string[] {
  return items.flatMap((item, i) => {
    if (typeof item === 'string') return [item];
    if (item === null || item === undefined || typeof item === 'object') return [];
    report('error', MSG.notAString(item), [...path, i]);
    return [String(item)];
  });
}

type Report = (severity: 'error' | 'warning', message: string, fieldPath: FieldPath) => void;

function reporter(ctx: ConvertContext): Report {
  return (severity, message, fieldPath) => ctx.report({ code: CODE.netpolInvalid, severity, message, fieldPath });
}

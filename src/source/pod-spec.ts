/**
 * Raw `PodSpec` → the spec half of a lean `Pod`, shared by `kind: Pod` documents and the pod
 * templates of workloads. Defaults follow `SetDefaults_PodSpec` (`pkg/apis/core/v1/defaults.go`):
 * `dnsPolicy: ClusterFirst`, `hostNetwork: false`; container defaults live in `container.ts`.
 */
import type { Pod } from '../model/index.js';
import { dns1123LabelErrors } from '../model/validation.js';
import { containerFromObject } from './container.js';
import type { ConvertContext, FieldPath } from './context.js';
import { arrayAt, booleanAt, isObject, objectAt, stringAt, stringMapAt, stringsAt } from './raw.js';

/** The fields of `Pod` that come from its spec. */
export type PodSpecFields = Pick<
  Pod,
  'nodeName' | 'nodeSelector' | 'hostname' | 'subdomain' | 'hostNetwork' | 'dnsPolicy' | 'dnsConfig' | 'containers' | 'initContainers'
>;

export interface PodSpecOptions {
  ctx: ConvertContext;
  /** Path of the spec (`['spec']`, `['spec', 'template', 'spec']`). */
  path: FieldPath;
  /** Finding code (`pod-invalid`, `workload-invalid`). */
  code: string;
}

/** `validateDNSPolicy`: the four values the API accepts. */
const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];

export function podSpecFromObject(spec: unknown, options: PodSpecOptions): PodSpecFields {
  const { ctx, path, code } = options;
  const report = (message: string, fieldPath: FieldPath): void => ctx.report({ code, severity: 'error', message, fieldPath });
  const hostNetwork = booleanAt(spec, 'hostNetwork') ?? false;
  const containers = arrayAt(spec, 'containers').map((c, i) =>
    containerFromObject(c, { ctx, code, hostNetwork, init: false, path: [...path, 'containers', i] }),
  );
  if (containers.length === 0) report('at least one container is required', [...path, 'containers']);
  const initContainers = arrayAt(spec, 'initContainers').map((c, i) =>
    containerFromObject(c, { ctx, code, hostNetwork, init: true, path: [...path, 'initContainers', i] }),
  );

  const fields: PodSpecFields = { hostNetwork, dnsPolicy: dnsPolicyOf(spec, path, report), containers, initContainers };
  const nodeName = stringAt(spec, 'nodeName');
  if (nodeName) fields.nodeName = nodeName;
  const nodeSelector = stringMapAt(spec, 'nodeSelector');
  if (nodeSelector && Object.keys(nodeSelector).length > 0) fields.nodeSelector = nodeSelector;
  // ValidatePodSpec: hostname and subdomain must each be a DNS-1123 label (they form the pod's FQDN).
  for (const key of ['hostname', 'subdomain'] as const) {
    const value = stringAt(spec, key);
    if (!value) continue;
    const problem = dns1123LabelErrors(value).join('; ');
    if (problem) report(`${key} '${value}' is invalid: ${problem}`, [...path, key]);
    fields[key] = value;
  }
  const dnsConfig = dnsConfigOf(objectAt(spec, 'dnsConfig'), [...path, 'dnsConfig'], report);
  if (dnsConfig) fields.dnsConfig = dnsConfig;
  // validatePodDNSConfig: dnsPolicy None needs at least one nameserver from dnsConfig.
  if (fields.dnsPolicy === 'None' && !dnsConfig?.nameservers?.length) {
    report('dnsPolicy None requires dnsConfig.nameservers (at least one)', [...path, 'dnsConfig', 'nameservers']);
  }
  return fields;
}

function dnsPolicyOf(spec: unknown, path: FieldPath, report: (message: string, fieldPath: FieldPath) => void): string {
  const policy = stringAt(spec, 'dnsPolicy');
  if (policy === undefined || policy === '') return 'ClusterFirst';
  if (!DNS_POLICIES.includes(policy)) {
    report(`dnsPolicy '${policy}' is not supported (${DNS_POLICIES.join(', ')}); ClusterFirst assumed`, [...path, 'dnsPolicy']);
    return 'ClusterFirst';
  }
  return policy;
}

function dnsConfigOf(raw: unknown, path: FieldPath, report: (message: string, fieldPath: FieldPath) => void): Pod['dnsConfig'] {
  if (!isObject(raw)) return undefined;
  const config: NonNullable<Pod['dnsConfig']> = {};
  if (Array.isArray(raw['nameservers'])) config.nameservers = stringsAt(raw, 'nameservers');
  if (Array.isArray(raw['searches'])) config.searches = stringsAt(raw, 'searches');
  if (Array.isArray(raw['options'])) {
    config.options = arrayAt(raw, 'options').flatMap((option, i) => {
      const name = stringAt(option, 'name');
      if (!name) {
        report('dnsConfig option name is required; option ignored', [...path, 'options', i, 'name']);
        return [];
      }
      const value = isObject(option) ? option['value'] : undefined;
      if (value === undefined || value === null) return [{ name }];
      // PodDNSConfigOption.value is a string: `value: 2` fails to decode (quote it: "2").
      if (typeof value !== 'string') report(`dnsConfig option '${name}' value must be a string`, [...path, 'options', i, 'value']);
      return [{ name, value: String(value) }];
    });
  }
  return config;
}

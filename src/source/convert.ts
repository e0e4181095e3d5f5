/**
 * One object → its lean form in the Manifests bundle, or a skipped entry with the reason. Dispatch
 * is a table keyed by kind and checked against the API group, so a Knative `Service` is not taken
 * for a core one. Before a converter runs, the object's metadata is normalised the way the API
 * server would see it: the namespace defaulted (kubectl `-n`), a name made from `generateName`.
 * A converter that throws costs only its object: the error becomes an `internal-error` finding.
 */
import { createHash } from 'node:crypto';
import { keyOf } from '../model/index.js';
import type { Finding, Manifests, WorkloadKind } from '../model/index.js';
import { corefileFromObject, isCorednsConfigMap } from './configmap.js';
import { formatFieldPath } from './context.js';
import type { ConvertContext } from './context.js';
import { groupOf, identityOf } from './documents.js';
import type { Identity, ManifestObject } from './documents.js';
import { endpointsFromObject } from './endpoints.js';
import { endpointSliceFromObject } from './endpointslice.js';
import { ingressFromObject } from './ingress.js';
import { CODE, MSG, SKIP } from './messages.js';
import { namespaceFromObject } from './namespace.js';
import { networkPolicyFromObject } from './netpol.js';
import { nodeFromObject } from './node.js';
import { podFromObject } from './pod.js';
import { objectAt, stringAt } from './raw.js';
import type { RawObject } from './raw.js';
import { serviceFromObject } from './service.js';
import { WORKLOAD_KINDS, workloadFromObject } from './workload.js';

/** What every object of one load shares. */
export interface ConvertState {
  /** Namespace of namespaced objects that name none. @default 'default' */
  defaultNamespace: string;
  /** `kind/namespace/name` of names made from `generateName`, to keep them unique. */
  generatedNames: Set<string>;
}

export function newConvertState(defaultNamespace = 'default'): ConvertState {
  return { defaultNamespace, generatedNames: new Set() };
}

interface Rule {
  /** API groups the kind is read from (`''` is the core group). */
  groups: readonly string[];
  clusterScoped?: boolean;
  /** Convert and store; a returned string is the reason the object is skipped instead. */
  add(obj: RawObject, ctx: ConvertContext, m: Manifests): string | undefined;
}

const CORE = [''];
/** Older groups (extensions/v1beta1, apps/v1beta2, …) are still read: the shapes are compatible. */
const WORKLOAD_GROUPS: Record<WorkloadKind, readonly string[]> = {
  Deployment: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  DaemonSet: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  ReplicationController: CORE,
  Job: ['batch'],
  CronJob: ['batch'],
};

const RULES: Readonly<Record<string, Rule>> = {
  Pod: { groups: CORE, add: (o, c, m) => void m.pods.push(podFromObject(o, c)) },
  Service: { groups: CORE, add: (o, c, m) => void m.services.push(serviceFromObject(o, c)) },
  Endpoints: { groups: CORE, add: (o, c, m) => void m.endpoints.push(endpointsFromObject(o, c)) },
  Node: { groups: CORE, clusterScoped: true, add: (o, c, m) => void m.nodes.push(nodeFromObject(o, c)) },
  Namespace: { groups: CORE, clusterScoped: true, add: (o, c, m) => void m.namespaces.push(namespaceFromObject(o, c)) },
  ConfigMap: {
    groups: CORE,
    add: (o, c, m) => {
      const corefile = corefileFromObject(o, c);
      if (!corefile) return isCorednsConfigMap(o) ? SKIP.corednsWithoutCorefile : SKIP.configMap;
      m.corefiles.push(corefile);
      return undefined;
    },
  },
  EndpointSlice: { groups: ['discovery.k8s.io'], add: (o, c, m) => void m.endpointSlices.push(endpointSliceFromObject(o, c)) },
  NetworkPolicy: {
    groups: ['networking.k8s.io', 'extensions'],
    add: (o, c, m) => void m.networkPolicies.push(networkPolicyFromObject(o, c)),
  },
  Ingress: { groups: ['networking.k8s.io', 'extensions'], add: (o, c, m) => void m.ingresses.push(ingressFromObject(o, c)) },
  ...Object.fromEntries(
    WORKLOAD_KINDS.map((kind): [string, Rule] => [
      kind,
      { groups: WORKLOAD_GROUPS[kind], add: (o, c, m) => void m.workloads.push(workloadFromObject(o, c)) },
    ]),
  ),
};

/** Kinds kreach reads past on purpose, with why. Custom resources get a generic reason. */
const SKIPPED_KINDS: Readonly<Record<string, string>> = {
  Secret: SKIP.secret,
  ServiceAccount: SKIP.serviceAccount,
  ...Object.fromEntries(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'].map((k) => [k, SKIP.rbac])),
  ...Object.fromEntries(['PersistentVolumeClaim', 'PersistentVolume', 'StorageClass'].map((k) => [k, SKIP.storage])),
  CustomResourceDefinition: SKIP.crd,
  ...Object.fromEntries(
    ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'].map((k) => [k, SKIP.adminPolicy]),
  ),
  ...Object.fromEntries(
    ['Gateway', 'GatewayClass', 'HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute', 'ReferenceGrant'].map(
      (k) => [k, SKIP.gatewayApi],
    ),
  ),
  ...Object.fromEntries(
    ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'].map((k) => [k, SKIP.webhook]),
  ),
};

/** API groups served by Kubernetes itself: other groups are custom resources. */
const BUILTIN_GROUPS = new Set([
  ...['', 'apps', 'batch', 'autoscaling', 'policy', 'extensions', 'networking.k8s.io', 'discovery.k8s.io'],
  ...['rbac.authorization.k8s.io', 'storage.k8s.io', 'scheduling.k8s.io', 'admissionregistration.k8s.io'],
  ...['apiextensions.k8s.io', 'apiregistration.k8s.io', 'coordination.k8s.io', 'node.k8s.io', 'events.k8s.io'],
  ...['certificates.k8s.io', 'flowcontrol.apiserver.k8s.io', 'resource.k8s.io', 'storagemigration.k8s.io'],
]);

/** Skipped kinds that are cluster-scoped, so their skipped entry shows no namespace. */
const CLUSTER_SCOPED = new Set([
  ...['ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass'],
  ...['PriorityClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService'],
  ...['IngressClass', 'RuntimeClass', 'CSIDriver', 'CSINode', 'PodSecurityPolicy', 'CertificateSigningRequest'],
  ...['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy', 'GatewayClass'],
]);

/** Convert `object` into `m`: a lean object, or a skipped entry (and findings when it is invalid). */
export function convertObject(object: ManifestObject, m: Manifests, state: ConvertState): void {
  const id = identityOf(object.obj);
  const report = (finding: Finding) => m.findings.push({ source: object.source, ...finding });
  const { rule, reason } = ruleFor(id);
  const scoped = rule ? !rule.clusterScoped : !CLUSTER_SCOPED.has(id.kind);
  const namespace = scoped ? id.namespace || state.defaultNamespace : '';
  const skip = (why: string, name = id.name): void => {
    m.skipped.push({ ...id, name, namespace, reason: why, source: object.source });
  };

  if (!id.kind) {
    report({ code: CODE.missingKind, severity: 'error', message: MSG.missingKind() });
    return skip(SKIP.missingKind);
  }
  if (!id.apiVersion) report({ code: CODE.missingApiVersion, severity: 'warning', message: MSG.missingApiVersion(id.kind) });
  if (!rule) return skip(reason);

  const name = nameOf(object, id, namespace, state, report);
  if (!name) return skip(SKIP.missingName);
  const label = `${id.kind} ${keyOf({ namespace, name })}`;
  try {
    const why = rule.add(withMeta(object.obj, name, namespace), contextFor(object, label, m.findings), m);
    if (why) skip(why, name);
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    report({ code: CODE.internalError, severity: 'error', message: MSG.internalError(label, cause), object: label });
    skip(SKIP.internalError, name);
  }
}

/** The rule for a kind in its API group, or why there is none. */
function ruleFor(id: Identity): { rule?: Rule; reason: string } {
  const group = groupOf(id.apiVersion);
  // Own keys only: `kind: constructor` must not find Object.prototype's.
  const rule = Object.hasOwn(RULES, id.kind) ? RULES[id.kind] : undefined;
  // Without an apiVersion the kind alone decides (a warning says so).
  if (rule && (!id.apiVersion || rule.groups.includes(group))) return { rule, reason: '' };
  if (rule) return { reason: SKIP.foreignKind(id.apiVersion, id.kind) };
  const known = Object.hasOwn(SKIPPED_KINDS, id.kind) ? SKIPPED_KINDS[id.kind] : undefined;
  if (known) return { reason: known };
  if (BUILTIN_GROUPS.has(group)) return { reason: SKIP.builtinUnused(id.kind) };
  return { reason: SKIP.customResource(id.apiVersion, id.kind) };
}

/**
 * `metadata.name`, or one made from `metadata.generateName` plus a five-character suffix from the
 * API server's alphabet. The suffix is a hash of the object, not random, so the same input always
 * gives the same name; an info finding says so.
 */
function nameOf(
  object: ManifestObject,
  id: Identity,
  namespace: string,
  state: ConvertState,
  report: (finding: Finding) => void,
): string | undefined {
  if (id.name) return id.name;
  const generateName = stringAt(objectAt(object.obj, 'metadata'), 'generateName');
  if (!generateName) {
    const given = objectAt(object.obj, 'metadata')?.name;
    const message = given === undefined || given === null ? MSG.missingName(id.kind) : MSG.nameNotAString(id.kind, given);
    report({ code: CODE.missingName, severity: 'error', message, source: object.at(['metadata', 'name']) });
    return undefined;
  }
  const name = generatedName(generateName, object.obj, `${id.kind}/${namespace}`, state.generatedNames);
  report({
    code: CODE.generatedName,
    severity: 'info',
    message: MSG.generatedName(generateName, name),
    source: object.at(['metadata', 'generateName']),
    object: `${id.kind} ${keyOf({ namespace, name })}`,
  });
  return name;
}

/** k8s.io/apimachinery `pkg/util/rand` alphabet (no vowels, no confusable characters). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
/** The prefix is cut so the name fits 63 characters (apiserver `pkg/storage/names/generate.go`). */
const MAX_GENERATE_PREFIX = 58;

function generatedName(prefix: string, obj: RawObject, scope: string, taken: Set<string>): string {
  const base = prefix.slice(0, MAX_GENERATE_PREFIX);
  const text = JSON.stringify(obj);
  for (let attempt = 0; ; attempt++) {
    const digest = createHash('sha256').update(`${attempt}\0${text}`).digest();
    const suffix = Array.from(digest.subarray(0, 5), (b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
    const key = `${scope}/${base}${suffix}`;
    if (!taken.has(key)) {
      taken.add(key);
      return base + suffix;
    }
  }
}

/**
 * The object with the name and namespace the API server would store: itself when it already says
 * so (every object of a dump), else a shallow copy, so the input is never changed.
 */
function withMeta(obj: RawObject, name: string, namespace: string): RawObject {
  const given = objectAt(obj, 'metadata');
  if (given && given.name === name && (namespace ? given.namespace === namespace : !Object.hasOwn(given, 'namespace'))) return obj;
  const metadata: RawObject = { ...given, name };
  if (namespace) metadata.namespace = namespace;
  else delete metadata.namespace;
  return { ...obj, metadata };
}

/** The context converters see: positions inside this object, findings tagged with its name. */
function contextFor(object: ManifestObject, label: string, findings: Finding[]): ConvertContext {
  return {
    source: object.source,
    at: object.at,
    report: ({ fieldPath, ...rest }) => {
      findings.push({
        object: label,
        ...rest,
        source: fieldPath ? object.at(fieldPath) : object.source,
        ...(fieldPath ? { path: formatFieldPath(fieldPath) } : {}),
      });
    },
  };
}

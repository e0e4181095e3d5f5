/**
 * The resources kreach reads from a live cluster, as data: where each is served, whether kreach can
 * carry on without it, and what it does then. Secrets are not in the table and are never read. The
 * same table drives the one-shot snapshot, the watches of `dns serve`, and deploy/rbac.yaml (a test
 * checks the ClusterRole grants exactly these).
 */
import type { RequestSubject } from './errors.js';
import type { RawObject } from '../source/raw.js';

export interface LiveResource {
  kind: string;
  apiVersion: string;
  /** Plural resource name in the URL and in RBAC rules. */
  plural: string;
  namespaced: boolean;
  /**
   * Without it kreach cannot answer anything sensible: a 403 or 404 stops the command. Others are
   * skipped with a warning saying what kreach does without them (`without`).
   */
  required: boolean;
  without: string;
  /** Read only this one object (through a `metadata.name` field selector in its namespace). */
  only?: { namespace: string; name: string };
}

export const LIVE_RESOURCES: readonly LiveResource[] = [
  { kind: 'Namespace', apiVersion: 'v1', plural: 'namespaces', namespaced: false, required: false, without: 'namespaces are inferred from the objects in them' },
  { kind: 'Node', apiVersion: 'v1', plural: 'nodes', namespaced: false, required: false, without: 'nodes (zones, addresses) are simulated' },
  { kind: 'Pod', apiVersion: 'v1', plural: 'pods', namespaced: true, required: true, without: '' },
  { kind: 'Service', apiVersion: 'v1', plural: 'services', namespaced: true, required: true, without: '' },
  {
    kind: 'EndpointSlice',
    apiVersion: 'discovery.k8s.io/v1',
    plural: 'endpointslices',
    namespaced: true,
    required: false,
    without: 'EndpointSlices are derived from Pods and Endpoints, and drift is not checked',
  },
  { kind: 'Endpoints', apiVersion: 'v1', plural: 'endpoints', namespaced: true, required: false, without: 'selector-less Services have no endpoints unless they have EndpointSlices' },
  {
    kind: 'NetworkPolicy',
    apiVersion: 'networking.k8s.io/v1',
    plural: 'networkpolicies',
    namespaced: true,
    required: false,
    without: 'traces and connectivity assume no NetworkPolicy applies',
  },
  { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', plural: 'ingresses', namespaced: true, required: false, without: 'Ingress backends are not checked' },
  {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    plural: 'configmaps',
    namespaced: true,
    required: false,
    without: "the cluster's Corefile is unknown, so kubeadm's CoreDNS profile is assumed",
    only: { namespace: 'kube-system', name: 'coredns' },
  },
];

/** API group of an apiVersion (`discovery.k8s.io/v1` → `discovery.k8s.io`, `v1` → ``). */
export function groupOf(resource: LiveResource): string {
  const slash = resource.apiVersion.indexOf('/');
  return slash < 0 ? '' : resource.apiVersion.slice(0, slash);
}

/** The collection URL path: `/api/v1/pods`, `/apis/discovery.k8s.io/v1/namespaces/x/endpointslices`. */
export function collectionPath(resource: LiveResource, namespace?: string): string {
  const root = resource.apiVersion.includes('/') ? `/apis/${resource.apiVersion}` : `/api/${resource.apiVersion}`;
  const ns = resource.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${root}${ns}/${resource.plural}`;
}

/** The namespace a resource is read in: its one object's, the given one, or the cluster scope. */
export function scopeOf(resource: LiveResource, namespace: string | undefined): string | undefined {
  if (!resource.namespaced) return undefined;
  return resource.only?.namespace ?? namespace;
}

/** Query parameters every list and watch of the resource carries (the single-object selector). */
export function baseQuery(resource: LiveResource): Record<string, string> {
  return resource.only ? { fieldSelector: `metadata.name=${resource.only.name}` } : {};
}

export function subjectOf(resource: LiveResource, verb: RequestSubject['verb'], namespace: string | undefined): RequestSubject {
  return { verb, resource: resource.plural, group: groupOf(resource), ...(namespace !== undefined ? { namespace } : {}) };
}

/**
 * An object as kreach keeps it: list items carry no `kind` or `apiVersion` (the List has them), so
 * they are filled in, and `metadata.managedFields` (server-side-apply bookkeeping, often the larger
 * part of an object) is dropped. Everything else stays as read.
 */
export function normalizeObject(resource: LiveResource, obj: RawObject): RawObject {
  const metadata = obj.metadata;
  const out: RawObject = { apiVersion: resource.apiVersion, kind: resource.kind, ...obj };
  if (typeof metadata === 'object' && metadata !== null && 'managedFields' in metadata) {
    const rest: RawObject = { ...(metadata as RawObject) };
    delete rest.managedFields;
    out.metadata = rest;
  }
  return out;
}

/** `namespace/name` of a raw object (name alone when cluster-scoped). */
export function rawKey(obj: RawObject): string {
  const metadata = (obj.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  return typeof metadata.namespace === 'string' && metadata.namespace ? `${metadata.namespace}/${name}` : name;
}

export function resourceVersionOf(obj: unknown): string {
  const metadata = (obj as { metadata?: { resourceVersion?: unknown } } | undefined)?.metadata;
  return typeof metadata?.resourceVersion === 'string' ? metadata.resourceVersion : '';
}

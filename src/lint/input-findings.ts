/**
 * Helpers for rules that take over findings the loader already made (a YAML 1.1 boolean where a
 * string belongs, a field the API server rejects that a rule explains better). The loader names the
 * object as text (`Service shop/web`); this finds the lean object again, so the lint finding can be
 * suppressed by the object's own annotations.
 */
import type { Cluster } from '../cluster/cluster.js';
import { workloadName } from '../cluster/store.js';
import type { ObjectMeta } from '../model/index.js';
import type { Subject } from './types.js';

/** The object a loader finding names (`Service shop/web`, `Deployment shop/web`), if it was kept. */
export function subjectOf(cluster: Cluster, object: string | undefined): Subject | undefined {
  const match = object ? /^(\w+) (?:([^/\s]+)\/)?(\S+)$/.exec(object) : null;
  if (!match) return undefined;
  const [, kind = '', namespace = '', name = ''] = match;
  const meta = lookup(cluster, kind, namespace, name);
  return meta ? { kind, meta } : undefined;
}

function lookup(cluster: Cluster, kind: string, namespace: string, name: string): ObjectMeta | undefined {
  const store = cluster.store;
  switch (kind) {
    case 'Service':
      return store.services.get(namespace, name)?.meta;
    case 'Pod':
      return store.pods.get(namespace, name)?.meta;
    case 'NetworkPolicy':
      return store.networkPolicies.get(namespace, name)?.meta;
    case 'Ingress':
      return store.ingresses.get(namespace, name)?.meta;
    case 'EndpointSlice':
      return store.endpointSlices.get(namespace, name)?.meta;
    case 'Endpoints':
      return store.endpoints.get(namespace, name)?.meta;
    case 'Namespace':
      return store.namespaces.get('', name)?.meta;
    case 'Node':
      return store.nodes.get('', name)?.meta;
    default: {
      return store.workloads.get(namespace, workloadName(kind, name))?.meta;
    }
  }
}

/** A placeholder subject for a finding about an object the loader could not keep. */
export function unnamedSubject(kind: string): Subject {
  return { kind, meta: { name: '', namespace: '', labels: {}, annotations: {} } };
}

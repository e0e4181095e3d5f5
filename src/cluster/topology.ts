/**
 * The cluster's fixed frame when the input leaves it out: synthetic Nodes (with zones, so topology
 * hints and zone columns mean something) and the Namespaces objects refer to. Everything made up
 * here is flagged `simulated`.
 */
import { ZONE_LABEL, type Manifests, type Namespace, type Node } from '../model/index.js';

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
/** Namespaces every cluster has. */
const BUILTIN_NAMESPACES = ['default', 'kube-system'];
const ZONES = ['zone-a', 'zone-b', 'zone-c'];

/**
 * The input's Nodes; when it has none, `count` synthetic nodes `node-1…` spread over three zones,
 * plus a synthetic node for every `spec.nodeName` the input's pods name (a dump without Node objects).
 */
export function clusterNodes(manifests: Manifests, count: number): Node[] {
  if (manifests.nodes.length > 0) return manifests.nodes;
  const names = new Set<string>();
  for (let i = 1; i <= count; i++) names.add(`node-${i}`);
  for (const pod of manifests.pods) if (pod.nodeName) names.add(pod.nodeName);
  return [...names].map((name, i) => syntheticNode(name, i));
}

function syntheticNode(name: string, index: number): Node {
  const zone = ZONES[index % ZONES.length] ?? 'zone-a';
  return {
    meta: {
      name,
      namespace: '',
      labels: { 'kubernetes.io/hostname': name, [ZONE_LABEL]: zone, 'kubernetes.io/os': 'linux' },
      annotations: {},
    },
    zone,
    podCIDRs: [],
    // kind-style node addresses; used as the pod IP of hostNetwork pods.
    addresses: [`172.18.${Math.floor((index + 2) / 256)}.${(index + 2) % 256}`],
    simulated: true,
  };
}

/** Declared Namespaces, plus `default`, `kube-system` and any namespace an object lives in. */
export function clusterNamespaces(manifests: Manifests): Namespace[] {
  const byName = new Map<string, Namespace>();
  for (const ns of manifests.namespaces) byName.set(ns.meta.name, ns);
  const referenced = new Set<string>(BUILTIN_NAMESPACES);
  const lists = [
    manifests.pods,
    manifests.services,
    manifests.workloads,
    manifests.networkPolicies,
    manifests.endpointSlices,
    manifests.endpoints,
    manifests.ingresses,
  ];
  for (const list of lists) for (const obj of list) referenced.add(obj.meta.namespace);
  for (const name of referenced) {
    if (!name || byName.has(name)) continue;
    byName.set(name, {
      meta: { name, namespace: '', labels: { [NAMESPACE_NAME_LABEL]: name }, annotations: {} },
      simulated: true,
    });
  }
  return [...byName.values()];
}

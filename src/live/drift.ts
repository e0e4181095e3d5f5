/**
 * Drift between a live cluster's EndpointSlices and what kreach derives. In live mode the observed
 * slices are the truth kreach answers from; deriving them anyway (as the EndpointSlice controller
 * would, from the Pods) shows where the two disagree: a controller lagging behind, a readiness gate
 * kreach does not model, a hand-edited slice. One finding per Service that differs.
 *
 * Slices are compared as unordered sets of (address, ports, ready) so that how endpoints are split
 * into slices, their order and the slices' generated names do not count.
 */
import type { Cluster } from '../cluster/cluster.js';
import { computeEndpointSlices, isManagedService } from '../cluster/endpointslices.js';
import { CONTROLLER_NAME, MANAGED_BY_LABEL, keyOf, type EndpointSlice, type Finding, type Service } from '../model/index.js';

export const DRIFT_CODE = 'endpointslice-drift';

/** Entries listed per side in a message before "and N more". */
const SHOWN = 4;

/** Findings for every managed Service whose observed controller slices differ from the derived ones. */
export function driftFindings(cluster: Cluster): Finding[] {
  const findings: Finding[] = [];
  for (const svc of cluster.services()) {
    // A Service kreach simulated (the cluster DNS of a cluster without one) has no observed side.
    if (!isManagedService(svc) || svc.meta.source?.file.startsWith('<kreach')) continue;
    const observed = endpointSet(observedSlices(cluster, svc));
    const derived = endpointSet(derivedSlices(cluster, svc));
    const onlyObserved = [...observed].filter((e) => !derived.has(e)).sort();
    const onlyDerived = [...derived].filter((e) => !observed.has(e)).sort();
    if (onlyObserved.length === 0 && onlyDerived.length === 0) continue;
    findings.push({
      code: DRIFT_CODE,
      severity: 'warning',
      object: `Service ${keyOf(svc.meta)}`,
      message:
        `its EndpointSlices differ from what the EndpointSlice controller would derive from its Pods ` +
        `(kreach answers from the observed ones): ${side('only observed', onlyObserved)}; ${side('only derived', onlyDerived)}`,
    });
  }
  return findings;
}

/** The controller's slices for `svc` as read from the cluster. */
function observedSlices(cluster: Cluster, svc: Service): EndpointSlice[] {
  return cluster.store.endpointSlices
    .list(svc.meta.namespace)
    .filter((s) => s.serviceName === svc.meta.name && s.meta.labels[MANAGED_BY_LABEL] === CONTROLLER_NAME);
}

function derivedSlices(cluster: Cluster, svc: Service): EndpointSlice[] {
  const pods = cluster.store.podsMatching(svc.meta.namespace, svc.selector ?? {});
  return computeEndpointSlices(svc, pods, {
    node: (name) => cluster.store.nodes.get('', name),
    maxEndpointsPerSlice: cluster.options.maxEndpointsPerSlice,
  });
}

/** `10.244.1.5 [http/8080/TCP] ready` for every address of every endpoint. */
export function endpointSet(slices: readonly EndpointSlice[]): Set<string> {
  const out = new Set<string>();
  for (const slice of slices) {
    const ports = slice.ports.map((p) => `${p.name}/${p.port}/${p.protocol}`).sort().join(',');
    for (const endpoint of slice.endpoints) {
      for (const address of endpoint.addresses) out.add(`${address} [${ports}] ${endpoint.ready ? 'ready' : 'not ready'}`);
    }
  }
  return out;
}

function side(label: string, entries: string[]): string {
  if (entries.length === 0) return `${label}: none`;
  const more = entries.length > SHOWN ? `, and ${entries.length - SHOWN} more` : '';
  return `${label}: ${entries.slice(0, SHOWN).join(', ')}${more}`;
}

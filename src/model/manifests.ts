/**
 * What a source hands to the cluster: every object converted to its lean form, plus everything
 * the source had to say about the input (findings and skipped documents). Nothing the user gave is
 * dropped without a trace here.
 */
import type { EndpointSlice } from './endpointslice.js';
import type { Finding, SkippedDocument } from './finding.js';
import type { Namespace, Node } from './node.js';
import type { NetworkPolicy } from './netpol.js';
import type { CorefileConfig, Endpoints, Ingress } from './other.js';
import type { Pod } from './pod.js';
import type { Service } from './service.js';
import type { Workload } from './workload.js';

export interface Manifests {
  /** Pods given as objects (kind Pod, or in dumps); workload pods are generated later. */
  pods: Pod[];
  /** Services after API-server defaulting; cluster IPs and NodePorts may still be unallocated. */
  services: Service[];
  endpointSlices: EndpointSlice[];
  endpoints: Endpoints[];
  nodes: Node[];
  namespaces: Namespace[];
  networkPolicies: NetworkPolicy[];
  ingresses: Ingress[];
  workloads: Workload[];
  corefiles: CorefileConfig[];
  /** Input errors (syntax, limits, invalid objects) and validation findings. */
  findings: Finding[];
  /** Documents of kinds kreach does not model, each with the reason. */
  skipped: SkippedDocument[];
  /** How many documents were read in all. */
  documentCount: number;
}

export function emptyManifests(): Manifests {
  return {
    pods: [],
    services: [],
    endpointSlices: [],
    endpoints: [],
    nodes: [],
    namespaces: [],
    networkPolicies: [],
    ingresses: [],
    workloads: [],
    corefiles: [],
    findings: [],
    skipped: [],
    documentCount: 0,
  };
}

/** The lean Node and Namespace: names, labels and (for nodes) the zone endpoints inherit. */
import type { ObjectMeta } from './meta.js';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';

export interface Node {
  meta: ObjectMeta;
  /** `topology.kubernetes.io/zone`, copied onto endpoints of pods on this node. */
  zone?: string;
  /** `spec.podCIDRs`, when given. */
  podCIDRs: string[];
  /** Internal addresses from `status.addresses`. */
  addresses: string[];
  /** A synthetic node made up by kreach because the input listed none. */
  simulated: boolean;
}

export interface Namespace {
  /** Labels include `kubernetes.io/metadata.name`, which the control plane always sets. */
  meta: ObjectMeta;
  /** The namespace was referenced by an object but not declared in the input. */
  simulated: boolean;
}

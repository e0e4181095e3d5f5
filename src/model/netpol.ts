/**
 * The lean networking.k8s.io/v1 NetworkPolicy. Absent and empty are kept apart where the API gives
 * them different meanings (netpol.md §2): `ingress: undefined` vs `ingress: []`, `from` absent vs
 * empty.
 */
import type { ObjectMeta, Protocol } from './meta.js';
import type { LabelSelector } from './selector.js';

export interface PolicyPort {
  /** @default 'TCP' */
  protocol: Protocol;
  /** Absent: all ports of the protocol. A string is a named port, resolved on the destination pod. */
  port?: number | string;
  endPort?: number;
}

export interface IPBlock {
  cidr: string;
  except: string[];
}

/** One peer: either an ipBlock or selectors; namespaceSelector and podSelector AND together. */
export interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: IPBlock;
}

/** `peers: undefined` means the rule's `from`/`to` was absent or empty: every peer matches. */
export interface PolicyRule {
  peers?: PolicyPeer[];
  /** Absent or empty: every port matches. */
  ports?: PolicyPort[];
}

export interface NetworkPolicy {
  meta: ObjectMeta;
  podSelector: LabelSelector;
  /** After defaulting: Ingress always unless only Egress was asked, Egress when egress rules exist. */
  policyTypes: Array<'Ingress' | 'Egress'>;
  ingress: PolicyRule[];
  egress: PolicyRule[];
}

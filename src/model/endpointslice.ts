/**
 * The lean discovery.k8s.io/v1 EndpointSlice (services.md §3). Nil conditions are resolved on
 * conversion the way kube-proxy and CoreDNS read them: ready and serving default to true,
 * terminating to false.
 */
import type { ObjectMeta, Protocol } from './meta.js';

export type AddressType = 'IPv4' | 'IPv6' | 'FQDN';

export interface EndpointPort {
  /** The Service port's name (not the container port's); `''` when unnamed. */
  name: string;
  port: number;
  protocol: Protocol;
  appProtocol?: string;
}

export interface Endpoint {
  addresses: string[];
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  hostname?: string;
  nodeName?: string;
  zone?: string;
  targetRef?: { kind: string; namespace: string; name: string; uid?: string };
  hints?: { forZones?: string[]; forNodes?: string[] };
}

/** Who produced the slice: kreach's controller simulation, the input (a dump/live), or mirroring. */
export type SliceOrigin = 'derived' | 'observed' | 'mirrored';

export interface EndpointSlice {
  meta: ObjectMeta;
  /** The `kubernetes.io/service-name` label: the Service this slice belongs to. */
  serviceName: string;
  addressType: AddressType;
  ports: EndpointPort[];
  endpoints: Endpoint[];
  origin: SliceOrigin;
}

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const MIRRORING_CONTROLLER_NAME = 'endpointslicemirroring-controller.k8s.io';

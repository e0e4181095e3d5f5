/**
 * Lean forms of the remaining kinds networking depends on: legacy Endpoints (mirrored for
 * selector-less Services), Ingress backends, and the CoreDNS Corefile.
 */
import type { ObjectMeta } from './meta.js';
import type { EndpointPort } from './endpointslice.js';

export interface EndpointsAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: string; namespace: string; name: string };
}

export interface EndpointsSubset {
  addresses: EndpointsAddress[];
  notReadyAddresses: EndpointsAddress[];
  ports: EndpointPort[];
}

/** A legacy v1 Endpoints object. */
export interface Endpoints {
  meta: ObjectMeta;
  subsets: EndpointsSubset[];
}

export interface IngressBackend {
  serviceName: string;
  /** A port number or a Service port name. */
  port: number | string;
  /** JSON path of the backend in the object, for messages (`spec.rules[0].http.paths[1].backend`). */
  path: string;
}

export interface Ingress {
  meta: ObjectMeta;
  ingressClassName?: string;
  backends: IngressBackend[];
}

/** A ConfigMap that carries a Corefile (`kube-system/coredns`). */
export interface CorefileConfig {
  meta: ObjectMeta;
  corefile: string;
}

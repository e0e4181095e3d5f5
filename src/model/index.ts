/** The lean kreach object model, re-exported in one place. */
export * from './meta.js';
export * from './pod.js';
export * from './service.js';
export * from './endpointslice.js';
export * from './node.js';
export * from './netpol.js';
export * from './other.js';
export * from './workload.js';
export * from './selector.js';
export * from './finding.js';
export * from './manifests.js';

/**
 * kreach as a library: the same engine the CLI uses. Load a cluster from manifests, then read its
 * Services, pods and the EndpointSlices the control plane would compute.
 */
export { loadCluster, type LoadClusterOptions } from './load.js';
export { Cluster } from './cluster/cluster.js';
export { OptionsError, type ClusterOptions } from './cluster/options.js';
export { ClusterStore, type StoreEvent, type StoreKind } from './cluster/store.js';
export { computeEndpointSlices } from './cluster/endpointslices.js';
export { findPort } from './cluster/find-port.js';
export { loadManifests, parseManifestText } from './source/load.js';
export { parseSelector, matchesSelector } from './model/labels.js';
export * from './model/index.js';
export { loadLiveCluster } from './live/load-live.js';
export { ClusterDnsEngine } from './dns/engine.js';
export { kubeadmProfile, type DnsConfig } from './dns/config.js';
export { DnsServer } from './dns/server.js';
export { route } from './proxy/route.js';
export { PolicyEngine, explainVerdict } from './policy/index.js';
export { trace } from './trace/index.js';
export { runLint } from './lint/run.js';
export { RULES as LINT_RULES } from './lint/rules.js';

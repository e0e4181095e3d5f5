/**
 * One PolicyEngine per cluster, for callers that ask a question now and then (`trace`, the web
 * API) rather than holding an engine of their own. Building an engine is cheap, but its caches
 * (each namespace's policy group, selections per label set, namespaceSelector results) are what make
 * a question cheap, and a fresh engine per question starts them empty. The engine follows the
 * cluster's store (engine.ts drops what a policy, pod or namespace change touches), so it stays
 * valid for the cluster's lifetime and is never closed here.
 */
import type { Cluster } from '../cluster/cluster.js';
import { PolicyEngine } from './engine.js';

const engines = new WeakMap<Cluster, PolicyEngine>();

/** The shared engine of `cluster`, built on first use. Do not close it. */
export function sharedPolicyEngine(cluster: Cluster): PolicyEngine {
  let engine = engines.get(cluster);
  if (!engine) {
    engine = new PolicyEngine(cluster);
    engines.set(cluster, engine);
  }
  return engine;
}

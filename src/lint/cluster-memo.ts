/**
 * Answers worth keeping while a cluster stays as it is: several rules ask the same question (every
 * pod origin, which pods a selector picks), and with 150,000 pods asking it again per rule or per
 * policy is what made `kreach lint` slow. A memo belongs to one cluster, is made on first use and
 * is dropped at the first change to the cluster's store, so `apply`/`delete` never see stale answers.
 */
import type { Cluster } from '../cluster/cluster.js';

/** `make(cluster)`, once per cluster until its store changes. */
export function perCluster<T>(make: (cluster: Cluster) => T): (cluster: Cluster) => T {
  const memo = new WeakMap<Cluster, T>();
  return (cluster) => {
    if (memo.has(cluster)) return memo.get(cluster) as T;
    const value = make(cluster);
    memo.set(cluster, value);
    const stop = cluster.store.subscribe(() => {
      memo.delete(cluster);
      stop();
    });
    return value;
  };
}

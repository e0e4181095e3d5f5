/**
 * A Cluster that follows a live API server (for `dns serve`): one informer per resource feeds a raw
 * cache, and the cluster is kept equal to a fresh build from that cache. Until every resource has
 * been listed once the cluster is an empty placeholder and `synced` is false (a SyncingDnsEngine
 * answers SERVFAIL for names it cannot find). Then the cluster is built once from everything, and
 * each later change is applied through the store (apply.ts), or, where only a fresh build is
 * exact, folded into a rebuild a moment later. A rebuild replaces `cluster`; listeners hear of it
 * and build new engines on the new cluster.
 */
import { Cluster } from '../cluster/cluster.js';
import type { ClusterOptions } from '../cluster/options.js';
import { emptyManifests } from '../model/index.js';
import type { ApiClient } from './api.js';
import { applyChange } from './apply.js';
import { Informer, type InformerOptions, type InformerSink } from './informer.js';
import { RawCache, type RawChange } from './raw-cache.js';
import { LIVE_RESOURCES, type LiveResource } from './resources.js';
import { liveSourceFile, manifestsFromObjects } from './to-manifests.js';

export interface LiveClusterOptions extends InformerOptions {
  /** Options of every Cluster built (CIDRs, derive, …). */
  cluster?: ClusterOptions;
  /** How long changes that need a rebuild are collected first. @default 100 */
  rebuildDelayMs?: number;
  /** @default LIVE_RESOURCES */
  resources?: readonly LiveResource[];
  /** Problems worth telling the user (retries, unreadable resources). */
  onWarning?: (text: string) => void;
  /** The cluster was replaced (the first sync is one such time). */
  onRebuilt?: (cluster: Cluster, previous: Cluster) => void;
  /** Any change reached the cluster (incrementally or by a rebuild). */
  onChange?: () => void;
}

export class LiveCluster {
  /** The current cluster; replaced by rebuilds. */
  cluster: Cluster;
  /** Every resource has been listed once. */
  synced = false;
  readonly cache = new RawCache();
  /** How changes reached the cluster: through the store, or by rebuilding it. */
  readonly stats = { incremental: 0, rebuilds: 0 };
  private readonly informers: Informer[];
  private readonly pending = new Set<string>();
  private rebuildTimer: NodeJS.Timeout | undefined;
  private readonly syncWaiters: Array<() => void> = [];
  private readonly file: string;

  constructor(
    api: ApiClient,
    private readonly options: LiveClusterOptions = {},
  ) {
    this.file = liveSourceFile(api.context);
    this.cluster = Cluster.fromManifests(emptyManifests(), options.cluster);
    const sink: InformerSink = {
      replace: (resource, items) => this.changed(this.cache.replace(resource, items)),
      upsert: (resource, obj) => this.changed([this.cache.upsert(resource, obj)]),
      remove: (resource, obj) => this.changed([this.cache.remove(resource, obj)]),
      listed: (resource) => this.listed(resource),
      warn: (text) => options.onWarning?.(text),
    };
    const resources = options.resources ?? LIVE_RESOURCES;
    for (const r of resources) this.pending.add(r.kind);
    this.informers = resources.map((r) => new Informer(api, r, sink, options));
  }

  start(): void {
    for (const informer of this.informers) informer.start();
  }

  /** Stop every watch and the cluster's derived state. */
  async stop(): Promise<void> {
    clearTimeout(this.rebuildTimer);
    await Promise.all(this.informers.map((i) => i.stop()));
    this.cluster.close();
  }

  /** Resolves once every resource has been listed (immediately when it has). */
  whenSynced(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  /** The resourceVersion each informer would resume from, by kind. */
  resourceVersions(): Map<string, string> {
    return new Map(this.informers.map((i) => [i.resource.kind, i.resourceVersion]));
  }

  /** Build the cluster from the cache now (pending changes included). */
  rebuild(): void {
    clearTimeout(this.rebuildTimer);
    this.rebuildTimer = undefined;
    const previous = this.cluster;
    this.stats.rebuilds++;
    this.cluster = Cluster.fromManifests(manifestsFromObjects(this.cache.objects(), this.file), this.options.cluster);
    previous.close();
    this.options.onRebuilt?.(this.cluster, previous);
    this.options.onChange?.();
  }

  private listed(resource: LiveResource): void {
    if (!this.pending.delete(resource.kind) || this.pending.size > 0) return;
    this.synced = true;
    this.rebuild();
    for (const resolve of this.syncWaiters.splice(0)) resolve();
  }

  private changed(changes: Array<RawChange | undefined>): void {
    // Before the first sync, and while a rebuild is due anyway, the cache is all that needs updating.
    if (!this.synced || this.rebuildTimer !== undefined) return;
    let applied = false;
    for (const change of changes) {
      if (!change) continue;
      if (!applyChange(this.cluster, change, this.file)) {
        this.rebuildTimer = setTimeout(() => this.rebuild(), this.options.rebuildDelayMs ?? 100);
        return;
      }
      applied = true;
      this.stats.incremental++;
    }
    if (applied) this.options.onChange?.();
  }
}

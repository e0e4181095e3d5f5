/**
 * The EndpointSlices in effect for every Service, kept current as the store changes. A pod change
 * recomputes only the Services in its namespace whose selector matches the pod before or after the
 * change; a Service change recomputes that Service. Listeners hear which Service's slices changed.
 *
 * Which slices are in effect for a Service (services.md §4.1, §4.6):
 * - slices from the input not written by the EndpointSlice controller (hand-written, custom
 *   controllers) always count, as kube-proxy reads every slice labelled with the Service name;
 * - a Service the controller manages: the controller's slices from the input (a dump) as they are,
 *   unless there are none or `derive` is set, then the slices computed here;
 * - a selector-less Service: slices mirrored from its legacy Endpoints.
 */
import {
  CONTROLLER_NAME,
  MANAGED_BY_LABEL,
  keyOf,
  type EndpointSlice,
  type Pod,
  type Service,
} from '../model/index.js';
import { matchesMap } from '../model/labels.js';
import { computeEndpointSlices, isManagedService, newSliceMemo, type SliceMemo } from './endpointslices.js';
import { mirrorEndpoints, shouldMirror } from './mirroring.js';
import type { ClusterStore, StoreEvent } from './store.js';

export type SliceListener = (serviceKey: string, slices: readonly EndpointSlice[]) => void;

export interface SliceStateOptions {
  derive: boolean;
  maxEndpointsPerSlice: number;
}

export class EndpointSliceState {
  /** Slices computed here (derived or mirrored), by Service key. */
  private readonly computed = new Map<string, EndpointSlice[]>();
  /** Slices from the input, by the key of the Service they name. */
  private readonly input = new Map<string, Set<EndpointSlice>>();
  private readonly listeners = new Set<SliceListener>();
  private readonly unsubscribe: () => void;
  /**
   * Per Service, what its last recomputation derived per pod (endpointslices.ts SliceMemo), so a pod
   * event costs one pod's endpoint, not all of them. Made on a Service's first change-driven
   * recomputation (the initial build keeps no memo: most Services never change), replaced when the
   * Service object changes, dropped when nodes change.
   */
  private readonly memos = new Map<string, { svc: Service; memo: SliceMemo }>();

  constructor(
    private readonly store: ClusterStore,
    private readonly options: SliceStateOptions,
  ) {
    for (const slice of store.endpointSlices.list()) this.indexInput(slice, true);
    for (const svc of store.services.list()) this.recompute(svc, false);
    this.unsubscribe = store.subscribe((event) => this.onEvent(event));
  }

  /** Stop following the store. */
  close(): void {
    this.unsubscribe();
  }

  subscribe(listener: SliceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The slices in effect for the Service `namespace/name` (also when the Service does not exist). */
  slicesFor(namespace: string, name: string): EndpointSlice[] {
    return [...this.inEffect(`${namespace}/${name}`, namespace, name)];
  }

  /** Every slice in effect, optionally of one namespace. */
  all(namespace?: string): EndpointSlice[] {
    const out: EndpointSlice[] = [];
    this.forEachService((_key, slices) => {
      for (const slice of slices) out.push(slice);
    }, namespace);
    return out;
  }

  /**
   * Each Service key with slices in effect and those slices, in the order of `all`, optionally of one
   * namespace. The arrays are this state's own: read them, do not keep them.
   */
  forEachService(visit: (key: string, slices: readonly EndpointSlice[]) => void, namespace?: string): void {
    const each = (key: string) => {
      const slash = key.indexOf('/');
      const ns = key.slice(0, slash);
      if (namespace !== undefined && ns !== namespace) return;
      const slices = this.inEffect(key, ns, key.slice(slash + 1));
      if (slices.length > 0) visit(key, slices);
    };
    for (const key of this.computed.keys()) each(key);
    for (const key of this.input.keys()) if (!this.computed.has(key)) each(key);
  }

  /** `slicesFor` without the copy: the computed array itself when no input slice names the Service. */
  private inEffect(key: string, namespace: string, name: string): readonly EndpointSlice[] {
    const computed = this.computed.get(key) ?? [];
    const inputSet = this.input.get(key);
    if (!inputSet) return computed;
    const input = [...inputSet];
    const svc = this.store.services.get(namespace, name);
    if (!svc || !isManagedService(svc)) return [...input, ...computed];
    const controllerInput = input.filter(isControllerSlice);
    const others = input.filter((s) => !isControllerSlice(s));
    const controller = !this.options.derive && controllerInput.length > 0 ? controllerInput : computed;
    return [...controller, ...others];
  }

  private onEvent(event: StoreEvent): void {
    switch (event.kind) {
      case 'Pod':
        return this.onPod(event.old, event.obj);
      case 'Service': {
        const svc = event.obj ?? event.old;
        if (!svc) return;
        if (event.obj) this.recompute(event.obj, true);
        else this.drop(keyOf(svc.meta));
        return;
      }
      case 'Node':
        this.memos.clear();
        for (const svc of this.store.services.list()) this.recompute(svc, true, false);
        return;
      case 'Endpoints': {
        const ep = event.obj ?? event.old;
        const svc = ep && this.store.services.get(ep.meta.namespace, ep.meta.name);
        if (svc) this.recompute(svc, true);
        return;
      }
      case 'EndpointSlice':
        if (event.old) this.indexInput(event.old, false);
        if (event.obj) this.indexInput(event.obj, true);
        this.notify(`${(event.obj ?? event.old)?.meta.namespace}/${(event.obj ?? event.old)?.serviceName}`);
        return;
      default:
        return;
    }
  }

  /** Recompute only the Services of the pod's namespace that select it before or after the change. */
  private onPod(old: Pod | undefined, pod: Pod | undefined): void {
    const namespace = (pod ?? old)?.meta.namespace ?? '';
    for (const svc of this.store.services.list(namespace)) {
      if (!svc.selector || svc.type === 'ExternalName') continue;
      if ((old && selects(svc, old)) || (pod && selects(svc, pod))) this.recompute(svc, true);
    }
  }

  private recompute(svc: Service, notify: boolean, memoize = notify): void {
    const key = keyOf(svc.meta);
    if (isManagedService(svc)) {
      const pods = this.store.podsMatching(svc.meta.namespace, svc.selector ?? {});
      const slices = computeEndpointSlices(svc, pods, {
        node: (name) => this.store.nodes.get('', name),
        maxEndpointsPerSlice: this.options.maxEndpointsPerSlice,
        ...(memoize ? { memo: this.memoOf(key, svc) } : {}),
      });
      this.computed.set(key, slices);
    } else {
      const endpoints = this.store.endpoints.get(svc.meta.namespace, svc.meta.name);
      const mirrored =
        endpoints && shouldMirror(svc, endpoints) ? mirrorEndpoints(endpoints, this.options.maxEndpointsPerSlice) : [];
      if (mirrored.length > 0) this.computed.set(key, mirrored);
      else this.computed.delete(key);
    }
    if (notify) this.notify(key);
  }

  private memoOf(key: string, svc: Service): SliceMemo {
    const known = this.memos.get(key);
    if (known?.svc === svc) return known.memo;
    const memo = newSliceMemo();
    this.memos.set(key, { svc, memo });
    return memo;
  }

  private drop(key: string): void {
    this.memos.delete(key);
    this.computed.delete(key);
    this.notify(key);
  }

  private indexInput(slice: EndpointSlice, add: boolean): void {
    const key = `${slice.meta.namespace}/${slice.serviceName}`;
    let set = this.input.get(key);
    if (add) {
      if (!set) this.input.set(key, (set = new Set()));
      set.add(slice);
    } else {
      set?.delete(slice);
      if (set?.size === 0) this.input.delete(key);
    }
  }

  private notify(key: string): void {
    if (this.listeners.size === 0) return;
    const [ns = '', name = ''] = key.split('/');
    const slices = this.slicesFor(ns, name);
    for (const listener of this.listeners) listener(key, slices);
  }
}

function selects(svc: Service, pod: Pod): boolean {
  return matchesMap(svc.selector ?? {}, pod.meta.labels);
}

function isControllerSlice(slice: EndpointSlice): boolean {
  return slice.meta.labels[MANAGED_BY_LABEL] === CONTROLLER_NAME;
}

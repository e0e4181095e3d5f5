/**
 * Raw `PodStatus` → phase, readiness and pod IPs of a lean `Pod`, read the way the EndpointSlice
 * controller reads them (services.md §4.2–4.3): readiness is the `Ready` condition being `"True"`,
 * addresses come from `status.podIPs` (each parsed and re-printed, so IPv6 text is canonical).
 *
 * A manifest has no status: then kreach assumes a Running, Ready pod and says so (`assumed`).
 * `status: {}` (what `kubectl create --dry-run -o yaml` writes) counts as no status. A status that
 * is given but lacks a phase gets `Running`, also marked assumed; a status without a `Ready`
 * condition is not ready, as the controller would see it.
 */
import type { Pod, PodPhase } from '../model/index.js';
import type { ConvertContext, FieldPath } from './context.js';
import { canonicalIp } from './ip-text.js';
import { arrayAt, isObject, stringAt } from './raw.js';

export type PodStatusFields = Pick<Pod, 'phase' | 'ready' | 'podIPs'> & {
  /** Phase or readiness were assumed rather than read. */
  assumed: boolean;
};

export interface PodStatusOptions {
  ctx: ConvertContext;
  /** Path of the status (`['status']`). */
  path: FieldPath;
  code: string;
}

const PHASES: readonly PodPhase[] = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'];

/** The input gave a status at all (`status: {}` does not count). */
export function hasStatus(status: unknown): status is Record<string, unknown> {
  if (!isObject(status)) return false;
  for (const key in status) if (Object.hasOwn(status, key)) return true;
  return false;
}

export function podStatusFromObject(status: unknown, options: PodStatusOptions): PodStatusFields {
  if (!hasStatus(status)) {
    return { phase: 'Running', ready: true, podIPs: [], assumed: true };
  }
  const { ctx, path, code } = options;
  let assumed = false;
  let phase: PodPhase = 'Running';
  const phaseText = stringAt(status, 'phase');
  if (phaseText === undefined || phaseText === '') assumed = true;
  else if (PHASES.includes(phaseText as PodPhase)) phase = phaseText as PodPhase;
  else {
    ctx.report({ code, severity: 'warning', message: `unknown pod phase '${phaseText}'; read as Unknown`, fieldPath: [...path, 'phase'] });
    phase = 'Unknown';
  }
  // podutil.IsPodReady: the Ready condition with status "True"; no condition means not ready.
  let ready = false;
  for (const condition of arrayAt(status, 'conditions')) {
    if (stringAt(condition, 'type') !== 'Ready') continue;
    ready = stringAt(condition, 'status') === 'True';
    break;
  }
  return { phase, ready, podIPs: podIPsOf(status, options), assumed };
}

/** `status.podIPs[*].ip`, or `[podIP]` when only the singular field is set; invalid entries dropped. */
function podIPsOf(status: Record<string, unknown>, options: PodStatusOptions): string[] {
  const { path } = options;
  const ips: string[] = [];
  const entries = arrayAt(status, 'podIPs');
  for (let i = 0; i < entries.length; i++) {
    addIp(ips, stringAt(entries[i], 'ip'), options, () => [...path, 'podIPs', i, 'ip']);
  }
  const podIP = stringAt(status, 'podIP');
  if (ips.length === 0) addIp(ips, podIP, options, () => [...path, 'podIP']);
  else if (podIP && podIP !== ips[0] && canonicalIp(podIP) !== ips[0]) {
    // The API server keeps podIPs[0] == podIP; a hand-edited dump may not.
    options.ctx.report({
      code: options.code,
      severity: 'warning',
      message: `podIP '${podIP}' differs from podIPs[0] '${ips[0] ?? ''}'; podIPs is used`,
      fieldPath: [...path, 'podIP'],
    });
  }
  return ips;
}

/** Add the canonical form of `text` to `ips` once; report it when it is no address. */
function addIp(ips: string[], text: string | undefined, options: PodStatusOptions, fieldPath: () => FieldPath): void {
  if (text === undefined || text === '') return;
  const ip = canonicalIp(text);
  if (ip === undefined) {
    options.ctx.report({ code: options.code, severity: 'error', message: `pod IP '${text}' is not an IP address; ignored`, fieldPath: fieldPath() });
  } else if (!ips.includes(ip)) {
    ips.push(ip);
  }
}

/** Raw workload (Deployment, StatefulSet, …) → lean Workload. OWNED BY A HELPER: stub until implemented. */
import type { Workload } from '../model/index.js';
import type { ConvertContext } from './context.js';
import type { RawObject } from './raw.js';

export const WORKLOAD_KINDS = [
  'Deployment',
  'ReplicaSet',
  'ReplicationController',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
] as const;

export function workloadFromObject(_obj: RawObject, _ctx: ConvertContext): Workload {
  throw new Error('not implemented');
}

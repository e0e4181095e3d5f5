/** Raw Pod / PodTemplateSpec → lean Pod. OWNED BY A HELPER: stub until implemented. */
import type { Pod } from '../model/index.js';
import type { ConvertContext } from './context.js';
import type { RawObject } from './raw.js';

/** A `kind: Pod` document (manifest or dump with status). */
export function podFromObject(_obj: RawObject, _ctx: ConvertContext): Pod {
  throw new Error('not implemented');
}

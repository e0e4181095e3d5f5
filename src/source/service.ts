/** Raw Service → lean, defaulted Service. OWNED BY A HELPER: stub until implemented. */
import type { Service } from '../model/index.js';
import type { ConvertContext } from './context.js';
import type { RawObject } from './raw.js';

export function serviceFromObject(_obj: RawObject, _ctx: ConvertContext): Service {
  throw new Error('not implemented');
}

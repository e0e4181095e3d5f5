/**
 * Safe readers for untrusted parsed documents. Manifests are user input: every field may be
 * missing or of the wrong type, so converters read through these instead of casting.
 */

export type RawObject = Record<string, unknown>;

export function isObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `key`, or undefined when absent or not an object. */
export function objectAt(obj: unknown, key: string): RawObject | undefined {
  if (!isObject(obj)) return undefined;
  const value = obj[key];
  return isObject(value) ? value : undefined;
}

/** The array at `key`, or `[]` when absent or not an array. */
export function arrayAt(obj: unknown, key: string): unknown[] {
  if (!isObject(obj)) return [];
  const value = obj[key];
  return Array.isArray(value) ? value : [];
}

/** The string at `key`; numbers and booleans are not strings (YAML 1.1 `on` stays a boolean). */
export function stringAt(obj: unknown, key: string): string | undefined {
  if (!isObject(obj)) return undefined;
  const value = obj[key];
  return typeof value === 'string' ? value : undefined;
}

export function numberAt(obj: unknown, key: string): number | undefined {
  if (!isObject(obj)) return undefined;
  const value = obj[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function booleanAt(obj: unknown, key: string): boolean | undefined {
  if (!isObject(obj)) return undefined;
  const value = obj[key];
  return typeof value === 'boolean' ? value : undefined;
}

/** An IntOrString field (`targetPort`, probe `port`, policy `port`). */
export function intOrStringAt(obj: unknown, key: string): number | string | undefined {
  if (!isObject(obj)) return undefined;
  const value = obj[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') return value;
  return undefined;
}

/** A `map[string]string` (labels, selectors); non-string values are stringified as the API would reject them anyway. */
export function stringMapAt(obj: unknown, key: string): Record<string, string> | undefined {
  const value = objectAt(obj, key);
  if (!value) return undefined;
  const out: Record<string, string> = {};
  // for…in over own keys, not Object.entries: this runs for the labels of every object of a dump.
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    const v = value[k];
    if (v === null || v === undefined) continue;
    out[k] = typeof v === 'string' ? v : String(v);
  }
  return out;
}

/** A list of strings, dropping non-strings. */
export function stringsAt(obj: unknown, key: string): string[] {
  return arrayAt(obj, key).filter((v): v is string => typeof v === 'string');
}

/**
 * The entries of a `map[string]string` whose values are not strings (an unquoted `on`, `yes` or `1.0`
 * in YAML 1.1): `stringMapAt` turns them into text, but the API server rejects such an object.
 */
export function nonStringEntries(obj: unknown, key: string): Array<[string, unknown]> {
  const value = objectAt(obj, key);
  const out: Array<[string, unknown]> = [];
  if (!value) return out;
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    const v = value[k];
    if (v !== null && v !== undefined && typeof v !== 'string') out.push([k, v]);
  }
  return out;
}

/**
 * Typed reads of an untrusted document that remember what did not fit. The API server decodes a
 * manifest into Go structs first, and a value of the wrong JSON type (`port: "80"`, `selector:
 * {version: 1}`) fails that decode before any validation runs. kreach keeps going instead: the read
 * returns undefined (or the value converted where intent is plain, like a map value `1` → `"1"`)
 * and records a field error saying which type the field needs. `null` reads as absent, as in Go.
 */
import type { FieldPath } from './context.js';
import { invalid, type BadValue, type FieldError } from './field-error.js';
import { isObject, type RawObject } from './raw.js';

/** What the decoder needs, worded as the validation messages are. */
export const TYPE_MESSAGES = {
  string: 'must be a string',
  integer: 'must be an integer',
  boolean: 'must be a boolean',
  object: 'must be an object',
  list: 'must be a list',
  intOrString: 'must be an integer or a string',
} as const;

/** A raw value as a bad value: scalars as themselves, structures as their JSON text. */
export function badValue(value: unknown): BadValue {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  const json = JSON.stringify(value) ?? String(value);
  return { go: json.length > 80 ? `${json.slice(0, 77)}...` : json };
}

export class CheckedReader {
  readonly errors: FieldError[] = [];

  /** The raw value at `key`, or undefined when the parent is no object or the value is null/absent. */
  private raw(obj: RawObject | undefined, key: string): unknown {
    const value = obj?.[key];
    return value === null ? undefined : value;
  }

  private wrong(path: FieldPath, value: unknown, need: keyof typeof TYPE_MESSAGES): undefined {
    this.errors.push(invalid(path, badValue(value), TYPE_MESSAGES[need]));
    return undefined;
  }

  string(obj: RawObject | undefined, key: string, path: FieldPath): string | undefined {
    const value = this.raw(obj, key);
    if (value === undefined || typeof value === 'string') return value;
    return this.wrong(path, value, 'string');
  }

  /** An int32 field: a whole JSON number (YAML `80`, not `"80"` or `80.5`). */
  integer(obj: RawObject | undefined, key: string, path: FieldPath): number | undefined {
    const value = this.raw(obj, key);
    if (value === undefined || (typeof value === 'number' && Number.isInteger(value))) return value;
    return this.wrong(path, value, 'integer');
  }

  boolean(obj: RawObject | undefined, key: string, path: FieldPath): boolean | undefined {
    const value = this.raw(obj, key);
    if (value === undefined || typeof value === 'boolean') return value;
    return this.wrong(path, value, 'boolean');
  }

  object(obj: RawObject | undefined, key: string, path: FieldPath): RawObject | undefined {
    return this.asObject(this.raw(obj, key), path);
  }

  /** A list entry (or any value already in hand) that must be an object; null reads as absent. */
  asObject(value: unknown, path: FieldPath): RawObject | undefined {
    if (value === undefined || value === null || isObject(value)) return value ?? undefined;
    return this.wrong(path, value, 'object');
  }

  list(obj: RawObject | undefined, key: string, path: FieldPath): unknown[] | undefined {
    const value = this.raw(obj, key);
    if (value === undefined || Array.isArray(value)) return value;
    return this.wrong(path, value, 'list');
  }

  /** A `[]string`; entries of another type are reported and left out. */
  strings(obj: RawObject | undefined, key: string, path: FieldPath): string[] {
    const out: string[] = [];
    (this.list(obj, key, path) ?? []).forEach((item, i) => {
      if (typeof item === 'string') out.push(item);
      else this.wrong([...path, i], item, 'string');
    });
    return out;
  }

  /** A `map[string]string`; scalar values of another type are reported and kept as their text. */
  stringMap(obj: RawObject | undefined, key: string, path: FieldPath): Record<string, string> | undefined {
    const map = this.object(obj, key, path);
    if (!map) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(map)) {
      if (v === null || v === undefined) continue;
      if (typeof v !== 'string') this.wrong([...path, k], v, 'string');
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    }
    return out;
  }

  /** An `IntOrString` (`targetPort`): a whole number or a string. */
  intOrString(obj: RawObject | undefined, key: string, path: FieldPath): number | string | undefined {
    const value = this.raw(obj, key);
    if (value === undefined || typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value))) {
      return value;
    }
    return this.wrong(path, value, 'intOrString');
  }
}

/**
 * Field errors as the API server builds them (kubernetes/apimachinery
 * `pkg/util/validation/field/errors.go`): a kind, the field path, the offending value and a detail.
 * Validators return these; `formatFieldError` renders the message body exactly as `ErrorBody()`
 * does (`Invalid value: 0: must be between 1 and 65535, inclusive`), so detection and wording stay
 * apart and the field path travels separately as a finding's `path`.
 */
import type { FieldPath } from './context.js';

export type FieldErrorKind = 'Required' | 'Invalid' | 'NotSupported' | 'Duplicate' | 'Forbidden';

/** A value printed verbatim, for Go values `%#v` renders in a way JSON cannot (`core.ServicePort{…}`). */
export interface GoLiteral {
  go: string;
}

export type BadValue = string | number | boolean | null | string[] | GoLiteral;

export interface FieldError {
  kind: FieldErrorKind;
  path: FieldPath;
  /** The offending value; not printed for Required and Forbidden (as upstream). */
  value?: BadValue;
  detail: string;
}

export const required = (path: FieldPath, detail = ''): FieldError => ({ kind: 'Required', path, detail });

export const forbidden = (path: FieldPath, detail: string): FieldError => ({ kind: 'Forbidden', path, detail });

export const invalid = (path: FieldPath, value: BadValue, detail: string): FieldError => ({
  kind: 'Invalid',
  path,
  value,
  detail,
});

export const duplicate = (path: FieldPath, value: BadValue): FieldError => ({ kind: 'Duplicate', path, value, detail: '' });

/** `field.NotSupported`: the detail lists the supported values, each quoted. */
export const notSupported = (path: FieldPath, value: BadValue, supported: readonly string[]): FieldError => ({
  kind: 'NotSupported',
  path,
  value,
  detail: supported.length ? `supported values: ${supported.map(goQuote).join(', ')}` : '',
});

const KIND_TEXT: Record<FieldErrorKind, string> = {
  Required: 'Required value',
  Invalid: 'Invalid value',
  NotSupported: 'Unsupported value',
  Duplicate: 'Duplicate value',
  Forbidden: 'Forbidden',
};

/** `Error.ErrorBody()`: the message without the field path. */
export function formatFieldError(error: FieldError): string {
  let text = KIND_TEXT[error.kind];
  if (error.kind !== 'Required' && error.kind !== 'Forbidden') text += `: ${formatGoValue(error.value ?? null)}`;
  return error.detail ? `${text}: ${error.detail}` : text;
}

/** Go's `%q` for the ASCII text manifests hold; JSON escaping agrees with it there. */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}

/** How `ErrorBody` prints a value: strings quoted, numbers bare, `[]string{…}` for string lists. */
export function formatGoValue(value: BadValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[]string{${value.map(goQuote).join(', ')}}`;
  return value.go;
}

/** `formatFieldError` against `Error.ErrorBody()` of apimachinery `pkg/util/validation/field/errors.go`. */
import { describe, expect, it } from 'vitest';
import { duplicate, forbidden, formatFieldError, invalid, notSupported, required, type FieldError } from './field-error.js';

const rows: Array<[string, FieldError, string]> = [
  ['Required without detail', required(['spec', 'ports']), 'Required value'],
  ['Required with detail', required(['metadata', 'name'], 'name or generateName is required'), 'Required value: name or generateName is required'],
  ['Forbidden prints no value', forbidden(['spec', 'clusterIPs'], 'may not be set for ExternalName services'), 'Forbidden: may not be set for ExternalName services'],
  ['Invalid with a number', invalid(['spec', 'ports', 0, 'port'], 0, 'must be between 1 and 65535, inclusive'), 'Invalid value: 0: must be between 1 and 65535, inclusive'],
  ['Invalid with a string is quoted', invalid(['spec', 'type'], 'a"b', 'x'), 'Invalid value: "a\\"b": x'],
  ['Invalid with []string', invalid(['spec', 'clusterIPs'], ['None', '10.0.0.1'], 'y'), 'Invalid value: []string{"None", "10.0.0.1"}: y'],
  ['Invalid with a Go literal', invalid(['spec'], { go: 'core.X{}' }, 'z'), 'Invalid value: core.X{}: z'],
  ['Duplicate has no detail', duplicate(['spec', 'ports', 1, 'name'], 'http'), 'Duplicate value: "http"'],
  ['NotSupported lists quoted values', notSupported(['spec', 'sessionAffinity'], 'X', ['ClientIP', 'None']), 'Unsupported value: "X": supported values: "ClientIP", "None"'],
];

describe('formatFieldError (field.Error.ErrorBody)', () => {
  it.each(rows)('%s', (_name, error, want) => {
    expect(formatFieldError(error)).toBe(want);
  });
});

/**
 * Domain names between their two forms: presentation text as the engine and the logs see it
 * (`Web.default.svc.cluster.local`, no trailing dot, odd bytes as `\DDD`, a dot inside a label as
 * `\.`; RFC 1035 §5.1) and the label bytes the wire carries (RFC 1035 §3.1). The two functions are
 * inverses, which lets the server echo a question byte for byte after the engine has read it as text.
 */

export type WireEncodeErrorCode = 'name-invalid' | 'rdata-invalid';

/** Record data the wire cannot carry: a bug in whoever built the answer, reported as SERVFAIL. */
export class WireEncodeError extends Error {
  override readonly name = 'WireEncodeError';
  constructor(readonly code: WireEncodeErrorCode, message: string) {
    super(message);
  }
}

/**
 * Splits a presentation-form name into label bytes, honouring `\.`, `\\` and `\DDD` escapes
 * (RFC 1035 §5.1). Labels are 1-63 bytes and the whole name at most 255 bytes (RFC 1035 §2.3.4).
 */
export function nameToLabels(name: string): Buffer[] {
  const text = name === '.' ? '' : name;
  const labels = text.includes('\\') ? escapedLabels(text, name) : plainLabels(text, name);
  const wireLength = labels.reduce((sum, l) => sum + l.length + 1, 1);
  if (wireLength > 255) throw new WireEncodeError('name-invalid', `name over 255 bytes: ${JSON.stringify(name)}`);
  return labels;
}

function checkLabel(label: Buffer, name: string): Buffer {
  if (label.length === 0) throw new WireEncodeError('name-invalid', `empty label in ${JSON.stringify(name)}`);
  if (label.length > 63) throw new WireEncodeError('name-invalid', `label over 63 bytes in ${JSON.stringify(name)}`);
  return label;
}

/** The common case, no escapes: split on dots (one trailing dot allowed). */
function plainLabels(text: string, name: string): Buffer[] {
  if (text === '') return [];
  const parts = (text.endsWith('.') ? text.slice(0, -1) : text).split('.');
  return parts.map((part) => checkLabel(Buffer.from(part, 'utf8'), name));
}

/** Character by character, decoding `\DDD` and `\c`. */
function escapedLabels(text: string, name: string): Buffer[] {
  const labels: Buffer[] = [];
  let current: number[] = [];
  let i = 0;
  const finish = (): void => {
    labels.push(checkLabel(Buffer.from(current), name));
    current = [];
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '\\') {
      const digits = /^\d{3}/.exec(text.slice(i + 1, i + 4));
      const value = digits ? Number(digits[0]) : undefined;
      if (value !== undefined && value <= 255) {
        current.push(value);
        i += 4;
        continue;
      }
      const next = text.codePointAt(i + 1);
      if (next === undefined) throw new WireEncodeError('name-invalid', `dangling escape in ${JSON.stringify(name)}`);
      const escaped = String.fromCodePoint(next);
      current.push(...Buffer.from(escaped, 'utf8'));
      i += 1 + escaped.length;
    } else if (ch === '.') {
      finish();
      i += 1;
      if (i === text.length) break; // one trailing dot: already absolute
    } else {
      const cp = String.fromCodePoint(text.codePointAt(i) as number);
      current.push(...Buffer.from(cp, 'utf8'));
      i += cp.length;
    }
  }
  if (current.length > 0) finish();
  return labels;
}

/** Presentation form of a label: printable ASCII as is, `.` and `\` escaped, other bytes `\DDD` (RFC 1035 §5.1). */
function labelText(label: Buffer): string {
  let out = '';
  for (const byte of label) {
    if (byte === 0x2e || byte === 0x5c) out += '\\' + String.fromCharCode(byte);
    else if (byte > 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += '\\' + String(byte).padStart(3, '0');
  }
  return out;
}

/** Labels joined with dots, no trailing dot; the root is `''`. Inverse of `nameToLabels`. */
export function labelsToName(labels: readonly Buffer[]): string {
  return labels.map(labelText).join('.');
}


/**
 * Stable hashing for deterministic simulation: the same object identity always lands on the same
 * IP, port or name suffix, independent of input order, so adding one object does not renumber others.
 */

/** A 52-bit hash of `text` (two FNV-1a 32-bit lanes with different seeds), as a safe integer. */
export function stableHash(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 0x100000 + ((b >>> 0) & 0xfffff);
}

/** The alphabet of apimachinery's random name suffixes (no vowels, no confusable characters). */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A deterministic stand-in for a generated name suffix (`-7d4b9` style), `length` characters. */
export function safeSuffix(seed: string, length: number): string {
  let value = stableHash(seed);
  let out = '';
  for (let i = 0; i < length; i++) {
    if (value < SAFE_ALPHABET.length) value = stableHash(`${seed}#${i}`);
    out += SAFE_ALPHABET[value % SAFE_ALPHABET.length];
    value = Math.floor(value / SAFE_ALPHABET.length);
  }
  return out;
}

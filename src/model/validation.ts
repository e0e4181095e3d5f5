/**
 * Format checks shared by every converter: DNS-1123 and DNS-1035 names, IANA service (port) names,
 * port numbers, qualified names (label keys), label values, IP addresses and CIDRs. Each check
 * returns the API server's own messages (an empty list means valid), worded as
 * kubernetes/apimachinery `pkg/util/validation/validation.go` and `pkg/api/validate/content` word
 * them, so a finding reads like `kubectl apply` output. IPs are parsed strictly with `net.isIP`,
 * which rejects the leading-zero forms Go's lenient `ParseIPSloppy` still reads.
 */
import { isIP } from 'node:net';
import type { IPFamily } from './service.js';

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const LABEL_KEY_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${LABEL_KEY_NAME})?`;

const anchored = (fmt: string): RegExp => new RegExp(`^${fmt}$`);
const dns1123LabelRe = anchored(DNS1123_LABEL);
const dns1123SubdomainRe = anchored(DNS1123_SUBDOMAIN);
const dns1035LabelRe = anchored(DNS1035_LABEL);
const labelKeyNameRe = anchored(LABEL_KEY_NAME);
const labelValueRe = anchored(LABEL_VALUE);

/** `net.isIP`, minus the IPv6 zone (`fe80::1%eth0`) Node accepts and Go's `net.ParseIP` does not. */
const ipVersion = (value: string): number => (value.includes('%') ? 0 : isIP(value));

/** Go's `len()` counts bytes, not UTF-16 units. */
const byteLength = (value: string): number => Buffer.byteLength(value, 'utf8');

/**
 * Strings one check already found valid. Label keys and values, port names and namespaces repeat
 * across thousands of objects of a dump, and a valid string needs no messages, so it is checked
 * once. Invalid strings are checked every time (they are rare, and their messages are built fresh).
 * The set is emptied when full, so memory stays bounded whatever the input.
 */
class KnownValid {
  private readonly seen = new Set<string>();

  constructor(
    private readonly check: (value: string) => string[],
    private readonly limit = 8192,
  ) {}

  errors(value: string): string[] {
    if (this.seen.has(value)) return [];
    const errs = this.check(value);
    if (errs.length === 0) {
      if (this.seen.size >= this.limit) this.seen.clear();
      this.seen.add(value);
    }
    return errs;
  }
}

/** `RegexError` of apimachinery: the rule, examples, then the regex itself. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  // Upstream joins with " or " after a trailing ", ", hence the double space: `'a',  or 'b', `.
  const eg = examples.map((e, i) => `${i > 0 ? ' or ' : ''}'${e}', `).join('');
  return `${msg} (e.g. ${eg}regex used for validation is '${fmt}')`;
}

/** `MaxLenError` of util/validation (DNS names, port names) says characters… */
const maxLenChars = (n: number): string => `must be no more than ${n} characters`;
/** …while `content.MaxLenError` (label keys and values) says bytes. */
const maxLenBytes = (n: number): string => `must be no more than ${n} bytes`;

/** `IsDNS1123Label`: namespaces, port names (`spec.ports[].name`). */
export function dns1123LabelErrors(value: string): string[] {
  return knownDns1123Label.errors(value);
}
const knownDns1123Label = new KnownValid(dns1123LabelErrorsUncached);

/** The check behind the cache. */
function dns1123LabelErrorsUncached(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenChars(63));
  if (!dns1123LabelRe.test(value)) {
    // A valid subdomain that is no valid label can only be failing on its dots.
    if (dns1123SubdomainRe.test(value)) errs.push('must not contain dots');
    else
      errs.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          DNS1123_LABEL,
          'my-name',
          '123-abc',
        ),
      );
  }
  return errs;
}

/** `IsDNS1123Subdomain`: ExternalName targets, label-key prefixes. */
export function dns1123SubdomainErrors(value: string, maxLen = maxLenChars): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLen(253));
  if (!dns1123SubdomainRe.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN,
        'example.com',
      ),
    );
  }
  return errs;
}

/** `IsDNS1035Label`: Service names (`NameIsDNS1035Label`) must start with a letter. */
export function dns1035LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenChars(63));
  if (!dns1035LabelRe.test(value)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL,
        'my-name',
        'abc-123',
      ),
    );
  }
  return errs;
}

/** `IsValidPortNum`: 1–65535. */
export function portNumberErrors(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/**
 * `IsValidPortName` (IANA_SVC_NAME, RFC 6335): 1–15 characters of `[-a-z0-9]`, at least one letter,
 * no leading, trailing or doubled hyphen. Upper case is rejected although RFC 6335 is caseless.
 */
export function portNameErrors(name: string): string[] {
  return knownPortName.errors(name);
}
const knownPortName = new KnownValid(portNameErrorsUncached);

/** The check behind the cache. */
function portNameErrorsUncached(name: string): string[] {
  const errs: string[] = [];
  if (byteLength(name) > 15) errs.push(maxLenChars(15));
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** `IsQualifiedName` (= `content.IsLabelKey`): label and selector keys, `appProtocol`, `loadBalancerClass`. */
export function qualifiedNameErrors(value: string): string[] {
  return knownQualifiedName.errors(value);
}
const knownQualifiedName = new KnownValid(qualifiedNameErrorsUncached);

/** The check behind the cache. */
function qualifiedNameErrorsUncached(value: string): string[] {
  const keyMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  const parts = value.split('/');
  if (parts.length > 2) {
    return [
      `a valid label key ${regexError(keyMsg, LABEL_KEY_NAME, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const errs: string[] = [];
  const name = parts.length === 2 ? (parts[1] ?? '') : value;
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (prefix === '') errs.push('prefix part must be non-empty');
    else errs.push(...dns1123SubdomainErrors(prefix, maxLenBytes).map((m) => `prefix part ${m}`));
  }
  if (name === '') errs.push('name part must be non-empty');
  else if (byteLength(name) > 63) errs.push(`name part ${maxLenBytes(63)}`);
  if (!labelKeyNameRe.test(name)) errs.push(`name part ${regexError(keyMsg, LABEL_KEY_NAME, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

/** `IsValidLabelValue` (= `content.IsLabelValue`): empty, or ≤63 of `[-A-Za-z0-9_.]` starting and ending alphanumeric. */
export function labelValueErrors(value: string): string[] {
  return knownLabelValue.errors(value);
}
const knownLabelValue = new KnownValid(labelValueErrorsUncached);

/** The check behind the cache. */
function labelValueErrorsUncached(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenBytes(63));
  if (!labelValueRe.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

/** `IsValidIP` (ip.go). Strict: `010.0.0.1` is invalid here, as it will be upstream (see `GetWarningsForIP`). */
export function ipErrors(value: string): string[] {
  return ipVersion(value) ? [] : ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'];
}

/** `IsValidCIDR` (ip.go): `address/prefix` with a prefix no longer than the family allows. */
export function cidrErrors(value: string): string[] {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(value);
  const version = match ? ipVersion(match[1] ?? '') : 0;
  const ok = match !== null && version !== 0 && Number(match[2]) <= (version === 4 ? 32 : 128);
  return ok ? [] : ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'];
}

/**
 * The address family as Go's `netutils.IsIPv6String` decides it: an IPv4-mapped IPv6 address
 * (`::ffff:10.0.0.1`) counts as IPv4. Undefined for text that is no IP.
 */
export function ipFamilyOf(value: string): IPFamily | undefined {
  const version = ipVersion(value);
  if (version === 4) return 'IPv4';
  if (version !== 6) return undefined;
  const bytes = ipv6Bytes(value);
  return bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff ? 'IPv4' : 'IPv6';
}

/**
 * `ValidateNonSpecialIP` (validation.go) for externalIPs and endpoints: not unspecified, loopback,
 * link-local unicast or link-local multicast, as Go's `net.IP` predicates define those ranges.
 */
export function nonSpecialIPErrors(value: string): string[] {
  const version = ipVersion(value);
  if (version === 0) return ['must be a valid IP address'];
  const b = version === 4 ? value.split('.').map(Number) : ipv6Bytes(value);
  const v4 = version === 4 ? b : ipFamilyOf(value) === 'IPv4' ? b.slice(12) : undefined;
  const errs: string[] = [];
  if (v4 ? v4.every((x) => x === 0) : b.every((x) => x === 0)) errs.push(`may not be unspecified (${value})`);
  if (v4 ? v4[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1) {
    errs.push('may not be in the loopback range (127.0.0.0/8, ::1/128)');
  }
  if (v4 ? v4[0] === 169 && v4[1] === 254 : b[0] === 0xfe && ((b[1] ?? 0) & 0xc0) === 0x80) {
    errs.push('may not be in the link-local range (169.254.0.0/16, fe80::/10)');
  }
  if (v4 ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0 : b[0] === 0xff && ((b[1] ?? 0) & 0x0f) === 0x02) {
    errs.push('may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)');
  }
  return errs;
}

/** The 16 bytes of an IPv6 address already accepted by `net.isIP` (zone ids are not valid here). */
function ipv6Bytes(value: string): number[] {
  const groups = (text: string): number[] =>
    text === ''
      ? []
      : text.split(':').flatMap((part) => {
          if (!part.includes('.')) return [parseInt(part, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = part.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head = '', tail] = value.split('::');
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

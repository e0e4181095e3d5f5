/**
 * The name rules of kubernetes/apimachinery `pkg/util/validation/validation.go`: qualified names
 * (label keys), label values, DNS-1123 labels and subdomains (object names, hostnames) and
 * IANA_SVC_NAME (port names). Each check returns the first problem as text, or undefined when the
 * value is valid, so callers can put the reason into a finding or an error.
 */

const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Longest label value, name part of a qualified name, and DNS-1123 label. */
export const MAX_LABEL_LENGTH = 63;
export const MAX_SUBDOMAIN_LENGTH = 253;

/** `IsQualifiedName`: `[prefix/]name`, prefix a DNS-1123 subdomain, name ≤ 63 alphanumerics, `-_.`. */
export function qualifiedNameProblem(value: string): string | undefined {
  const parts = value.split('/');
  let name = value;
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix === '') return 'prefix part must be non-empty';
    const problem = dns1123SubdomainProblem(prefix);
    if (problem) return `prefix part ${problem}`;
  } else if (parts.length > 2) {
    return "a qualified name must consist of alphanumerics, '-', '_' or '.' with an optional DNS subdomain prefix and '/'";
  }
  if (name === '') return 'name part must be non-empty';
  if (name.length > MAX_LABEL_LENGTH) return `name part must be no more than ${MAX_LABEL_LENGTH} characters`;
  if (!QUALIFIED_NAME_PART.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

/** `IsValidLabelValue`: empty, or ≤ 63 alphanumerics, `-_.`, starting and ending alphanumeric. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > MAX_LABEL_LENGTH) return `must be no more than ${MAX_LABEL_LENGTH} characters`;
  if (!LABEL_VALUE.test(value)) {
    return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

/** `IsDNS1123Label`: hostnames, `subdomain`, pod names the StatefulSet controller builds. */
export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length > MAX_LABEL_LENGTH) return `must be no more than ${MAX_LABEL_LENGTH} characters`;
  if (!DNS1123_LABEL.test(value)) {
    return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
  }
  return undefined;
}

/** `IsDNS1123Subdomain`: object names such as pods and ReplicaSets. */
export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length > MAX_SUBDOMAIN_LENGTH) return `must be no more than ${MAX_SUBDOMAIN_LENGTH} characters`;
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

/** `IsValidPortName` (IANA_SVC_NAME, RFC 6335): ≤ 15 of `a-z0-9-`, a letter, no `--`, no edge `-`. */
export function portNameProblem(value: string): string | undefined {
  if (value.length === 0 || value.length > 15) return 'must be no more than 15 characters';
  if (!/^[-a-z0-9]+$/.test(value)) return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
  if (!/[a-z]/.test(value)) return 'must contain at least one letter (a-z)';
  if (value.includes('--')) return "must not contain consecutive hyphens ('--')";
  if (value.startsWith('-') || value.endsWith('-')) return "must not begin or end with a hyphen ('-')";
  return undefined;
}

/**
 * The address rules of Service validation: `ValidateServiceClusterIPsRelatedFields` (clusterIP,
 * clusterIPs, ipFamilies, ipFamilyPolicy) and the externalIPs loop of `ValidateService`, both in
 * pkg/apis/core/validation/validation.go. Cluster-dependent rules (is the family configured, is the
 * cluster dual-stack) belong to the registry and live in src/cluster/ip-families.ts.
 */
import { ipErrors, ipFamilyOf, nonSpecialIPErrors } from '../model/validation.js';
import { duplicate, invalid, notSupported, type FieldError } from './field-error.js';
import { SERVICE_MESSAGES as M } from './service-messages.js';
import type { ServiceSpec } from './service-spec.js';

/** `sets.List` order, as the API server prints supported values. */
export const IP_FAMILIES = ['IPv4', 'IPv6'] as const;
export const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'] as const;

/** `isHeadlessService` of validation.go: exactly `clusterIPs: [None]`. */
export function isHeadlessSpec(s: ServiceSpec): boolean {
  return s.clusterIPs.length === 1 && s.clusterIPs[0] === 'None';
}

/** `ValidateServiceClusterIPsRelatedFields`; ExternalName is checked elsewhere (all must be unset). */
export function validateClusterIPs(s: ServiceSpec): FieldError[] {
  if (s.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const ipsPath = ['spec', 'clusterIPs'];

  // clusterIP and clusterIPs must agree; NormalizeClusterIPs only fills the plural from the singular.
  if (s.clusterIP !== '') {
    if (s.clusterIPs[0] !== s.clusterIP) errs.push(invalid(ipsPath, s.clusterIPs, M.firstMustMatchClusterIP));
  } else if (s.clusterIPs.length > 0) {
    errs.push(invalid(ipsPath, s.clusterIPs, M.mustBeEmptyWithoutClusterIP));
  }

  // ipFamilies alone: known values, no duplicates (which also keeps two families dual-stack).
  const seen = new Set<string>();
  s.ipFamilies.forEach((family, i) => {
    const path = ['spec', 'ipFamilies', i];
    if (!(IP_FAMILIES as readonly string[]).includes(family)) errs.push(notSupported(path, family, IP_FAMILIES));
    if (seen.has(family)) errs.push(duplicate(path, family));
    seen.add(family);
  });

  // ipFamilyPolicy alone: nil is fine here, the registry defaults it.
  if (s.ipFamilyPolicy !== undefined && !(IP_FAMILY_POLICIES as readonly string[]).includes(s.ipFamilyPolicy)) {
    errs.push(notSupported(['spec', 'ipFamilyPolicy'], s.ipFamilyPolicy, IP_FAMILY_POLICIES));
  }

  // clusterIPs alone: 'None' only first and alone, the rest valid IPs, at most two.
  let hasInvalidIPs = false;
  s.clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (s.clusterIPs.length > 1) {
        hasInvalidIPs = true;
        errs.push(invalid(ipsPath, s.clusterIPs, M.noneFirstAndOnly));
      }
      return;
    }
    for (const msg of ipErrors(ip)) {
      hasInvalidIPs = true;
      errs.push(invalid([...ipsPath, i], ip, msg));
    }
  });
  if (s.clusterIPs.length > 2) errs.push(invalid(ipsPath, s.clusterIPs, M.atMostTwo));
  // Upstream stops here: bad IPs would skew the dual-stack and family checks below.
  if (hasInvalidIPs) return errs;

  // IsDualStackIPStrings: two or more IPs need both families among them.
  if (s.clusterIPs.length > 1) {
    const families = new Set(s.clusterIPs.map(ipFamilyOf));
    if (!(families.has('IPv4') && families.has('IPv6'))) errs.push(invalid(ipsPath, s.clusterIPs, M.onePerFamily));
  }

  // Each given clusterIP must be of the family at the same index, if one was given.
  if (!isHeadlessSpec(s) && s.clusterIPs.length > 0 && s.ipFamilies.length > 0) {
    s.clusterIPs.forEach((ip, i) => {
      const want = s.ipFamilies[i];
      if (i >= s.ipFamilies.length) return;
      const isV6 = ipFamilyOf(ip) === 'IPv6';
      if ((want === 'IPv4' && isV6) || (want === 'IPv6' && !isV6)) {
        errs.push(invalid([...ipsPath, i], ip, M.familyMismatch(want, i)));
      }
    });
  }
  return errs;
}

/** `spec.externalIPs[i]`: a valid IP (`IsValidIP`), then not special (`ValidateNonSpecialIP`). */
export function validateExternalIPs(s: ServiceSpec): FieldError[] {
  return s.externalIPs.flatMap((ip, i) => {
    const path = ['spec', 'externalIPs', i];
    const syntax = ipErrors(ip);
    return (syntax.length ? syntax : nonSpecialIPErrors(ip)).map((msg) => invalid(path, ip, msg));
  });
}

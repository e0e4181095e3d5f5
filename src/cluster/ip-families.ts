/**
 * The registry's IP-family completion on create: `initIPFamilyFields` in
 * pkg/registry/core/service/storage/alloc.go (services.md §1, ipFamilyPolicy and ipFamilies rows,
 * and the registry checks of §2). It runs before allocation, once the cluster's Service families are
 * known (`--service-cluster-ip-range`, primary first): it picks the ipFamilyPolicy, infers and
 * completes ipFamilies, and rejects requests the cluster cannot serve. ExternalName is untouched.
 */
import { keyOf, type Finding, type IPFamily, type Service } from '../model/index.js';
import { ipFamilyOf } from '../model/validation.js';
import { formatFieldPath } from '../source/context.js';
import { formatFieldError, invalid, type FieldError } from '../source/field-error.js';
import { SERVICE_MESSAGES as M } from '../source/service-messages.js';

/** Thrown when the caller passes no cluster families: every cluster has at least one. */
export class ClusterFamiliesError extends Error {
  readonly code = 'no-cluster-families';
}

const other = (family: IPFamily): IPFamily => (family === 'IPv4' ? 'IPv6' : 'IPv4');

/**
 * Complete `svc.ipFamilyPolicy` and `svc.ipFamilies` in place as the API server does on create, and
 * return the registry's errors as `service-invalid` findings. On error the Service keeps the families
 * the cluster can serve (at least the primary), so allocation can still go on.
 */
export function completeIPFamilies(svc: Service, clusterFamilies: IPFamily[]): Finding[] {
  const primary = clusterFamilies[0];
  if (primary === undefined) throw new ClusterFamiliesError('completeIPFamilies: the cluster has no Service IP family');
  if (svc.type === 'ExternalName') return [];
  const errors = initIPFamilyFields(svc, clusterFamilies, primary);
  if (errors.length > 0) {
    const kept = svc.ipFamilies.filter((f, i) => clusterFamilies.includes(f) || ipFamilyOf(svc.clusterIPs[i] ?? '') === f);
    svc.ipFamilies = kept.length > 0 ? kept : [primary];
  }
  return errors.map((error) => toFinding(svc, error));
}

function initIPFamilyFields(svc: Service, cluster: readonly IPFamily[], primary: IPFamily): FieldError[] {
  const headless = svc.clusterIPs[0] === 'None';
  // `len(selector) == 0`: an empty selector counts as none here.
  const selectorless = svc.selector === null || Object.keys(svc.selector).length === 0;
  // No policy given: SingleStack on create, except headless *and* selector-less Services.
  svc.ipFamilyPolicy ??= headless && selectorless ? 'RequireDualStack' : 'SingleStack';
  const policy = svc.ipFamilyPolicy;
  const errs: FieldError[] = [];
  const ips = headless ? [] : svc.clusterIPs;

  if (policy === 'SingleStack') {
    if (ips.length === 2) errs.push(invalid(['spec', 'ipFamilyPolicy'], policy, M.singleStackTwoIPs));
    // serviceFromObject already inferred families from the IPs; only a longer list was the user's.
    else if (svc.ipFamilies.length === 2) errs.push(invalid(['spec', 'ipFamilyPolicy'], policy, M.singleStackTwoFamilies));
  }
  // Infer ipFamilies from clusterIPs (idempotent after serviceFromObject).
  ips.forEach((ip, i) => {
    const family = i >= svc.ipFamilies.length ? ipFamilyOf(ip) : undefined;
    if (family) svc.ipFamilies.push(family);
  });
  if (errs.length > 0) return errs;

  // Headless + selector-less first: it may hold both families even on a single-stack cluster.
  if (headless && selectorless) {
    if (svc.ipFamilies.length === 0) svc.ipFamilies = [primary];
    const first = svc.ipFamilies[0] ?? primary;
    if (svc.ipFamilies.length < 2 && policy !== 'SingleStack') svc.ipFamilies.push(other(first));
    return [];
  }

  if (policy === 'RequireDualStack' && cluster.length < 2) {
    errs.push(invalid(['spec', 'ipFamilyPolicy'], policy, M.clusterNotDualStack));
  }
  svc.ipFamilies.forEach((family, i) => {
    if (cluster.includes(family)) return;
    // A family taken from a given IP is reported on that IP, as upstream does while inferring.
    if (ipFamilyOf(ips[i] ?? '') === family) {
      errs.push(invalid(['spec', 'clusterIPs', i], [...svc.clusterIPs], M.familyNotConfiguredForIP(family)));
    } else {
      errs.push(invalid(['spec', 'ipFamilies', i], family, M.familyNotConfigured));
    }
  });
  if (errs.length > 0) return errs;

  if (svc.ipFamilies.length === 0) svc.ipFamilies = [primary];
  const first = svc.ipFamilies[0] ?? primary;
  if (policy !== 'SingleStack' && svc.ipFamilies.length === 1 && cluster.length === 2) svc.ipFamilies.push(other(first));
  return [];
}

function toFinding(svc: Service, error: FieldError): Finding {
  return {
    code: 'service-invalid',
    severity: 'error',
    message: formatFieldError(error),
    path: formatFieldPath(error.path),
    object: `Service ${keyOf(svc.meta)}`,
    ...(svc.meta.source ? { source: svc.meta.source } : {}),
  };
}

/**
 * From a lower-case name to candidate items (candidate.ts): `records` is the plugin's `Records`
 * (parse, namespace check, then pods or Services) and `services` its `Services` (the `ns.dns`
 * special name, SRV without ExternalName CNAMEs); see coredns plugin/kubernetes/kubernetes.go. The
 * record builders (records.ts, reverse.ts, apex.ts) derive A/AAAA/SRV/CNAME/PTR/NS from these items
 * with the rules of plugin/backend_lookup.go.
 */
import { isDefaultNs, nsAddresses } from './apex.js';
import { NODATA, nameError, namespaceExposed, type Lookup, type LookupContext } from './candidate.js';
import { isReverseName } from './dns-names.js';
import { findServices } from './find-services.js';
import { parseRequest } from './parse.js';
import { findPods } from './pod-records.js';

/** The query types whose lookups `services` tells apart. */
export type LookupType = 'A' | 'AAAA' | 'SRV' | 'CNAME';

/**
 * CoreDNS `Kubernetes.Services` for everything but TXT and NS (which the engine handles): the
 * `ns.dns.<zone>` name answers the name servers' addresses; SRV drops ExternalName CNAMEs.
 */
export function services(ctx: LookupContext, name: string, type: LookupType): Lookup {
  // isDefaultNS compares the lower-cased name with the zone as spelled, so `NS.DNS.CLUSTER.LOCAL`
  // misses it and falls through to Records (NXDOMAIN) — reproduced (ns.go isDefaultNS).
  if (isDefaultNs(name, ctx.zoneSpelled)) {
    const items = nsAddresses(ctx).filter((a) => a.hostType === type);
    return { exists: true, items };
  }
  const found = records(ctx, name);
  if (type !== 'SRV' || !found.exists) return found;
  // "SRV for external services is not yet implemented" (kubernetes.go Services).
  return { exists: true, items: found.items.filter((c) => c.hostType !== 'CNAME') };
}

/** CoreDNS `Kubernetes.Records`: parse the name, check the namespace, find pods or services. */
export function records(ctx: LookupContext, name: string): Lookup {
  const request = parseRequest(name, ctx.zone);
  if (request.kind === 'invalid') return nameError(request.reason === 'too-long' ? 'too-long' : 'invalid-name');
  if (request.kind === 'apex') return NODATA;
  // A svc/pod-shaped name under in-addr.arpa / ip6.arpa is not data (kubernetes.go Records).
  if (isReverseName(name)) return nameError('reverse-name');
  if (!namespaceExposed(ctx, request.namespace)) return nameError('namespace-not-exposed');
  return request.kind === 'pod' ? findPods(ctx, request) : findServices(ctx, request);
}

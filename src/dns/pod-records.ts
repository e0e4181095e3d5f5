/**
 * Pod records `<a-b-c-d>.<ns>.pod.<zone>` under the `pods` option (dns.md §7; coredns
 * plugin/kubernetes/kubernetes.go findPods): `disabled` → every name below `pod.<zone>` is a name
 * error; `insecure` → any label that reads as an IP answers that IP, pod or not; `verified` → only
 * an IP that is the primary `status.podIP` of a live pod in that namespace. Port or endpoint labels
 * in front of the pod label are ignored, as CoreDNS ignores them.
 */
import { isTerminal, type Pod } from '../model/index.js';
import { ipFromDashed, parseIp } from './dns-names.js';
import { nameError, type Candidate, type Lookup, type LookupContext } from './candidate.js';
import type { DnsRequest } from './parse.js';

type PodRequest = Extract<DnsRequest, { kind: 'svc' | 'pod' }>;

export function findPods(ctx: LookupContext, r: PodRequest): Lookup {
  if (ctx.config.pods === 'disabled') return nameError('pods-disabled');
  // `<ns>.pod.<zone>`: the namespace exists (checked by the caller), so NODATA.
  if (r.service === '') return { exists: true, items: [] };

  const label = r.service;
  const raw = ipFromDashed(label);
  const target = `${label}.${r.namespace}.pod`;
  if (ctx.config.pods === 'insecure') {
    // Any syntactically valid address, without looking for a pod (kubeadm's default).
    const ip = parseIp(raw);
    if (!ip) return nameError('no-items');
    return { exists: true, items: [{ host: ip.ip, hostType: ip.type, port: 0, target }] };
  }

  // verified: PodIndex is keyed by `status.podIP` (the primary IP) and compared as text.
  const items: Candidate[] = [];
  for (const pod of ctx.cluster.store.podsByIP(raw)) {
    if (pod.podIPs[0] !== raw || pod.meta.namespace !== r.namespace || !watchedPod(pod)) continue;
    const ip = parseIp(raw);
    if (ip) items.push({ host: ip.ip, hostType: ip.type, port: 0, target });
  }
  return items.length > 0 ? { exists: true, items } : nameError('no-items');
}

/**
 * The pods CoreDNS's pod watch sees: not being deleted, not in phase Succeeded, Failed or Unknown
 * (controller.go pod list field selector, object/pod.go).
 */
function watchedPod(pod: Pod): boolean {
  return !pod.meta.deletionTimestamp && !isTerminal(pod) && pod.phase !== 'Unknown';
}

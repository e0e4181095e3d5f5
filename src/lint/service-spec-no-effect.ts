/**
 * service-spec-no-effect: Service settings that do nothing on that kind of Service, or do
 * something other than intended. kube-proxy programs nothing for headless and ExternalName
 * Services (services.md §5.1), so affinity, traffic policies and externalIPs there are dead
 * letters; ExternalName is a CNAME only, so its ports are ignored and an IP address in it is looked
 * up as a host name; `loadBalancerIP: None` is usually `clusterIP: None` in the wrong field; and
 * `publishNotReadyAddresses` on a Service with a cluster IP makes kube-proxy route to unready pods
 * (services.md §4.3, §7.3). `externalTrafficPolicy` on an internal-only Service is rejected by the
 * API server, so the loader reports it; this rule takes that finding over and explains it.
 */
import { isHeadless, keyOf, type Service } from '../model/index.js';
import { ipFamilyOf } from '../model/validation.js';
import { SERVICE_MESSAGES } from '../source/service-messages.js';
import { subjectOf } from './input-findings.js';
import { SPEC_NO_EFFECT as M } from './messages.js';
import { isSimulatedInfrastructure } from './pod-groups.js';
import type { LintContext, LintRule, RuleFinding } from './types.js';

const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';

export const serviceSpecNoEffect: LintRule = {
  id: 'service-spec-no-effect',
  severity: 'warning',
  summary: 'a Service setting that does nothing on that Service type, or something other than intended',
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const svc of ctx.cluster.services()) {
      if (isSimulatedInfrastructure(svc.meta.source?.file)) continue;
      out.push(...checkService(svc).map((f) => ({ ...f, subject: { kind: 'Service', meta: svc.meta } })));
    }
    out.push(...externalPolicyFindings(ctx));
    return out;
  },
};

function checkService(svc: Service): Array<Omit<RuleFinding, 'subject'>> {
  const out: Array<Omit<RuleFinding, 'subject'>> = [];
  const name = keyOf(svc.meta);
  const headless = svc.type === 'ClusterIP' && isHeadless(svc);
  const unproxied = headless ? 'a headless' : svc.type === 'ExternalName' ? 'an ExternalName' : undefined;
  if (unproxied && svc.sessionAffinity === 'ClientIP') {
    out.push({ path: ['spec', 'sessionAffinity'], message: M.affinity(name, unproxied), fix: M.affinityFix });
  }
  if (headless) {
    if (svc.internalTrafficPolicy === 'Local') {
      out.push({ path: ['spec', 'internalTrafficPolicy'], message: M.trafficPolicy(name, 'internalTrafficPolicy', 'Local'), fix: M.trafficPolicyFix('internalTrafficPolicy') });
    }
    if (svc.trafficDistribution) {
      out.push({ path: ['spec', 'trafficDistribution'], message: M.trafficPolicy(name, 'trafficDistribution', svc.trafficDistribution), fix: M.trafficPolicyFix('trafficDistribution') });
    }
    if (svc.externalIPs.length > 0) out.push({ path: ['spec', 'externalIPs'], message: M.externalIPs(name), fix: M.externalIPsFix });
  }
  if (svc.type === 'ExternalName') {
    if (svc.ports.length > 0) out.push({ path: ['spec', 'ports'], message: M.externalNamePorts(name), fix: M.externalNamePortsFix, severity: 'info' });
    const cname = svc.externalName ?? '';
    // services.md: "ExternalName accepts an IPv4 address string, but treats it as a DNS name of digits".
    if (ipFamilyOf(cname.replace(/\.$/, ''))) {
      out.push({ path: ['spec', 'externalName'], message: M.externalNameIP(name, cname), fix: M.externalNameIPFix, severity: 'error' });
    }
  }
  if (svc.loadBalancerIP === 'None') {
    out.push({ path: ['spec', 'loadBalancerIP'], message: M.lbIpNone(name), fix: M.lbIpNoneFix, severity: 'error' });
  } else if (svc.loadBalancerIP && svc.type !== 'LoadBalancer') {
    out.push({ path: ['spec', 'loadBalancerIP'], message: M.lbIp(name, svc.type), fix: M.lbIpFix });
  }
  if (svc.publishNotReadyAddresses && !isHeadless(svc) && svc.type !== 'ExternalName') {
    // A per-pod Service (selecting one StatefulSet pod by name) has no ready pod to prefer anyway.
    const perPod = svc.selector?.[POD_NAME_LABEL] !== undefined;
    out.push({ path: ['spec', 'publishNotReadyAddresses'], message: M.notReady(name), fix: M.notReadyFix, ...(perPod ? { severity: 'info' as const } : {}) });
  }
  return out;
}

/** The loader's `service-invalid` for externalTrafficPolicy on a Service not reachable from outside. */
function externalPolicyFindings(ctx: LintContext): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const finding of ctx.input) {
    if (finding.code !== 'service-invalid' || finding.path !== 'spec.externalTrafficPolicy') continue;
    if (!finding.message.endsWith(SERVICE_MESSAGES.externalPolicyNotAllowed)) continue;
    const subject = subjectOf(ctx.cluster, finding.object);
    if (!subject) continue;
    ctx.claim(finding);
    out.push({
      subject,
      path: ['spec', 'externalTrafficPolicy'],
      ...(finding.source ? { source: finding.source } : {}),
      message: M.externalPolicy(keyOf(subject.meta), finding.message),
      fix: M.externalPolicyFix,
      severity: 'error',
    });
  }
  return out;
}

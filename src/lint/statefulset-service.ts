/**
 * statefulset-service: the governing Service of a StatefulSet. Per-pod DNS names
 * (`web-0.nginx.default.svc.cluster.local`) exist only when `serviceName` names a headless Service
 * in the same namespace that selects the pods: CoreDNS answers hostname records from the endpoints
 * of headless Services, and the endpoint hostname is set only when the pod's subdomain equals the
 * Service name (services.md §4.3, §7.7). Quorum systems also need to resolve each other before they
 * are ready, which takes `publishNotReadyAddresses` on that Service (services.md §7.3); whether a
 * StatefulSet is such a system is guessed from its names, so that finding is only an info.
 */
import { isHeadless, keyOf, type Service, type Workload } from '../model/index.js';
import { matchesMap } from '../model/labels.js';
import { STATEFULSET } from './messages.js';
import { isSimulatedInfrastructure } from './pod-groups.js';
import type { LintRule, RuleFinding, Subject } from './types.js';

/** Names of systems that form a quorum or cluster through peer DNS names before they are ready. */
const QUORUM =
  /(^|[-_.])(etcd|zookeeper|zk|consul|cockroach(db)?|cassandra|scylla|kafka|rabbitmq|nats|elasticsearch|opensearch|galera|mongo(db)?|vault|minio|redis-?(ha|cluster|sentinel))([-_.]|$)/;

export const statefulsetService: LintRule = {
  id: 'statefulset-service',
  severity: 'error',
  summary: "a StatefulSet's serviceName is missing, not headless or not selecting its pods, so per-pod DNS names do not resolve",
  check({ cluster }) {
    const out: RuleFinding[] = [];
    for (const sts of cluster.workloads()) {
      if (sts.kind !== 'StatefulSet' || sts.ownedBy || isSimulatedInfrastructure(sts.meta.source?.file)) continue;
      const subject: Subject = { kind: 'StatefulSet', meta: sts.meta };
      const name = keyOf(sts.meta);
      const path = ['spec', 'serviceName'];
      if (!sts.serviceName) {
        out.push({ subject, path, message: STATEFULSET.missing(name), fix: STATEFULSET.missingFix, severity: 'warning' });
        continue;
      }
      const svcName = `${sts.meta.namespace}/${sts.serviceName}`;
      const svc = cluster.service(sts.meta.namespace, sts.serviceName);
      if (!svc) {
        const pod = podName(sts, sts.serviceName);
        out.push({ subject, path, message: STATEFULSET.absent(name, svcName, pod), fix: STATEFULSET.absentFix(svcName), severity: 'warning' });
        continue;
      }
      const problem = governingProblem(sts, svc, svcName);
      if (problem) {
        out.push({ subject, path, ...problem });
        continue;
      }
      if (!svc.publishNotReadyAddresses && looksLikeQuorum(sts)) {
        out.push({
          subject: { kind: 'Service', meta: svc.meta },
          path: ['spec'],
          message: STATEFULSET.notReady(svcName, name),
          fix: STATEFULSET.notReadyFix,
          severity: 'info',
        });
      }
    }
    return out;
  },
};

function governingProblem(sts: Workload, svc: Service, svcName: string): Pick<RuleFinding, 'message' | 'fix'> | undefined {
  const name = keyOf(sts.meta);
  if (!isHeadless(svc)) {
    const pod = podName(sts, svc.meta.name);
    return { message: STATEFULSET.notHeadless(name, svcName, svc.clusterIPs[0] ?? '(none)', pod), fix: STATEFULSET.notHeadlessFix(svcName) };
  }
  if (svc.selector === null) return { message: STATEFULSET.noSelector(name, svcName), fix: STATEFULSET.selectorFix(svcName) };
  if (!matchesMap(svc.selector, sts.templateLabels)) {
    const text = (labels: Record<string, string>) =>
      Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',') || '(none)';
    return { message: STATEFULSET.notSelecting(name, svcName, text(svc.selector), text(sts.templateLabels)), fix: STATEFULSET.selectorFix(svcName) };
  }
  return undefined;
}

/** The first pod's DNS name under the governing Service (`web-0.nginx.default.svc.cluster.local`). */
function podName(sts: Workload, service: string): string {
  return `${sts.meta.name}-${sts.ordinalsStart ?? 0}.${service}.${sts.meta.namespace}.svc.cluster.local`;
}

/** A guess from the workload's name, its pod labels and its container names. */
function looksLikeQuorum(sts: Workload): boolean {
  const names = [sts.meta.name, ...Object.values(sts.templateLabels), ...sts.template.containers.map((c) => c.name)];
  return names.some((n) => QUORUM.test(n.toLowerCase()));
}

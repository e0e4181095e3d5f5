/**
 * Every cluster runs a DNS Service: `kube-system/kube-dns` at the tenth address of the service CIDR
 * (10.96.0.10 by default), selecting the CoreDNS pods (`k8s-app=kube-dns`), as kubeadm installs it
 * (cmd/kubeadm/app/phases/addons/dns/manifests.go). When the input lacks them, kreach adds both,
 * marked simulated, so DNS answers (NS records) and DNS-egress checks have something real to point at.
 */
import type { Finding, Manifests } from '../model/index.js';
import { literalContext } from '../source/context.js';
import type { RawObject } from '../source/raw.js';
import { serviceFromObject } from '../source/service.js';
import { workloadFromObject } from '../source/workload.js';
import { bigIntToIp, type Cidr } from './ip.js';

export const DNS_NAMESPACE = 'kube-system';
export const DNS_SERVICE_NAME = 'kube-dns';
export const DNS_POD_LABELS = { 'k8s-app': 'kube-dns' };
const SIMULATED_FILE = '<kreach: simulated cluster DNS>';

/** kubeadm's DNS address: the tenth IP of the (primary) service CIDR. */
export function clusterDnsIp(serviceCidr: Cidr): string {
  return bigIntToIp(serviceCidr.base + 10n, serviceCidr.family);
}

/**
 * Adds the kube-dns Service and the CoreDNS Deployment to `manifests` where the input has none, and
 * returns info findings saying what was simulated.
 */
export function addClusterDns(manifests: Manifests, serviceCidr: Cidr): Finding[] {
  const findings: Finding[] = [];
  const ctx = literalContext(findings, SIMULATED_FILE);
  const added: string[] = [];
  const hasService = manifests.services.some((s) => s.meta.namespace === DNS_NAMESPACE && s.meta.name === DNS_SERVICE_NAME);
  if (!hasService) {
    // Another Service of the input may already hold the address; then kube-dns gets an allocated one.
    const ip = clusterDnsIp(serviceCidr);
    const taken = manifests.services.some((s) => s.clusterIPs.includes(ip));
    manifests.services.push(serviceFromObject(kubeDnsService(taken ? undefined : ip), ctx));
    added.push(`Service ${DNS_NAMESPACE}/${DNS_SERVICE_NAME}${taken ? '' : ` (${ip})`}`);
  }
  const isDnsPodLabels = (labels: Record<string, string>) => labels['k8s-app'] === DNS_POD_LABELS['k8s-app'];
  const hasPods =
    manifests.pods.some((p) => p.meta.namespace === DNS_NAMESPACE && isDnsPodLabels(p.meta.labels)) ||
    manifests.workloads.some((w) => w.meta.namespace === DNS_NAMESPACE && isDnsPodLabels(w.templateLabels));
  if (!hasPods) {
    manifests.workloads.push(workloadFromObject(coreDnsDeployment(), ctx));
    added.push(`Deployment ${DNS_NAMESPACE}/coredns`);
  }
  if (added.length > 0) {
    findings.push({
      code: 'cluster-dns-simulated',
      severity: 'info',
      message: `the input has no cluster DNS; simulating kubeadm's: ${added.join(', ')}`,
    });
  }
  return findings.filter((f) => f.severity === 'info');
}

function kubeDnsService(clusterIP: string | undefined): RawObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: DNS_SERVICE_NAME, namespace: DNS_NAMESPACE, labels: { ...DNS_POD_LABELS, 'kubernetes.io/name': 'CoreDNS' } },
    spec: {
      ...(clusterIP ? { clusterIP } : {}),
      selector: { ...DNS_POD_LABELS },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
    },
  };
}

function coreDnsDeployment(): RawObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: DNS_NAMESPACE, labels: { ...DNS_POD_LABELS } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { ...DNS_POD_LABELS } },
      template: {
        metadata: { labels: { ...DNS_POD_LABELS } },
        spec: {
          dnsPolicy: 'Default',
          containers: [
            {
              name: 'coredns',
              image: 'registry.k8s.io/coredns/coredns',
              ports: [
                { name: 'dns', containerPort: 53, protocol: 'UDP' },
                { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
              ],
              readinessProbe: { httpGet: { path: '/ready', port: 8181 } },
              livenessProbe: { httpGet: { path: '/health', port: 8080 } },
            },
          ],
        },
      },
    },
  };
}

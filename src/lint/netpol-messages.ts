/**
 * Message and fix texts of the NetworkPolicy lint rules, kept apart from detection like
 * messages.ts. Policies are judged on the pod's own port after any Service translation
 * (netpol.md §1 takeaway 2), and the texts say so where it matters.
 */
import type { Protocol } from '../model/index.js';

const list = (items: readonly string[]): string => items.join(', ');
const isAre = (group: string): string => (group.startsWith('pod ') ? 'is' : 'are');

export const NETPOL_SELECTS_NOTHING = {
  message: (policy: string, selector: string, ns: string, hint: string) =>
    `NetworkPolicy ${policy} podSelector ${selector} selects no pod in namespace ${ns}: the policy isolates nothing and allows nothing${hint}`,
  closest: (group: string, differing: string) => `; closest: ${group}, whose pods differ in ${differing}`,
  fix: 'make the podSelector match the labels of the pods it should protect (it only sees the policy\'s own namespace)',
  customResources: (policy: string, selector: string, resources: string) =>
    `NetworkPolicy ${policy} podSelector ${selector} selects no pod of the input; the namespace holds custom resources (${resources}) whose operator may create them, which kreach does not simulate`,
  notCovered: (policy: string, selector: string, ns: string) =>
    `NetworkPolicy ${policy} podSelector ${selector} selects no pod: the input runs no pod in namespace ${ns}, so kreach cannot tell whether the pods deployed from elsewhere match`,
  uncertainFix: 'lint the policy together with the manifests of the pods it should select; nothing to fix if they carry these labels',
};

export const NETPOL_PEER = {
  noNamespace: (policy: string, where: string, selector: string, known: string, tail: string) =>
    `NetworkPolicy ${policy} ${where}: namespaceSelector ${selector} matches no namespace of the input (${known}), so this peer admits nothing${tail}`,
  outsideInput: ' unless namespaces outside the input carry these labels',
  outsideInputFix: 'nothing to fix if namespaces with these labels exist in the cluster; otherwise label the intended namespace or correct the selector',
  nameLabelHint: (ns: string, key: string) =>
    `; namespace ${ns} exists but carries no label ${key}=${ns} unless someone adds it: Kubernetes sets kubernetes.io/metadata.name=${ns} on every namespace`,
  notInInput: (policy: string, where: string, ns: string) =>
    `NetworkPolicy ${policy} ${where}: namespace ${ns} is not in the input, so kreach cannot tell which pods this peer admits`,
  notInInputFix: (ns: string) => `nothing to fix if namespace ${ns} exists in the cluster; add its manifests to check the peer`,
  noPod: (policy: string, where: string, selector: string, namespaces: string, hint: string) =>
    `NetworkPolicy ${policy} ${where}: podSelector ${selector} matches no pod in ${namespaces}, so this peer admits nothing${hint}`,
  noPodsThere: (policy: string, where: string, namespaces: string) =>
    `NetworkPolicy ${policy} ${where}: no pod of the input runs in ${namespaces}, so kreach cannot tell whether this peer matches anything`,
  noPodsThereFix: 'nothing to fix if those pods are deployed from elsewhere; add their manifests to check the peer',
  customResources: (policy: string, where: string, selector: string, resources: string) =>
    `NetworkPolicy ${policy} ${where}: podSelector ${selector} matches no pod of the input; custom resources there (${resources}) may have an operator create them, which kreach does not simulate`,
  fix: 'make the selector match labels the intended peers carry (a lone podSelector only sees the policy\'s own namespace)',
  /** `spec.ingress[0].from[1]`, as users read it. */
  where: (direction: string, rule: number, field: string, peer: number) => `${direction} rule ${rule + 1} (${field}[${peer}])`,
};

export const NETPOL_SERVICE_PORT = {
  message: (policy: string, where: string, protocol: Protocol, port: number, svc: string, pods: string, targets: readonly number[]) =>
    `NetworkPolicy ${policy} ${where} allows ${protocol} ${port}, which is the port of Service ${svc}; but policies see connections after the ` +
    `Service has translated them, and ${pods} receive them on port ${list(targets.map(String))}, which this rule does not allow: ` +
    `connections through the Service are dropped`,
  fix: (targets: readonly number[], port: number, targetPort: number | string) =>
    `allow port ${list(targets.map(String))}${typeof targetPort === 'string' ? ` (or the name "${targetPort}")` : ''} instead of ${port}`,
  where: (direction: string, rule: number, entry: number) => `${direction} rule ${rule + 1} (ports[${entry}])`,
};

export const NETPOL_DNS = {
  message: (group: string, protocols: string, policies: readonly string[], dns: string, port: string, hint: string) =>
    `${group} ${isAre(group)} egress-isolated by NetworkPolicy ${list(policies)}, and no rule of ${policies.length > 1 ? 'these' : 'it'} ` +
    `allows ${protocols} to the cluster DNS pods (${dns}) on port ${port}: name lookups ` +
    `${protocols === 'TCP' ? 'that fall back to TCP (large answers) fail' : 'time out, so the pods cannot resolve any Service'}${hint}`,
  /** `kube-system/kube-dns, pods k8s-app=kube-dns`. */
  target: (service: string, labels: string) => `${service}, pods ${labels}`,
  partial: (group: string, protocols: string, policies: readonly string[], reached: number, total: number) =>
    `${group} may reach only ${reached} of ${total} cluster DNS pods over ${protocols} under NetworkPolicy ${list(policies)}: ` +
    `lookups through the kube-dns Service fail whenever it picks another one`,
  denyAll: (group: string, policies: readonly string[]) =>
    `${group} may send nothing at all under NetworkPolicy ${list(policies)} (no egress rule), so name lookups fail too; fine if no name is ever looked up`,
  nsHint: (selector: string) =>
    `; a rule names DNS-like peers with namespaceSelector ${selector}, which does not match kube-system as kreach sees it ` +
    `(labelled kubernetes.io/metadata.name=kube-system only); if you label kube-system yourself, add the label to the input`,
  fix: (port: string) =>
    `add an egress rule allowing UDP and TCP port ${port} to pods labelled k8s-app=kube-dns in namespace kube-system ` +
    `(namespaceSelector kubernetes.io/metadata.name: kube-system)`,
};

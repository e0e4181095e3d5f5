/**
 * Commands that check a trace in a real cluster, ready to paste: the lookup and the connection
 * made from inside the client pod (an ephemeral `nicolaka/netshoot` container shares the pod's
 * network namespace and resolv.conf, so its policies and DNS apply), the same from a throwaway pod
 * carrying the client's labels (`kubectl run`, for clusters without ephemeral containers), the
 * Service's EndpointSlices, and the destination pod's listening sockets. A pod kreach simulated
 * from a workload has no real name, so it is picked by its labels at run time.
 */
import { findPort } from '../cluster/find-port.js';
import type { Pod } from '../model/index.js';
import { keyOf } from '../model/index.js';
import type { TraceContext } from './context.js';
import { stableLabels } from './fixes.js';
import type { Destination } from './route-step.js';
import { formatTarget } from './target.js';
import type { AnswerInfo, ConfirmCommand } from './types.js';

const IMAGE = 'nicolaka/netshoot';

export function confirmCommands(ctx: TraceContext, answer: AnswerInfo, destinations: Destination[]): ConfirmCommand[] {
  const out: ConfirmCommand[] = [];
  const client = ctx.client.kind === 'pod' ? ctx.client.pod : undefined;
  const inClient = (command: string) => (client ? `${debugIn(client)} -- ${command}` : command);
  const { target } = ctx;
  if (target.hostKind === 'name') {
    const where = client ? 'with the pod\'s resolv.conf (search list and ndots)' : 'from the outside host';
    out.push({ purpose: `look the name up ${where}`, command: inClient(`dig +search ${target.host}`) });
    const srv = answer.service?.headless ? answer.service.ports.find((p) => p.port === target.port && p.protocol === target.protocol && p.name) : undefined;
    if (srv && answer.service) {
      const [ns, name] = answer.service.key.split('/');
      out.push({ purpose: 'the port SRV-aware clients would use', command: inClient(`dig +short SRV _${srv.name}._${srv.protocol.toLowerCase()}.${name}.${ns}.svc.${ctx.zone}`) });
    }
  }
  out.push({ purpose: client ? 'connect from inside the client pod' : 'connect from the outside host', command: inClient(connect(ctx, target.host, target.port)) });
  if (client) {
    const labels = Object.entries(stableLabels(client.meta.labels)).map(([k, v]) => `${k}=${v}`).join(',');
    const withLabels = labels ? ` --labels=${labels}` : '';
    out.push({
      purpose: 'the same from a throwaway pod with the client\'s labels (same policies), if ephemeral containers are not allowed',
      command: `kubectl -n ${client.meta.namespace} run kreach-probe --rm -it --restart=Never --image=${IMAGE}${withLabels} -- ${connect(ctx, target.host, target.port)}`,
    });
  }
  const [first] = destinations;
  if (first && (first.translated || first.ip !== target.host)) {
    out.push({ purpose: 'connect to one endpoint directly, bypassing the Service', command: inClient(connect(ctx, addressOf(first), first.port)) });
  }
  const servesOn = first?.pod && first.servicePort && !first.translated ? findPort(first.pod, first.servicePort.targetPort, first.servicePort.protocol) : undefined;
  if (first && servesOn !== undefined && servesOn !== first.port) {
    out.push({ purpose: `the port the pod serves (${servesOn}) instead`, command: inClient(connect(ctx, addressOf(first), servesOn)) });
  }
  if (answer.service && !answer.service.externalName) {
    const [ns, name] = answer.service.key.split('/');
    out.push({ purpose: 'the endpoints kube-proxy and DNS use', command: `kubectl -n ${ns} get endpointslices -l kubernetes.io/service-name=${name} -o wide` });
  }
  const pod = first?.pod;
  if (pod) {
    const which = pod.assumed.includes('object') && pod.owner ? `a pod of ${pod.owner.kind} ${pod.meta.namespace}/${pod.owner.name}` : keyOf(pod.meta);
    out.push({ purpose: `what ${which} listens on`, command: `${debugIn(pod)} -- ss -lntup` });
  }
  const namespaces = [...new Set([client?.meta.namespace, ...destinations.map((d) => d.pod?.meta.namespace)].filter((n): n is string => !!n))];
  if (namespaces.some((ns) => ctx.cluster.networkPolicies(ns).length > 0)) {
    out.push({ purpose: 'the NetworkPolicies involved', command: namespaces.map((ns) => `kubectl -n ${ns} describe networkpolicy`).join(' && ') });
  }
  return out;
}

/** `kubectl debug` into the pod; a simulated pod is found by its labels when the command runs. */
function debugIn(pod: Pod): string {
  const ns = pod.meta.namespace;
  if (!pod.assumed.includes('object')) return `kubectl -n ${ns} debug -it ${pod.meta.name} --image=${IMAGE}`;
  const selector = Object.entries(stableLabels(pod.meta.labels)).map(([k, v]) => `${k}=${v}`).join(',');
  return `kubectl -n ${ns} debug -it "$(kubectl -n ${ns} get pod -l ${selector} -o name | head -n 1)" --image=${IMAGE}`;
}

/** The endpoint's address; one kreach allocated is looked up in the real cluster when the command runs. */
function addressOf(d: Destination): string {
  const pod = d.pod;
  if (!pod?.assumed.includes('ip')) return d.ip;
  const ns = pod.meta.namespace;
  if (!pod.assumed.includes('object')) return `$(kubectl -n ${ns} get pod ${pod.meta.name} -o jsonpath='{.status.podIP}')`;
  const selector = Object.entries(stableLabels(pod.meta.labels)).map(([k, v]) => `${k}=${v}`).join(',');
  return `$(kubectl -n ${ns} get pod -l ${selector} -o jsonpath='{.items[0].status.podIP}')`;
}

/** curl for http(s), nc for TCP and UDP, an nmap SCTP INIT scan for SCTP (netshoot ships all three). */
function connect(ctx: TraceContext, host: string, port: number): string {
  const { target } = ctx;
  if (target.scheme === 'http' || target.scheme === 'https') return `curl -sv --max-time 5 ${formatTarget({ ...target, host, hostKind: host.includes(':') ? 'ip' : target.hostKind }, port)}/`;
  if (target.protocol === 'UDP') return `nc -vzu -w 5 ${host} ${port}`;
  if (target.protocol === 'SCTP') return `nmap -sY -p ${port} ${host}`;
  return `nc -vz -w 5 ${host} ${port}`;
}

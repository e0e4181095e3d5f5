/**
 * Concrete fixes for the problems a trace recorded (context.ts), each a one-line instruction and,
 * where one exists, a command or manifest snippet to apply it. The wording lives here only; the
 * steps record facts. Fixes follow the problems' order (the packet's path), duplicates dropped.
 */
import type { PeerFacts, Problem, TraceContext } from './context.js';
import { formatTarget } from './target.js';
import type { Fix } from './types.js';

export function fixesFor(ctx: TraceContext): Fix[] {
  const fixes: Fix[] = [];
  const headless = ctx.problems.some((p) => p.code === 'headless-port');
  for (const problem of ctx.problems) {
    // A closed port on a headless Service is fixed by the headless fixes themselves.
    if (problem.code === 'listener' && (headless || problem.servesOn !== undefined)) continue;
    for (const fix of fixesOf(ctx, problem)) if (!fixes.some((f) => f.summary === fix.summary)) fixes.push(fix);
  }
  return fixes;
}

function fixesOf(ctx: TraceContext, p: Problem): Fix[] {
  const [ns = '', name = ''] = 'service' in p ? p.service.split('/') : [];
  switch (p.code) {
    case 'headless-port':
      return [
        { summary: `dial port ${p.servesOn}, the port the pods serve: ${formatTarget(ctx.target, p.servesOn)}` },
        {
          summary: `or set \`port: ${p.servesOn}\` on Service ${p.service} (a headless Service's port should equal its targetPort)`,
          snippet: `kubectl -n ${ns} patch service ${name} --type=json -p '[{"op":"replace","path":"/spec/ports/${p.portIndex}/port","value":${p.servesOn}}]'`,
        },
        {
          summary: `or drop \`clusterIP: None\` so kube-proxy translates ${p.port} → ${p.servesOn} (clusterIP is immutable: delete and re-create the Service; keep a separate headless one if a StatefulSet needs per-pod names)`,
          snippet: `kubectl -n ${ns} delete service ${name}   # then apply the manifest without clusterIP: None`,
        },
      ];
    case 'dns-blocked': {
      const ports = p.dnsPorts.length > 0 ? p.dnsPorts : [53];
      const where = p.policies.length > 0 ? ` (the client is isolated for egress by ${p.policies.join(', ')})` : '';
      const other = ports.some((n) => n !== 53) ? `; the DNS pods listen on ${ports.join(', ')}, which is what policies see after DNAT, not the Service's 53` : '';
      const what = p.partial ? 'allow DNS to every DNS pod' : `add an egress rule for DNS: ${p.protocols.length > 0 ? p.protocols.join(' and ') : 'UDP and TCP'}`;
      return [{ summary: `${what} on ${ports.join(', ')} to the kube-system pods k8s-app=kube-dns${where}${other}`, snippet: dnsPolicy(p.namespace, ports) }];
    }
    case 'name-not-found': {
      const [elsewhere] = p.elsewhere;
      if (elsewhere) return [{ summary: `use the Service's namespace in the name: ${formatTarget({ ...ctx.target, host: `${p.service}.${elsewhere}` })}` }];
      if (p.similar.length > 0) return [{ summary: `check the name: namespace ${p.namespace} has ${p.similar.join(', ')}` }];
      return [{ summary: `create Service ${p.service} in namespace ${p.namespace}, or dial the name of an existing one` }];
    }
    case 'no-endpoints':
      return [endpointFix(p.service, p.cause, p.detail)];
    case 'unknown-port':
      return [{ summary: `dial a port Service ${p.service} declares (${p.ports.join(', ')}), or add ${ctx.target.port}/${ctx.target.protocol} to its ports` }];
    case 'no-local-endpoints':
      return [
        {
          summary: `set internalTrafficPolicy: Cluster on Service ${p.service}, or run one of its pods on ${p.node ?? "the client's node"} (its endpoints are on ${p.nodes.join(', ') || 'no node'})`,
          snippet: `kubectl -n ${ns} patch service ${name} -p '{"spec":{"internalTrafficPolicy":"Cluster"}}'`,
        },
      ];
    case 'policy-denied': {
      const where = p.policies.length === 1 ? p.policies[0] : p.policies.length > 1 ? `one of ${p.policies.join(', ')}` : `a policy selecting ${p.subject}`;
      const peer = describePeer(p.peer);
      const named = p.namedPort ? ` (or the named port ${p.namedPort}, which resolves to each pod's own number)` : '';
      const summary = `allow it in ${where}: an ${p.direction} rule ${p.direction === 'ingress' ? 'from' : 'to'} ${peer} on ${p.protocol} ${p.port}${named}`;
      return [{ summary, snippet: ruleSnippet(p.direction, p.peer, p.subject.split('/')[0] ?? '', p.protocol, p.namedPort ?? p.port) }];
    }
    case 'policy-service-port':
      return [{ summary: `in ${p.policy} spec.${p.direction}[${p.rule}], allow ${p.protocol} ${p.targetPort} (the targetPort) instead of ${p.servicePort} (the Service port): policies see the port after DNAT`, snippet: `ports:\n- protocol: ${p.protocol}\n  port: ${p.targetPort}` }];
    case 'listener':
      return [{ summary: `check that ${p.pod} listens on ${p.port}/${p.protocol} (its containers declare ${p.declared.join(', ') || 'nothing'}); if it serves elsewhere, point the Service's targetPort there` }];
    case 'outside-client':
      return [{ summary: `a ${p.what} (${p.ip}) is usually only routed inside the cluster: expose the Service as NodePort or LoadBalancer (or through an Ingress/Gateway) for outside clients` }];
  }
}

function endpointFix(service: string, cause: string, detail: string): Fix {
  switch (cause) {
    case 'selects-nothing':
      return { summary: `make Service ${service}'s selector match the pods' labels (${detail})` };
    case 'other-namespace':
      return { summary: `create Service ${service} in the pods' namespace (${detail})` };
    case 'not-ready':
      return { summary: `make the pods Ready (kubectl describe pod shows failing readiness probes), or set publishNotReadyAddresses: true if clients must find them before they are ready (${detail})` };
    case 'named-port':
      return { summary: `declare the named container port in the pods, or use the port number as targetPort of Service ${service} (${detail})` };
    case 'no-selector':
      return { summary: `add a selector to Service ${service}, or create an EndpointSlice labelled kubernetes.io/service-name=${service.split('/')[1] ?? ''} (${detail})` };
    default:
      return { summary: `find out why Service ${service} has no ready endpoint: ${detail}` };
  }
}

/** Labels a controller sets per pod or per revision: useless, even harmful, in a policy selector. */
const VOLATILE = /(^|\/)(pod-template-hash|controller-revision-hash|pod-template-generation|controller-uid|pod-name|pod-index|job-name|job-completion-index)$/;

/** The pod's labels worth selecting it by. */
export function stableLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => !VOLATILE.test(k)));
}

function describePeer(peer: PeerFacts): string {
  if (peer.kind === 'external') return `ipBlock ${peer.ip}/${peer.ip.includes(':') ? 128 : 32}`;
  const labels = Object.entries(stableLabels(peer.labels ?? {})).map(([k, v]) => `${k}=${v}`).join(',');
  return `pods ${labels || '(any)'} in namespace ${peer.namespace}`;
}

/** A rule to paste under `spec.ingress` or `spec.egress`; the namespaceSelector only when the peer is in another namespace. */
function ruleSnippet(direction: 'ingress' | 'egress', peer: PeerFacts, policyNamespace: string, protocol: string, port: number | string): string {
  const key = direction === 'ingress' ? 'from' : 'to';
  const lines = [`${direction}:`, `- ${key}:`];
  if (peer.kind === 'external') lines.push(`  - ipBlock: {cidr: ${peer.ip}/${peer.ip.includes(':') ? 128 : 32}}`);
  else {
    const labels = Object.entries(stableLabels(peer.labels ?? {})).map(([k, v]) => `${k}: ${v}`).join(', ');
    const cross = peer.namespace !== policyNamespace;
    if (cross) lines.push(`  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${peer.namespace}}}`);
    lines.push(`  ${cross ? ' ' : '-'} podSelector: {matchLabels: {${labels}}}`);
  }
  lines.push('  ports:', `  - {protocol: ${protocol}, port: ${port}}`);
  return lines.join('\n');
}

/** The standard DNS allowance (netpol.md §2.8), for every pod of the namespace. */
function dnsPolicy(namespace: string, ports: number[]): string {
  return [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    `metadata: {name: allow-dns, namespace: ${namespace}}`,
    'spec:',
    '  podSelector: {}',
    '  policyTypes: [Egress]',
    '  egress:',
    '  - to:',
    '    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}',
    '      podSelector: {matchLabels: {k8s-app: kube-dns}}',
    '    ports:',
    ...ports.flatMap((n) => [`    - {protocol: UDP, port: ${n}}`, `    - {protocol: TCP, port: ${n}}`]),
  ].join('\n');
}

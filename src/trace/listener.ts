/**
 * Step 5, listener, per destination: does a container of the pod declare the port the packet
 * arrives on? Declaring `containerPort` is informational — a process may listen on a port no
 * container declares — so "not declared" is a warning, except where the manifests say where the
 * pods really serve: a headless Service whose port maps to another targetPort on this pod
 * (services.md §7.1). Then the dialled port is almost certainly closed and the client is refused.
 * App containers and native sidecars (init containers with `restartPolicy: Always`) count, as
 * for named-port resolution (services.md §4.4); plain init containers have exited.
 */
import { findPort } from '../cluster/find-port.js';
import { keyOf, type Container, type Pod } from '../model/index.js';
import type { TraceContext } from './context.js';
import type { Destination } from './route-step.js';
import type { ListenerInfo, Step } from './types.js';

export function listenerStep(ctx: TraceContext, destinations: Destination[]): { infos: ListenerInfo[]; step: Step } {
  if (destinations.length === 0) return { infos: [], step: { id: 'listener', verdict: 'skip', summary: 'no endpoint to check', evidence: [] } };
  const infos = destinations.map((d) => check(ctx, d));
  const evidence = destinations.map((d, i) => `${d.ip}:${d.port}${d.pod ? ` ${keyOf(d.pod.meta)}` : ''}: ${(infos[i] as ListenerInfo).why}`);
  const { port, protocol } = destinations[0] as Destination;
  const declared = infos.filter((l) => l.status === 'declared').length;
  const closed = infos.filter((l) => l.servesOn !== undefined).length;
  const unknown = infos.filter((l) => l.status === 'unknown').length;
  const total = infos.length;
  const ports = [...new Set(destinations.map((d) => `${d.port}/${d.protocol}`))].join(', ');
  if (closed > 0) {
    const servesOn = [...new Set(infos.flatMap((l) => (l.servesOn !== undefined ? [l.servesOn] : [])))].join(', ');
    const summary = `${closed} of ${total} endpoint(s) serve this Service port on ${servesOn}, not ${port}/${protocol}: nothing should be listening on ${port}`;
    return { infos, step: { id: 'listener', verdict: 'fail', summary, evidence } };
  }
  if (declared === total) return { infos, step: { id: 'listener', verdict: 'ok', summary: `${ports} declared by a container on all ${total} endpoint(s)`, evidence } };
  if (unknown === total) return { infos, step: { id: 'listener', verdict: 'skip', summary: 'not a pod: its listeners are not simulated', evidence } };
  const summary = `${ports} declared on ${declared} of ${total} endpoint(s); an undeclared port may still be listened on — kreach assumes it is`;
  return { infos, step: { id: 'listener', verdict: 'warn', summary, evidence } };
}

function check(ctx: TraceContext, d: Destination): ListenerInfo {
  const pod = d.pod;
  if (!pod) return { status: 'unknown', declared: [], why: d.nodeAddress ? `node ${d.nodeAddress}: host listeners are not simulated` : 'not a pod of the cluster: its listeners are not known' };
  const containers = running(pod);
  const declared = containers.flatMap((c) => c.ports.map((p) => `${p.name ? `${p.name} ` : ''}${p.containerPort}/${p.protocol}`));
  const hostNote = pod.hostNetwork ? ' (hostNetwork: it listens in the node\'s network namespace)' : '';
  for (const c of containers) {
    const hit = c.ports.find((p) => p.containerPort === d.port && p.protocol === d.protocol);
    if (hit) {
      return { status: 'declared', container: `${c.name}/${hit.name ? `${hit.name} ` : ''}${hit.containerPort}/${hit.protocol}`, declared, why: `container ${c.name} declares ${hit.name ? `${hit.name} ` : ''}${d.port}/${d.protocol}${hostNote}` };
    }
  }
  const list = declared.length > 0 ? `declared: ${declared.join(', ')}` : 'no container declares any port';
  const sp = d.servicePort;
  const servesOn = sp && !d.translated ? findPort(pod, sp.targetPort, sp.protocol) : undefined;
  if (servesOn !== undefined && servesOn !== d.port) {
    // services.md §7.1: headless, the Service says this pod serves the port on targetPort.
    ctx.problems.push({ code: 'listener', pod: keyOf(pod.meta), port: d.port, protocol: d.protocol, declared, servesOn });
    return {
      status: 'not-declared',
      declared,
      servesOn,
      why: `no container declares ${d.port}/${d.protocol} (${list}); the Service's targetPort says the pod serves on ${servesOn} and nothing translates, so ${d.port} is refused unless something else listens there${hostNote}`,
    };
  }
  const sameProtocol = containers.some((c) => c.ports.some((p) => p.protocol === d.protocol));
  const caveat = sameProtocol ? 'a process may still listen on it undeclared; if not, the connection is refused' : `the pod declares no ${d.protocol} ports, so kreach cannot tell; assuming it listens`;
  if (sameProtocol) ctx.problems.push({ code: 'listener', pod: keyOf(pod.meta), port: d.port, protocol: d.protocol, declared });
  return { status: 'not-declared', declared, why: `no container declares ${d.port}/${d.protocol} (${list}); ${caveat}${hostNote}` };
}

/** Containers that run beside the app: app containers and native sidecars. */
function running(pod: Pod): Container[] {
  return [...pod.containers, ...pod.initContainers.filter((c) => c.restartPolicy === 'Always')];
}

/**
 * Raw container → lean `Container`: its ports (with the API server's defaults: protocol `TCP`, and
 * `hostPort = containerPort` under `hostNetwork`, `pkg/apis/core/v1/defaults.go`), the ports its
 * probes target, and its `restartPolicy` (an init container with `Always` is a native sidecar whose
 * named ports resolve, services.md §4.4). Invalid fields are reported the way
 * `pkg/apis/core/validation/validation.go` (`validateContainerPorts`, `validateProbe`) rejects them;
 * an unusable port is left out rather than guessed.
 */
import type { Container, ContainerPort, ProbePort, Protocol } from '../model/index.js';
import { portNameErrors } from '../model/validation.js';
import type { ConvertContext, FieldPath } from './context.js';
import { arrayAt, intOrStringAt, isObject, numberAt, objectAt, stringAt } from './raw.js';

export interface ContainerOptions {
  ctx: ConvertContext;
  /** Path of this container (`['spec', 'containers', 0]`). */
  path: FieldPath;
  /** Finding code (`pod-invalid`, `workload-invalid`). */
  code: string;
  hostNetwork: boolean;
  /** An entry of `initContainers`: only `restartPolicy: Always` is allowed there. */
  init: boolean;
}

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
/** Each probe with the container field that holds it. */
const PROBES = [
  ['liveness', 'livenessProbe'],
  ['readiness', 'readinessProbe'],
  ['startup', 'startupProbe'],
] as const;
const PROBE_HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

export function containerFromObject(raw: unknown, options: ContainerOptions): Container {
  const { ctx, path, code } = options;
  const report = (message: string, fieldPath: FieldPath): void => ctx.report({ code, severity: 'error', message, fieldPath });
  const name = stringAt(raw, 'name') ?? '';
  if (!name) report('container name is required', [...path, 'name']);

  const ports: ContainerPort[] = [];
  const names = new Set<string>();
  const items = arrayAt(raw, 'ports');
  for (let i = 0; i < items.length; i++) {
    // Paths are built only for a finding: most ports have none.
    const portPath = (...rest: FieldPath): FieldPath => [...path, 'ports', i, ...rest];
    const port = portFromObject(items[i], portPath, options.hostNetwork, report);
    if (!port) continue;
    // validateContainerPorts: port names are unique within one container.
    if (port.name && names.has(port.name)) report(`duplicate port name '${port.name}'`, portPath('name'));
    if (port.name) names.add(port.name);
    ports.push(port);
  }

  const container: Container = { name, ports, probes: probePorts(raw, path, report) };
  const restartPolicy = stringAt(raw, 'restartPolicy');
  if (restartPolicy !== undefined) {
    // validateInitContainers: the only restartPolicy an init container may have is Always (sidecar).
    if (options.init && restartPolicy !== 'Always') {
      report(`init container restartPolicy '${restartPolicy}' is not supported; only 'Always' (sidecar)`, [...path, 'restartPolicy']);
    }
    container.restartPolicy = restartPolicy;
  }
  return container;
}

function portFromObject(
  raw: unknown,
  path: (...rest: FieldPath) => FieldPath,
  hostNetwork: boolean,
  report: (message: string, fieldPath: FieldPath) => void,
): ContainerPort | undefined {
  if (!isObject(raw)) {
    report('a container port must be an object; ignored', path());
    return undefined;
  }
  const containerPort = numberAt(raw, 'containerPort');
  if (!isPortNumber(containerPort)) {
    report(`containerPort ${String(raw['containerPort'] ?? '(missing)')} must be between 1 and 65535; port ignored`, path('containerPort'));
    return undefined;
  }
  const protocolValue = raw['protocol'];
  const protocol = protocolValue === undefined || protocolValue === null ? 'TCP' : protocolValue;
  if (!PROTOCOLS.includes(protocol as Protocol)) {
    report(`protocol '${String(protocol)}' is not supported (TCP, UDP, SCTP); port ${containerPort} ignored`, path('protocol'));
    return undefined;
  }
  const port: ContainerPort = { containerPort, protocol: protocol as Protocol };
  const name = stringAt(raw, 'name');
  if (name) {
    const problem = portNameErrors(name).join('; ');
    if (problem) report(`port name '${name}' is invalid: ${problem}`, path('name'));
    port.name = name;
  }
  const hostPort = numberAt(raw, 'hostPort') ?? 0;
  if (hostPort !== 0 && !isPortNumber(hostPort)) {
    report(`hostPort ${hostPort} must be between 1 and 65535; ignored`, path('hostPort'));
  } else if (hostNetwork) {
    // SetDefaults_PodSpec → defaultHostNetworkPorts; validation then requires them to be equal.
    if (hostPort !== 0 && hostPort !== containerPort) {
      report(`hostPort ${hostPort} must match containerPort ${containerPort} when hostNetwork is true`, path('hostPort'));
    }
    port.hostPort = hostPort || containerPort;
  } else if (hostPort !== 0) {
    port.hostPort = hostPort;
  }
  return port;
}

/** Ports of httpGet, tcpSocket and grpc handlers of the liveness, readiness and startup probes. */
function probePorts(raw: unknown, path: FieldPath, report: (message: string, fieldPath: FieldPath) => void): ProbePort[] {
  const out: ProbePort[] = [];
  for (const [probe, field] of PROBES) {
    const spec = objectAt(raw, field);
    if (!spec) continue;
    for (const handler of PROBE_HANDLERS) {
      const action = objectAt(spec, handler);
      if (!action) continue;
      const handlerPath = (): FieldPath => [...path, field, handler, 'port'];
      // grpc.port is an int32; httpGet and tcpSocket take a number or a port name (validatePortNumOrName).
      const port = handler === 'grpc' ? numberAt(action, 'port') : intOrStringAt(action, 'port');
      if (port === undefined) report(`${field}.${handler}.port is required`, handlerPath());
      else if (typeof port === 'number' && !isPortNumber(port)) report(`probe port ${port} must be between 1 and 65535`, handlerPath());
      else if (typeof port === 'string' && portNameErrors(port).length > 0) {
        report(`probe port name '${port}' is invalid: ${portNameErrors(port).join('; ')}`, handlerPath());
      } else out.push({ probe, port });
    }
  }
  return out;
}

function isPortNumber(value: number | undefined): value is number {
  return value !== undefined && Number.isInteger(value) && value >= 1 && value <= 65535;
}

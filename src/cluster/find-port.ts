/**
 * Named-port resolution as the EndpointSlice controller does it (`FindPort` in
 * kubernetes/endpointslice utils.go; services.md §4.4).
 */
import type { Pod, Protocol } from '../model/index.js';

/**
 * The container port a Service `targetPort` means on `pod`, or undefined when a named port is not
 * found (the controller then omits that Service port for this pod, but keeps the pod).
 *
 * - A number is returned as is: nothing checks that a container declares it.
 * - A name is looked up with the Service port's protocol, in app containers first (first match
 *   wins), then in init containers with `restartPolicy: Always` (native sidecars). Plain init
 *   containers are never searched.
 */
export function findPort(pod: Pod, targetPort: number | string, protocol: Protocol): number | undefined {
  if (typeof targetPort === 'number') return targetPort;
  for (const container of pod.containers) {
    for (const port of container.ports) {
      if (port.name === targetPort && port.protocol === protocol) return port.containerPort;
    }
  }
  for (const container of pod.initContainers) {
    if (container.restartPolicy !== 'Always') continue;
    for (const port of container.ports) {
      if (port.name === targetPort && port.protocol === protocol) return port.containerPort;
    }
  }
  return undefined;
}

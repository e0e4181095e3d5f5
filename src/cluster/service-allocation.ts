/**
 * What the API server's registry assigns to a Service on create: IP families, cluster IPs from the
 * service CIDR(s) and NodePorts (services.md §1, pkg/registry/core/service/storage/alloc.go). Values
 * the input holds are kept and reserved first; the rest are placed by hash (see allocator.ts).
 */
import { keyOf, isHeadless, type Finding, type Service } from '../model/index.js';
import { AllocationError, IpAllocator, NodePortAllocator } from './allocator.js';
import { cidrContains, familyOf } from './ip.js';
import { completeIPFamilies } from './ip-families.js';
import type { ResolvedOptions } from './options.js';

export function allocateServices(services: Service[], options: ResolvedOptions, findings: Finding[]): void {
  const ips = new Map(options.serviceCIDRs.map((cidr) => [cidr.family, new IpAllocator(cidr, 'service')]));
  const nodePorts = new NodePortAllocator(options.nodePorts.min, options.nodePorts.max);
  const sorted = services
    .map((svc) => ({ svc, key: keyOf(svc.meta) }))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map((k) => k.svc);
  const invalid = (svc: Service, path: string, message: string) =>
    findings.push({ code: 'service-invalid', severity: 'error', message, path, object: `Service ${keyOf(svc.meta)}`, ...(svc.meta.source ? { source: svc.meta.source } : {}) });

  for (const svc of sorted) {
    findings.push(...completeIPFamilies(svc, options.families));
    svc.clusterIPs.forEach((ip, i) => {
      if (ip === 'None') return;
      const family = familyOf(ip);
      const cidr = options.serviceCIDRs.find((c) => c.family === family);
      if (!cidr || !cidrContains(cidr, ip)) {
        invalid(svc, `spec.clusterIPs[${i}]`, `failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range of the service CIDR(s) ${options.serviceCIDRs.map((c) => c.text).join(',')}`);
      } else if (!ips.get(cidr.family)?.reserve(ip)) {
        invalid(svc, `spec.clusterIPs[${i}]`, `failed to allocate IP ${ip}: provided IP is already allocated`);
      }
    });
    for (const [i, port] of svc.ports.entries()) {
      if (port.nodePort !== undefined && !nodePorts.reserve(port.nodePort)) {
        // Ports sharing a number (TCP 53 + UDP 53) may share a nodePort (initNodePorts).
        if (!svc.ports.some((p, j) => j < i && p.nodePort === port.nodePort && p.port === port.port)) {
          invalid(svc, `spec.ports[${i}].nodePort`, `provided port is already allocated: ${port.nodePort}`);
        }
      }
    }
    if (svc.healthCheckNodePort !== undefined) nodePorts.reserve(svc.healthCheckNodePort);
  }

  for (const svc of sorted) {
    try {
      allocateClusterIPs(svc, ips);
      allocateNodePorts(svc, nodePorts);
    } catch (error) {
      if (!(error instanceof AllocationError)) throw error;
      findings.push({ code: 'range-exhausted', severity: 'error', message: `${error.message}: Service ${keyOf(svc.meta)} gets none`, object: `Service ${keyOf(svc.meta)}` });
    }
  }
}

function allocateClusterIPs(svc: Service, ips: Map<string, IpAllocator>): void {
  if (svc.type === 'ExternalName' || isHeadless(svc)) return;
  const missing = svc.ipFamilies.filter((family) => !svc.clusterIPs.some((ip) => familyOf(ip) === family));
  if (missing.length === 0) return;
  for (const family of missing) {
    const allocator = ips.get(family);
    if (allocator) svc.clusterIPs.push(allocator.allocate(`${keyOf(svc.meta)}#${family}`));
  }
  svc.allocated.clusterIPs = true;
}

/** NodePort and LoadBalancer (with allocateLoadBalancerNodePorts) get a nodePort per port number. */
function allocateNodePorts(svc: Service, nodePorts: NodePortAllocator): void {
  const wants = svc.type === 'NodePort' || (svc.type === 'LoadBalancer' && svc.allocateLoadBalancerNodePorts !== false);
  if (wants) {
    const byPortNumber = new Map<number, number>();
    for (const port of svc.ports) if (port.nodePort !== undefined) byPortNumber.set(port.port, port.nodePort);
    for (const port of svc.ports) {
      if (port.nodePort !== undefined) continue;
      let nodePort = byPortNumber.get(port.port);
      if (nodePort === undefined) {
        nodePort = nodePorts.allocate(`${keyOf(svc.meta)}:${port.port}`);
        byPortNumber.set(port.port, nodePort);
      }
      port.nodePort = nodePort;
      svc.allocated.nodePorts = true;
    }
  }
  if (svc.type === 'LoadBalancer' && svc.externalTrafficPolicy === 'Local' && svc.healthCheckNodePort === undefined) {
    svc.healthCheckNodePort = nodePorts.allocate(`${keyOf(svc.meta)}#healthCheck`);
    svc.allocated.nodePorts = true;
  }
}

/**
 * Cluster-wide settings that a real cluster fixes in its control-plane flags, with the defaults of a
 * kubeadm cluster. Each one is a CLI flag.
 */
import type { IPFamily } from '../model/index.js';
import { parseCidr, type Cidr } from './ip.js';

export interface ClusterOptions {
  /** `--service-cluster-ip-range`; two CIDRs (one per family) make the cluster dual-stack. @default ['10.96.0.0/12'] */
  serviceCIDRs?: string[];
  /** `--cluster-cidr`; simulated pod IPs come from here. @default ['10.244.0.0/16'] */
  podCIDRs?: string[];
  /** How many synthetic nodes to create when the input has no Node objects. @default 3 */
  nodes?: number;
  /** Recompute EndpointSlices even where the input holds the controller's own (a dump). @default false */
  derive?: boolean;
  /** `--max-endpoints-per-slice` of kube-controller-manager. @default 100 */
  maxEndpointsPerSlice?: number;
  /** `--service-node-port-range`. @default '30000-32767' */
  nodePortRange?: string;
}

/** Options after defaulting and parsing. */
export interface ResolvedOptions {
  serviceCIDRs: Cidr[];
  podCIDRs: Cidr[];
  /** The cluster's Service IP families, primary first. */
  families: IPFamily[];
  nodes: number;
  derive: boolean;
  maxEndpointsPerSlice: number;
  nodePorts: { min: number; max: number };
}

export class OptionsError extends Error {
  readonly code = 'invalid-option';
}

/** The IPv6 ranges added when the input asks for dual-stack and no CIDR was given (kind's defaults). */
export const DUAL_STACK_DEFAULTS = { service: 'fd00:10:96::/112', pod: 'fd00:10:244::/56' };

/**
 * Defaults and parses the options. `dualStack` adds the IPv6 ranges of DUAL_STACK_DEFAULTS to
 * whichever CIDR list the user left unset.
 */
export function resolveOptions(options: ClusterOptions = {}, dualStack = false): ResolvedOptions {
  const serviceCIDRs = parseCidrs(options.serviceCIDRs ?? ['10.96.0.0/12', ...(dualStack ? [DUAL_STACK_DEFAULTS.service] : [])], 'service CIDR');
  const podCIDRs = parseCidrs(options.podCIDRs ?? ['10.244.0.0/16', ...(dualStack ? [DUAL_STACK_DEFAULTS.pod] : [])], 'pod CIDR');
  const nodes = options.nodes ?? 3;
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 100_000) {
    throw new OptionsError(`--nodes must be an integer from 1 to 100000, got ${nodes}`);
  }
  const maxEndpointsPerSlice = options.maxEndpointsPerSlice ?? 100;
  if (!Number.isInteger(maxEndpointsPerSlice) || maxEndpointsPerSlice < 1 || maxEndpointsPerSlice > 1000) {
    throw new OptionsError(`max endpoints per slice must be 1..1000, got ${maxEndpointsPerSlice}`);
  }
  return {
    serviceCIDRs,
    podCIDRs,
    families: serviceCIDRs.map((c) => c.family),
    nodes,
    derive: options.derive ?? false,
    maxEndpointsPerSlice,
    nodePorts: parsePortRange(options.nodePortRange ?? '30000-32767'),
  };
}

/** One CIDR, or two of different families (dual-stack), as the control-plane flags accept. */
function parseCidrs(texts: string[], what: string): Cidr[] {
  const cidrs = texts.flatMap((t) => t.split(',')).map((text) => {
    const cidr = parseCidr(text);
    if (!cidr) throw new OptionsError(`invalid ${what} "${text}": expected e.g. 10.96.0.0/12`);
    return cidr;
  });
  if (cidrs.length === 0 || cidrs.length > 2 || (cidrs.length === 2 && cidrs[0]?.family === cidrs[1]?.family)) {
    throw new OptionsError(`${what}: give one CIDR, or two of different IP families for dual-stack`);
  }
  return cidrs;
}

function parsePortRange(text: string): { min: number; max: number } {
  const match = /^(\d+)-(\d+)$/.exec(text.trim());
  const min = Number(match?.[1]);
  const max = Number(match?.[2]);
  if (!match || min < 1 || max > 65535 || min > max) {
    throw new OptionsError(`invalid NodePort range "${text}": expected e.g. 30000-32767`);
  }
  return { min, max };
}

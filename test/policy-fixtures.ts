/**
 * Builders for the policy tests: a lean NetworkPolicy from a default plus a tweak function (as
 * kubernetes' `makeTestService` in pkg/proxy/nftables/proxier_test.go), namespaces, and a cluster
 * built from them.
 */
import { Cluster } from '../src/cluster/cluster.js';
import { emptyManifests, type Namespace, type NetworkPolicy, type Pod, type PolicyPeer, type PolicyPort, type PolicyRule, type Protocol } from '../src/model/index.js';
import { parseSelector } from '../src/model/labels.js';

/**
 * A policy selecting every pod of `namespace` with no rules. When the tweak leaves `policyTypes`
 * empty it is defaulted afterwards as the converter does (netpol.md §2.3): Ingress, plus Egress when
 * there are egress rules.
 */
export function makePolicy(name: string, tweak: (p: NetworkPolicy) => void = () => {}, namespace = 'default'): NetworkPolicy {
  const policy: NetworkPolicy = {
    meta: { name, namespace, labels: {}, annotations: {} },
    podSelector: parseSelector(''),
    policyTypes: [],
    ingress: [],
    egress: [],
  };
  tweak(policy);
  if (policy.policyTypes.length === 0) policy.policyTypes = policy.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  return policy;
}

/** `sel('app=api')`: a selector from `-l` text; `sel('')` is `{}`. */
export const sel = parseSelector;

/** A rule; `undefined` peers or ports stand for an absent `from`/`to` or `ports` (all match). */
export function rule(peers?: PolicyPeer[], ports?: PolicyPort[]): PolicyRule {
  const out: PolicyRule = {};
  if (peers !== undefined) out.peers = peers;
  if (ports !== undefined) out.ports = ports;
  return out;
}

/** A peer with a podSelector (`pods`), a namespaceSelector (`ns`) or both (one peer: AND). */
export function peer(selectors: { pods?: string; ns?: string }): PolicyPeer {
  const out: PolicyPeer = {};
  if (selectors.pods !== undefined) out.podSelector = sel(selectors.pods);
  if (selectors.ns !== undefined) out.namespaceSelector = sel(selectors.ns);
  return out;
}

/** An ipBlock peer. */
export function ipBlock(cidr: string, ...except: string[]): PolicyPeer {
  return { ipBlock: { cidr, except } };
}

/** A port entry: `port(8080)`, `port('http')`, `port(8000, 'TCP', 8080)`, `port(undefined, 'UDP')`. */
export function port(value: number | string | undefined, protocol: Protocol = 'TCP', endPort?: number): PolicyPort {
  const out: PolicyPort = { protocol };
  if (value !== undefined) out.port = value;
  if (endPort !== undefined) out.endPort = endPort;
  return out;
}

export function makeNamespace(name: string, labels: Record<string, string> = {}): Namespace {
  return { meta: { name, namespace: '', labels: { 'kubernetes.io/metadata.name': name, ...labels }, annotations: {} }, simulated: false };
}

/** A cluster of these objects (namespaces not listed are added with their name label). */
export function policyCluster(pods: Pod[], networkPolicies: NetworkPolicy[], namespaces: Namespace[] = []): Cluster {
  return Cluster.fromManifests({ ...emptyManifests(), pods, networkPolicies, namespaces });
}

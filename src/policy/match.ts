/**
 * Does one rule of a policy match one connection? A rule matches when one of its peers matches the
 * other endpoint AND one of its port entries matches the destination port (netpol.md §2.5, §2.10).
 * These functions are pure; the engine passes in the cached namespace-selector lookup. ipBlock CIDRs
 * are parsed once per ipBlock object and kept in a WeakMap, so a policy replaced in the store drops
 * its parsed form with it.
 */
import { findPort } from '../cluster/find-port.js';
import { cidrContains, parseCidr, type Cidr } from '../cluster/ip.js';
import { keyOf, type IPBlock, type LabelSelector, type Pod, type PolicyPeer, type PolicyPort, type Protocol } from '../model/index.js';
import { matchesSelector } from '../model/labels.js';
import { MAX_PORT, MIN_PORT, type PortRange } from './port-set.js';
import type { RuleMatch } from './types.js';

/**
 * The other endpoint as rules see it: its addresses, and the pod when selectors may match it.
 * `pod` is absent for external addresses and for hostNetwork pods, which plugins commonly treat as
 * node traffic that only an ipBlock can match (netpol.md §2.9).
 */
export interface Endpoint {
  pod?: Pod;
  ips: readonly string[];
}

/** Answers "do the labels of namespace `ns` match `selector`?" (cached by the engine). */
export type NamespaceMatcher = (selector: LabelSelector, ns: string) => boolean;

/** The matched peer index; `undefined` when the rule lists no peers; -1 when no peer matches. */
export function matchPeers(peers: PolicyPeer[] | undefined, ep: Endpoint, policyNs: string, nsMatches: NamespaceMatcher): number | undefined {
  // `from`/`to` absent or `[]`: every pod in every namespace and every IP (§2.5; the converter
  // turns both into `undefined`).
  if (peers === undefined || peers.length === 0) return undefined;
  return peers.findIndex((peer) => peerMatches(peer, ep, policyNs, nsMatches));
}

/** One peer (§2.6); separate peers OR together, the fields of one peer AND. */
export function peerMatches(peer: PolicyPeer, ep: Endpoint, policyNs: string, nsMatches: NamespaceMatcher): boolean {
  if (peer.ipBlock) {
    // ipBlock matches by address, pods included (e2e behaviour, §1 takeaway 4).
    const block = peer.ipBlock;
    return ep.ips.some((ip) => ipBlockContains(block, ip));
  }
  // A peer with no field at all is invalid (§2.5 table); it must not widen a rule.
  if (!peer.podSelector && !peer.namespaceSelector) return false;
  // Selectors never match an external address (§2.6).
  if (!ep.pod) return false;
  const ns = ep.pod.meta.namespace;
  if (peer.namespaceSelector) {
    // namespaceSelector: namespaces chosen by their labels; `{}` is every namespace (§2.6).
    if (!nsMatches(peer.namespaceSelector, ns)) return false;
  } else if (ns !== policyNs) {
    // podSelector alone: pods in the policy's own namespace only (§2.6).
    return false;
  }
  // A nil podSelector beside a namespaceSelector does not constrain pods (§2.6).
  return !peer.podSelector || matchesSelector(peer.podSelector, ep.pod.meta.labels);
}

/** A parsed ipBlock; `cidr` undefined when some part is not a CIDR (the block matches nothing). */
interface ParsedBlock {
  cidr?: Cidr;
  except: Cidr[];
}

const parsedBlocks = new WeakMap<IPBlock, ParsedBlock>();

function parseBlock(block: IPBlock): ParsedBlock {
  let out = parsedBlocks.get(block);
  if (out) return out;
  // A cidr with host bits set (`192.168.242.213/24`) means its network (§2.6); parseCidr masks it.
  const cidr = parseCidr(block.cidr);
  const except = block.except.map(parseCidr);
  // The API server rejects a policy with an invalid except entry. Skipping just that entry would
  // widen the block, so an unparsable part makes the whole block match nothing.
  const valid = cidr !== undefined && except.every((c) => c !== undefined);
  out = valid ? { cidr, except: except as Cidr[] } : { except: [] };
  parsedBlocks.set(block, out);
  return out;
}

/** Drop the parsed form of a block (its policy changed; the object may have been edited in place). */
export function forgetIpBlock(block: IPBlock): void {
  parsedBlocks.delete(block);
}

/**
 * Is `ip` inside `block.cidr` and outside every `block.except` (§2.6)? Families never mix; pod
 * addresses count like any other (§1 takeaway 4).
 */
export function ipBlockContains(block: IPBlock, ip: string): boolean {
  const { cidr, except } = parseBlock(block);
  if (!cidr || !cidrContains(cidr, ip)) return false;
  return !except.some((c) => cidrContains(c, ip));
}

/** A matched port entry (absent when the rule lists no ports) and the named port it resolved. */
export interface PortMatch {
  port?: RuleMatch['port'];
  namedPort?: RuleMatch['namedPort'];
}

/**
 * The first entry of `ports` matching `protocol`/`port` at the destination, or undefined when none
 * does. Absent or `[]` ports match everything (§2.5).
 */
export function matchPorts(ports: PolicyPort[] | undefined, dstPod: Pod | undefined, protocol: Protocol, port: number): PortMatch | undefined {
  if (ports === undefined || ports.length === 0) return {};
  for (let i = 0; i < ports.length; i++) {
    const entry = ports[i] as PolicyPort;
    // Protocols are kept apart: an SCTP or UDP entry never admits TCP (§2.7). The converter has
    // already defaulted an absent protocol to TCP.
    if (entry.protocol !== protocol) continue;
    // No port: every port of that protocol (§2.5).
    if (entry.port === undefined) return { port: { index: i, entry } };
    if (typeof entry.port === 'number') {
      // endPort: the inclusive range [port, endPort] (§2.7).
      if (port >= entry.port && port <= (entry.endPort ?? entry.port)) return { port: { index: i, entry } };
      continue;
    }
    // Named port: resolved on the destination pod by name and protocol; an external destination
    // never matches a name (§1 takeaway 3, §2.7).
    const resolved = dstPod ? findPort(dstPod, entry.port, protocol) : undefined;
    if (resolved === port && dstPod) return { port: { index: i, entry }, namedPort: { name: entry.port, port: resolved, pod: keyOf(dstPod.meta) } };
  }
  return undefined;
}

/**
 * The interval one port entry admits at `dstPod`: all ports of its protocol without `port`, the
 * `[port, endPort]` range, or the named port's number there (undefined when it does not resolve,
 * always for an external destination).
 */
export function portEntryRange(entry: PolicyPort, dstPod: Pod | undefined): PortRange | undefined {
  if (entry.port === undefined) return [MIN_PORT, MAX_PORT];
  if (typeof entry.port === 'number') return [entry.port, entry.endPort ?? entry.port];
  const resolved = dstPod ? findPort(dstPod, entry.port, entry.protocol) : undefined;
  return resolved === undefined ? undefined : [resolved, resolved];
}

/**
 * The policy engine's message texts, kept apart from evaluation (STYLE.md "Message texts live in
 * one module"). A verdict already carries every fact; this module only words it: a summary line, the
 * undefined case when there is one, then one line per direction naming the deciding policy, rule and
 * entries, e.g. `egress allowed by shop/allow-api spec.egress[0] (to: podSelector app=api; ports:
 * TCP 8080)`.
 */
import type { LabelSelector, PolicyPeer, PolicyPort } from '../model/index.js';
import { formatSelector } from '../model/labels.js';
import { peerName, type DirectionVerdict, type RuleMatch, type UndefinedCase, type Verdict } from './types.js';

/** The lines explaining a verdict: summary, undefined case (if any), egress, ingress. */
export function explainVerdict(v: Verdict): string[] {
  const lines = [summary(v)];
  if (v.undefinedCase) lines.push(explainUndefined(v.undefinedCase));
  lines.push(explainDirection(v.egress, v), explainDirection(v.ingress, v));
  return lines;
}

/** `TCP 8080 from shop/frontend-1 to shop/api-1: denied (ingress)`. */
function summary(v: Verdict): string {
  const head = `${v.protocol} ${v.port} from ${peerName(v.src)} to ${peerName(v.dst)}`;
  if (v.allowed === 'undefined') return `${head}: undefined`;
  if (v.allowed) return `${head}: allowed`;
  const by = [v.egress, v.ingress].filter((d) => d.allowed === false).map((d) => d.direction);
  return `${head}: denied (${by.join(' and ')})`;
}

/** Why the API leaves the connection undefined, and how the direction lines read it (§2.9). */
export function explainUndefined(u: UndefinedCase): string {
  if (u.reason === 'self') {
    return `undefined: ${u.pod} is connecting to itself; the NetworkPolicy API leaves this undefined (a pod cannot block itself and CNIs differ, netpol.md §2.9); the lines below read its policies as for any other peer`;
  }
  return `undefined: ${u.pod} uses hostNetwork; the NetworkPolicy API leaves its traffic undefined (netpol.md §2.9); the lines below read it as most plugins do: its own policies are not enforced and rules match it as node traffic (ipBlock only)`;
}

/** One line for one direction of a verdict. */
export function explainDirection(d: DirectionVerdict, v: Verdict): string {
  const { direction } = d;
  const subject = d.subject ?? peerName(direction === 'egress' ? v.src : v.dst);
  const other = peerName(direction === 'egress' ? v.dst : v.src);
  switch (d.reason) {
    case 'external':
      return `${direction} not checked: ${subject} is outside the cluster and has no policies of its own`;
    case 'not-isolated':
      return `${direction} allowed: ${subject} is not isolated for ${direction} (no policy in its namespace selects it for ${direction})`;
    case 'rule':
      return `${direction} allowed by ${formatRuleMatch(d.match as RuleMatch)}`;
    case 'no-rule':
      return `${direction} denied: ${subject} is isolated for ${direction} by ${d.policies.join(', ')} and no rule admits ${other} on ${v.protocol} ${v.port}`;
    case 'host-network': {
      const by = d.policies.length > 0 ? `, selected by ${d.policies.join(', ')}` : '';
      return `${direction} undefined: ${subject} uses hostNetwork; whether its policies apply is undefined${by}`;
    }
  }
}

/** `shop/allow-api spec.egress[0] (to: podSelector app=api; ports: TCP 8080)`. */
export function formatRuleMatch(m: RuleMatch): string {
  const peers = m.peer ? formatPeer(m.peer.entry) : 'any peer';
  let ports = 'all';
  if (m.port) {
    ports = formatPolicyPort(m.port.entry);
    if (m.namedPort) ports += ` = ${m.namedPort.port} on ${m.namedPort.pod}`;
  }
  const peerKey = m.direction === 'ingress' ? 'from' : 'to';
  return `${m.policy} spec.${m.direction}[${m.rule}] (${peerKey}: ${peers}; ports: ${ports})`;
}

/**
 * A peer entry: `ipBlock 10.0.0.0/8 except 10.1.0.0/16`, `podSelector app=api`, or
 * `namespaceSelector team=a and podSelector app=api` (one peer's selectors AND, §2.6).
 */
export function formatPeer(peer: PolicyPeer): string {
  if (peer.ipBlock) {
    const except = peer.ipBlock.except.length > 0 ? ` except ${peer.ipBlock.except.join(',')}` : '';
    return `ipBlock ${peer.ipBlock.cidr}${except}`;
  }
  const parts: string[] = [];
  if (peer.namespaceSelector) parts.push(`namespaceSelector ${selectorText(peer.namespaceSelector)}`);
  if (peer.podSelector) parts.push(`podSelector ${selectorText(peer.podSelector)}`);
  return parts.join(' and ') || 'empty peer';
}

/** A port entry: `TCP 8080`, `TCP 8000-8080`, `UDP all` (no port), `TCP http` (named). */
export function formatPolicyPort(port: PolicyPort): string {
  if (port.port === undefined) return `${port.protocol} all`;
  if (port.endPort !== undefined && port.endPort !== port.port) return `${port.protocol} ${port.port}-${port.endPort}`;
  return `${port.protocol} ${port.port}`;
}

/** `app=api`, or `{}` for the selector that matches everything. */
function selectorText(selector: LabelSelector): string {
  return formatSelector(selector) || '{}';
}

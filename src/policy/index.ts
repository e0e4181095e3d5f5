/** NetworkPolicy evaluation with reasons (netpol.md §2), re-exported in one place. */
export { PolicyEngine } from './engine.js';
export { sharedPolicyEngine } from './shared-engine.js';
export { explainDirection, explainUndefined, explainVerdict, formatPeer, formatPolicyPort, formatRuleMatch } from './explain.js';
export { ipBlockContains, matchPeers, matchPorts, peerMatches, portEntryRange, type Endpoint, type NamespaceMatcher, type PortMatch } from './match.js';
export {
  MAX_PORT,
  MIN_PORT,
  POLICY_PROTOCOLS,
  PortSet,
  complementRanges,
  formatRanges,
  intersectRanges,
  normalizeRanges,
  rangesContain,
  unionRanges,
  type PortRange,
  type PortRanges,
} from './port-set.js';
export {
  externalPeer,
  peerName,
  podPeer,
  undefinedCase,
  type Direction,
  type DirectionReason,
  type DirectionVerdict,
  type Peer,
  type RuleMatch,
  type UndefinedCase,
  type Verdict,
} from './types.js';

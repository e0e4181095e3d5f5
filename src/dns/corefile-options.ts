/**
 * The `kubernetes [ZONES…] { … }` stanza → DnsConfig: one handler per option that changes answers,
 * a list of accepted options kreach does not simulate, and the plugin's defaults for everything
 * left out (ttl 5, pods disabled: dns.md §0; not kubeadm's values).
 *
 * @see coredns/coredns `plugin/kubernetes/setup.go` (`ParseStanza`) and `plugin/kubernetes/README.md`.
 */
import type { Severity } from '../model/index.js';
import type { DnsConfig, PodsMode } from './config.js';
import type { Directive, Token } from './corefile-lex.js';
import { CODE, MSG } from './corefile-messages.js';
import { isReverseZone, normalizeZone } from './corefile-zones.js';

/** Where a stanza reports what it finds; the caller turns it into a Finding with a position. */
export type Report = (severity: Severity, code: string, message: string, at: Token) => void;

/** The plugin's own defaults for the given zones (README: ttl 5, pods disabled). */
export function pluginDefaults(zones: string[]): DnsConfig {
  return {
    zones,
    ttl: 5,
    pods: 'disabled',
    endpointPodNames: false,
    namespaces: [],
    ignoreEmptyService: false,
    noEndpoints: false,
  };
}

const POD_MODES: readonly PodsMode[] = ['disabled', 'insecure', 'verified'];

/** Options CoreDNS accepts that change nothing kreach simulates, with what is assumed instead. */
const IGNORED: Record<string, string> = {
  endpoint: 'API server connection',
  tls: 'API server connection',
  kubeconfig: 'API server connection',
  apiserver_qps: 'API client rate limit',
  apiserver_burst: 'API client rate limit',
  apiserver_max_inflight: 'API client rate limit',
  startup_timeout: 'answers are given as after the first sync',
  labels: 'answers assume every Service and EndpointSlice matches the label selector',
  namespace_labels: 'answers assume every namespace matches the selector',
  multicluster: 'multi-cluster ServiceImport zones are not served',
};

/** Options of earlier CoreDNS releases that current CoreDNS rejects as unknown properties. */
const REMOVED = new Set(['resyncperiod', 'upstream', 'transfer']);

/** An option handler: applies the arguments, or returns what is wrong with them. */
type OptionHandler = (config: DnsConfig, args: string[], at: Token, report: Report) => string | undefined;

const noArgs =
  (apply: (c: DnsConfig) => void): OptionHandler =>
  (c, args) => {
    if (args.length > 0) return 'takes no arguments';
    apply(c);
    return undefined;
  };

/** What each answer-changing option does, per setup.go `ParseStanza`. */
const OPTIONS: Record<string, OptionHandler> = {
  endpoint_pod_names: noArgs((c) => (c.endpointPodNames = true)),
  noendpoints: noArgs((c) => (c.noEndpoints = true)),
  pods: (c, args) => {
    const mode = args[0] as PodsMode;
    if (args.length !== 1 || !POD_MODES.includes(mode)) return 'expects one of disabled, insecure, verified';
    c.pods = mode;
    return undefined;
  },
  namespaces: (c, args) => {
    if (args.length === 0) return 'expects at least one namespace';
    for (const ns of args) if (!c.namespaces.includes(ns)) c.namespaces.push(ns);
    return undefined;
  },
  ttl: (c, args) => {
    // strconv.Atoi, then "ttl must be in range [0, 3600]".
    if (args.length !== 1 || !/^[+-]?\d+$/.test(args[0]!)) return 'expects one whole number of seconds';
    const ttl = Number(args[0]);
    if (ttl < 0 || ttl > 3600) return `ttl must be in range [0, 3600]: ${ttl}`;
    c.ttl = ttl;
    return undefined;
  },
  ignore: (c, args, at, report) => {
    if (args.length === 0) {
      // setup.go falls out of the switch without an error: a bare `ignore` does nothing.
      report('warning', CODE.optionUnknown, MSG.optionUnknown(at.line, 'ignore', 'without a value it does nothing'), at);
      return undefined;
    }
    if (args[0] !== 'empty_service') return `unable to parse ignore value: '${args[0]}'`;
    c.ignoreEmptyService = true;
    return undefined;
  },
  fallthrough: (c, args, at, report) => {
    // Bare `fallthrough` (or `.`) covers every zone of the plugin (plugin/pkg/fall `SetZonesFromArgs`).
    const zones = zonesOf(args, at, report);
    c.fallthrough = zones.includes('.') ? [] : zones;
    return undefined;
  },
};

/**
 * One stanza over the plugin defaults. `zones` come from the plugin's arguments or else the server
 * block's keys; `clusterDomain` stands in when none of them is a forward zone.
 */
export function parseStanza(stanza: Directive, zones: string[], report: Report, clusterDomain: string): DnsConfig {
  const at = stanza.name;
  if (zones.includes('.')) {
    report('warning', CODE.rootZone, MSG.rootZone(at.line), at);
    zones = zones.filter((z) => z !== '.');
  }
  if (!zones.some((z) => !isReverseZone(z))) {
    report('error', CODE.noForwardZone, MSG.noForwardZone(at.line, clusterDomain), at);
    zones.unshift(clusterDomain);
  }
  const config = pluginDefaults(zones);
  let namespaceLabels = false;
  for (const option of stanza.block ?? []) {
    const name = option.name.text;
    const handler = OPTIONS[name];
    if (handler) {
      const problem = handler(config, option.args.map((t) => t.text), option.name, report);
      if (problem) report('error', CODE.optionInvalid, MSG.optionInvalid(option.name.line, name, problem), option.name);
    } else if (IGNORED[name] !== undefined) {
      namespaceLabels ||= name === 'namespace_labels';
      report('info', CODE.optionIgnored, MSG.optionIgnored(option.name.line, name, IGNORED[name]), option.name);
    } else {
      const detail = REMOVED.has(name)
        ? 'no longer a kubernetes plugin option; current CoreDNS refuses it as an unknown property'
        : `unknown property; CoreDNS would not start ("unknown property '${name}'")`;
      report('warning', CODE.optionUnknown, MSG.optionUnknown(option.name.line, name, detail), option.name);
    }
  }
  if (namespaceLabels && config.namespaces.length > 0) {
    const detail = 'namespaces and namespace_labels cannot both be set';
    report('error', CODE.optionInvalid, MSG.optionInvalid(at.line, 'namespaces', detail), at);
  }
  return config;
}

/** Normalised zones of keys or arguments; unusable ones are reported and dropped (as CoreDNS does). */
export function zonesOf(texts: string[], at: Token, report: Report): string[] {
  const zones: string[] = [];
  for (const text of texts) {
    const result = normalizeZone(text);
    if ('error' in result) {
      report('warning', CODE.zoneInvalid, MSG.zoneInvalid(at.line, text, result.error), at);
      continue;
    }
    for (const z of result.zones) if (!zones.includes(z)) zones.push(z);
  }
  return zones;
}

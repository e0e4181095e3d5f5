/**
 * Corefile → DnsConfig. `parseCorefile` finds the server blocks that use the `kubernetes` plugin and
 * reads its stanza; `dnsConfigFromSources` picks the configuration kreach answers with: a
 * `--corefile` file, else the cluster's `kube-system/coredns` ConfigMap, else the kubeadm profile,
 * with the `--zone`, `--ttl`, `--pods`, `--endpoint-pod-names` flags applied on top. Problems are
 * findings with Corefile line numbers; CoreDNS would refuse to start on most errors.
 *
 * @see coredns/coredns `plugin/kubernetes/setup.go`, `core/dnsserver/register.go` (server blocks),
 *   and kubernetes/kubernetes `cmd/kubeadm/app/phases/addons/dns/manifests.go` (the kubeadm Corefile).
 */
import type { Finding, Severity } from '../model/index.js';
import { kubeadmProfile, type DnsConfig, type PodsMode } from './config.js';
import { parseCorefileBlocks } from './corefile-lex.js';
import { CODE, MSG } from './corefile-messages.js';
import { parseStanza, pluginDefaults, zonesOf, type Report } from './corefile-options.js';
import { isReverseZone, normalizeZone } from './corefile-zones.js';

export { pluginDefaults } from './corefile-options.js';

export interface ParseCorefileOptions {
  /** Where the text came from, for finding positions (`--corefile` path, or the manifest file). */
  file?: string;
  docIndex?: number;
  /** Added to Corefile line numbers when the text sits inside a larger file (a ConfigMap). */
  lineOffset?: number;
  /** The object findings are about (`ConfigMap kube-system/coredns`). */
  object?: string;
  /** Assumed when the Corefile names no usable forward zone. @default 'cluster.local' */
  clusterDomain?: string;
}

export interface CorefileResult {
  /** The first kubernetes plugin's options over the plugin defaults; zones of every such plugin. */
  config: DnsConfig;
  findings: Finding[];
  /** Some server block uses the `kubernetes` plugin; when false `config.zones` is empty. */
  found: boolean;
}

/** Read a Corefile's `kubernetes` plugin. Zones come from its arguments, else its server block's keys. */
export function parseCorefile(text: string, options: ParseCorefileOptions = {}): CorefileResult {
  const findings: Finding[] = [];
  const report: Report = (severity, code, message, at) => findings.push(finding(severity, code, message, at, options));
  const { blocks, problems } = parseCorefileBlocks(text);
  for (const p of problems) findings.push(finding('error', CODE.syntax, MSG.syntax(p.line, p.message), p, options));

  let config: DnsConfig | undefined;
  let firstOptions = '';
  for (const block of blocks) {
    if (block.snippet) continue;
    for (const d of block.directives) {
      if (d.name.text === 'import') report('info', CODE.importIgnored, MSG.importIgnored(d.name.line), d.name);
    }
    const [stanza, ...extra] = block.directives.filter((d) => d.name.text === 'kubernetes');
    if (!stanza) continue;
    // "plugin can only be used once per Server Block" (plugin.ErrOnce).
    for (const e of extra) report('error', CODE.kubernetesRepeated, MSG.kubernetesRepeated(e.name.line), e.name);
    const zoneTexts = (stanza.args.length > 0 ? stanza.args : block.keys).map((t) => t.text);
    const zones = zonesOf(zoneTexts, stanza.name, report);
    const parsed = parseStanza(stanza, zones, report, options.clusterDomain ?? 'cluster.local');
    const optionsText = JSON.stringify({ ...parsed, zones: [] });
    if (!config) {
      [config, firstOptions] = [parsed, optionsText];
      continue;
    }
    if (optionsText !== firstOptions) {
      report('warning', CODE.kubernetesDiffers, MSG.kubernetesDiffers(stanza.name.line), stanza.name);
    }
    for (const z of parsed.zones) if (!config.zones.includes(z)) config.zones.push(z);
  }
  if (!config) {
    findings.push(finding('warning', CODE.noKubernetes, MSG.noKubernetes(), { line: 1, col: 1 }, options));
    return { config: pluginDefaults([]), findings, found: false };
  }
  return { config, findings, found: true };
}

/** Command-line overrides, applied after the source is chosen. */
export interface DnsFlags {
  /** `--zone`: replaces the cluster (first non-reverse) zone. */
  zone?: string;
  ttl?: number;
  pods?: string;
  endpointPodNames?: boolean;
}

export interface DnsSources {
  /** Text of the `--corefile FILE`, and its path for findings. */
  corefile?: string;
  corefilePath?: string;
  /** The Corefile key of the cluster's `kube-system/coredns` ConfigMap, and where it was read. */
  corefileFromCluster?: string;
  clusterCorefileOptions?: Pick<ParseCorefileOptions, 'file' | 'docIndex' | 'lineOffset'>;
  flags: DnsFlags;
}

export type DnsConfigSource = 'kubeadm-default' | 'cluster-configmap' | 'corefile-flag';

/**
 * The DNS configuration in effect: `--corefile` > ConfigMap `kube-system/coredns` > kubeadm profile,
 * then flags. `source` names the base that was used.
 */
export function dnsConfigFromSources(sources: DnsSources): {
  config: DnsConfig;
  source: DnsConfigSource;
  findings: Finding[];
} {
  const findings: Finding[] = [];
  const flags = sources.flags;
  let config: DnsConfig;
  let source: DnsConfigSource;
  if (sources.corefile !== undefined) {
    const path = sources.corefilePath ?? '--corefile';
    const parsed = parseCorefile(sources.corefile, { file: path });
    [config, source] = [parsed.config, 'corefile-flag'];
    findings.push(...parsed.findings);
    if (sources.corefileFromCluster !== undefined) {
      findings.push({ code: CODE.configSource, severity: 'info', message: MSG.corefileOverridesCluster(path) });
    }
  } else if (sources.corefileFromCluster !== undefined) {
    const parsed = parseCorefile(sources.corefileFromCluster, {
      ...sources.clusterCorefileOptions,
      object: 'ConfigMap kube-system/coredns',
    });
    [config, source] = [parsed.config, 'cluster-configmap'];
    findings.push(...parsed.findings);
  } else {
    [config, source] = [kubeadmProfile(), 'kubeadm-default'];
  }
  applyFlags(config, flags, findings);
  return { config, source, findings };
}

function applyFlags(config: DnsConfig, flags: DnsFlags, findings: Finding[]): void {
  const invalid = (flag: string, value: unknown, expected: string) =>
    findings.push({ code: CODE.flagInvalid, severity: 'error', message: MSG.flagInvalid(flag, String(value), expected) });
  if (flags.zone !== undefined) {
    const result = normalizeZone(flags.zone);
    const zone = 'zones' in result && result.zones.length === 1 ? result.zones[0]! : undefined;
    if (zone === undefined || zone === '.' || isReverseZone(zone)) invalid('zone', flags.zone, 'a cluster domain such as cluster.local');
    else replacePrimaryZone(config, zone);
  }
  if (flags.ttl !== undefined) {
    if (Number.isInteger(flags.ttl) && flags.ttl >= 0 && flags.ttl <= 3600) config.ttl = flags.ttl;
    else invalid('ttl', flags.ttl, 'whole seconds in 0..3600');
  }
  if (flags.pods !== undefined) {
    if (['disabled', 'insecure', 'verified'].includes(flags.pods)) config.pods = flags.pods as PodsMode;
    else invalid('pods', flags.pods, 'disabled, insecure or verified');
  }
  if (flags.endpointPodNames !== undefined) config.endpointPodNames = flags.endpointPodNames;
}

/** Swap the first forward zone (the one records are built under) for `zone`, in fallthrough too. */
function replacePrimaryZone(config: DnsConfig, zone: string): void {
  const index = config.zones.findIndex((z) => !isReverseZone(z));
  const old = config.zones[index];
  if (old === undefined) {
    config.zones.unshift(zone);
    return;
  }
  config.zones = [...new Set(config.zones.map((z) => (z === old ? zone : z)))];
  if (config.fallthrough) config.fallthrough = config.fallthrough.map((z) => (z === old ? zone : z));
}

function finding(
  severity: Severity,
  code: string,
  message: string,
  at: { line: number; col: number },
  options: ParseCorefileOptions,
): Finding {
  return {
    code,
    severity,
    message,
    ...(options.object !== undefined && { object: options.object }),
    ...(options.file !== undefined && {
      source: { file: options.file, docIndex: options.docIndex ?? 0, line: at.line + (options.lineOffset ?? 0), col: at.col },
    }),
  };
}

/**
 * The options every `kreach dns` command shares: how the cluster's CoreDNS is configured (flags, a
 * Corefile, or the cluster's own `kube-system/coredns` ConfigMap), and the engine built from them.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Cluster } from '../cluster/cluster.js';
import type { DnsConfig } from '../dns/config.js';
import { dnsConfigFromSources, type DnsConfigSource } from '../dns/corefile.js';
import { ClusterDnsEngine } from '../dns/engine.js';
import { UsageError } from './exit-codes.js';
import { reportInput } from './report.js';

export interface DnsOptions {
  zone?: string;
  ttl?: string;
  pods?: string;
  endpointPodNames?: boolean;
  corefile?: string;
  verbose?: boolean;
}

export function addDnsOptions(command: Command): Command {
  return command
    .option('--zone <domain>', 'cluster domain (default cluster.local)')
    .option('--ttl <seconds>', 'TTL of answers, 0-3600 (kubeadm profile: 30)')
    .option('--pods <mode>', 'pod records: disabled, insecure or verified (kubeadm profile: insecure)')
    .option('--endpoint-pod-names', 'name endpoints without a hostname after their pod')
    .option('--corefile <file>', "read the kubernetes block of this Corefile (default: the input's kube-system/coredns ConfigMap, else kubeadm's)");
}

export interface BuiltDns {
  engine: ClusterDnsEngine;
  config: DnsConfig;
  source: DnsConfigSource;
  /** A configuration error was reported (exit 2 once the command has done what it could). */
  inputError: boolean;
}

/** The engine for `cluster` as the options configure it; reports configuration findings on stderr. */
export function buildDns(cluster: Cluster, options: DnsOptions, minSerial?: number): BuiltDns {
  let corefile: string | undefined;
  if (options.corefile !== undefined) {
    try {
      corefile = readFileSync(options.corefile, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read --corefile ${options.corefile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  if (options.ttl !== undefined && !/^\d+$/.test(options.ttl)) throw new UsageError(`--ttl must be 0-3600 seconds, got "${options.ttl}"`);
  const fromCluster = cluster.store.corefiles.get('kube-system', 'coredns');
  const { config, source, findings } = dnsConfigFromSources({
    ...(corefile !== undefined ? { corefile, corefilePath: options.corefile } : {}),
    ...(fromCluster ? { corefileFromCluster: fromCluster.corefile, clusterCorefileOptions: fromCluster.meta.source ?? {} } : {}),
    flags: {
      ...(options.zone !== undefined ? { zone: options.zone } : {}),
      ...(options.ttl !== undefined ? { ttl: Number(options.ttl) } : {}),
      ...(options.pods !== undefined ? { pods: options.pods } : {}),
      ...(options.endpointPodNames ? { endpointPodNames: true } : {}),
    },
  });
  const inputError = reportInput(findings, [], {
    verbose: options.verbose ?? false,
    color: process.stderr.isTTY === true,
    write: (line) => process.stderr.write(`${line}\n`),
  });
  const engine = new ClusterDnsEngine(cluster, config, minSerial !== undefined ? { minSerial } : {});
  return { engine, config, source, inputError };
}

/** The cluster domain: the first zone that is not a reverse zone. */
export function clusterDomain(config: DnsConfig): string {
  return config.zones.find((z) => !z.endsWith('in-addr.arpa') && !z.endsWith('ip6.arpa')) ?? 'cluster.local';
}

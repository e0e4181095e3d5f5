/**
 * `kreach trace --from CLIENT TARGET`: why a client can or cannot reach a Service, pod or address,
 * step by step (src/trace). The target is read before any input is loaded, so a malformed one
 * fails fast with exit 2; the client is a pod, a workload (its first pod stands for all), or an IP
 * address (the pod holding it, else an outside client). Exit 0 when every endpoint is reachable
 * (or kreach cannot follow the connection to the end: an upstream name, an outside address),
 * 1 when some or none are, 2 on bad input.
 */
import { isIP } from 'node:net';
import { Command, Option } from 'commander';
import type { Libc } from '../dns/resolver.js';
import type { ProxyMode } from '../proxy/result.js';
import { clientFromIp, parseTarget, renderTraceJson, renderTraceText, trace, type TraceClient } from '../trace/index.js';
import { addDnsOptions, buildDns, type DnsOptions } from './dns-options.js';
import { EXIT_FINDINGS, EXIT_INPUT_ERROR, EXIT_OK, UsageError } from './exit-codes.js';
import { findPod } from './pod-ref.js';
import { addSourceOptions, loadFromOptions, type SourceOptions } from './source-options.js';

type TraceOptions = SourceOptions &
  DnsOptions & {
    from: string;
    libc: Libc;
    proxyMode: ProxyMode;
    output: 'text' | 'json';
  };

export function traceCommand(): Command {
  const command = new Command('trace')
    .description('why a client can or cannot reach a target: DNS, kube-proxy, NetworkPolicy and listeners, step by step')
    .argument('<target>', 'http://svc:80, svc:80, svc.ns:80, an FQDN:port, 10.1.2.3:8000, or tcp:// udp:// sctp:// https:// forms')
    .requiredOption('--from <client>', 'the client: pod, ns/pod, deploy/name, ns/kind/name, or an IP address (outside the cluster unless a pod holds it)')
    .addOption(new Option('--libc <libc>', "the client's resolver").choices(['glibc', 'musl']).default('glibc'))
    .addOption(new Option('--proxy-mode <mode>', "kube-proxy's mode").choices(['iptables', 'nftables']).default('iptables'))
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'));
  return addDnsOptions(addSourceOptions(command)).action(async (targetText: string, options: TraceOptions) => {
    process.exitCode = await runTrace(targetText, options);
  });
}

async function runTrace(targetText: string, options: TraceOptions): Promise<number> {
  const parsed = parseTarget(targetText);
  if (!parsed.ok) throw new UsageError(parsed.message);
  const { cluster, inputError } = await loadFromOptions(options);
  try {
    const dns = buildDns(cluster, options);
    const from: TraceClient = isIP(options.from) ? clientFromIp(cluster, options.from) : { kind: 'pod', pod: findPod(cluster, options.from, options.namespace ?? 'default') };
    const result = trace(cluster, dns.engine, { from, target: parsed.target, libc: options.libc, proxyMode: options.proxyMode });
    dns.engine.close();
    process.stdout.write(options.output === 'json' ? renderTraceJson(result) : renderTraceText(result, { color: process.stdout.isTTY === true }));
    if (inputError || dns.inputError) return EXIT_INPUT_ERROR;
    return result.verdict.reachable === 'all' || result.verdict.reachable === 'unknown' ? EXIT_OK : EXIT_FINDINGS;
  } finally {
    cluster.close();
  }
}

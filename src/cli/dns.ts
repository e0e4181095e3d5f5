/**
 * `kreach dns`: the cluster DNS as CoreDNS would answer it. `query` asks the engine one question,
 * `zone` exports the zones as master files, `resolve` walks a pod's resolver through its search path,
 * and `serve` runs a real DNS server over the simulated cluster.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { digJson, formatDig } from '../dns/dig-format.js';
import { buildResolvConf, formatResolvConf } from '../dns/resolv-conf.js';
import { resolveName, type ResolutionTrace } from '../dns/resolver.js';
import { exportZones } from '../dns/zone-export.js';
import { EXIT_FINDINGS, EXIT_INPUT_ERROR, EXIT_OK } from './exit-codes.js';
import { addDnsOptions, buildDns, clusterDomain, type DnsOptions } from './dns-options.js';
import { findPod } from './pod-ref.js';
import { serveCommand } from './dns-serve.js';
import { addSourceOptions, loadFromOptions, type SourceOptions } from './source-options.js';

type Options = SourceOptions & DnsOptions & { output: string };

const withOptions = (command: Command) => addDnsOptions(addSourceOptions(command));

export function dnsCommand(): Command {
  const dns = new Command('dns').description('cluster DNS exactly as CoreDNS answers it: query, zone export, a pod resolver walk, a real server');
  dns.addCommand(queryCommand());
  dns.addCommand(zoneCommand());
  dns.addCommand(resolveCommand());
  dns.addCommand(serveCommand());
  return dns;
}

function queryCommand(): Command {
  const command = new Command('query')
    .description('answer one DNS question from the engine, printed as dig prints it')
    .argument('<name>', 'the name asked, e.g. _http._tcp.svc-chroma.default.svc.cluster.local')
    .argument('[type]', 'record type (A, AAAA, SRV, PTR, TXT, NS, SOA, CNAME, …)', 'A')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'));
  return withOptions(command).action(async (name: string, type: string, options: Options) => {
    const { cluster, inputError } = await loadFromOptions(options);
    const dns = buildDns(cluster, options);
    const question = { name, type: type.toUpperCase() };
    const answer = dns.engine.answer(question);
    process.stdout.write(options.output === 'json' ? `${JSON.stringify(digJson(question, answer), null, 2)}\n` : formatDig(question, answer));
    process.exitCode = inputError || dns.inputError ? EXIT_INPUT_ERROR : answer.answer.length > 0 ? EXIT_OK : EXIT_FINDINGS;
  });
}

function zoneCommand(): Command {
  const command = new Command('zone')
    .description('export the cluster zones (forward and reverse) as RFC 1035 master files')
    .option('--out <dir>', 'write one <zone>.zone file per zone into this folder instead of printing');
  return withOptions(command).action(async (options: Options & { out?: string }) => {
    const { cluster, inputError } = await loadFromOptions(options);
    const dns = buildDns(cluster, options);
    const zones = exportZones(dns.engine.records(), dns.engine.zones);
    if (options.out) {
      mkdirSync(options.out, { recursive: true });
      for (const zone of zones) writeFileSync(join(options.out, `${zone.zone}.zone`), zone.text);
      process.stderr.write(zones.map((z) => `wrote ${join(options.out ?? '', `${z.zone}.zone`)} (${z.records} records)\n`).join(''));
    } else {
      process.stdout.write(zones.map((z) => z.text).join('\n'));
    }
    process.exitCode = inputError || dns.inputError ? EXIT_INPUT_ERROR : EXIT_OK;
  });
}

function resolveCommand(): Command {
  const command = new Command('resolve')
    .description("walk a pod's resolver: its resolv.conf, each candidate name in search order, and the result")
    .requiredOption('--from <pod>', 'the client: pod, ns/pod, deploy/name or ns/kind/name')
    .argument('<name>', 'the name the application looks up, e.g. svc-chroma')
    .addOption(new Option('--libc <libc>', 'resolver implementation').choices(['glibc', 'musl']).default('glibc'))
    .addOption(new Option('--type <type>', 'only A or only AAAA (default: both, as getaddrinfo with AF_UNSPEC)').choices(['A', 'AAAA']))
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'));
  return withOptions(command).action(async (name: string, options: Options & { from: string; libc: 'glibc' | 'musl'; type?: 'A' | 'AAAA' }) => {
    const { cluster, inputError } = await loadFromOptions(options);
    const dns = buildDns(cluster, options);
    const pod = findPod(cluster, options.from, options.namespace ?? 'default');
    const nameserver = cluster.service('kube-system', 'kube-dns')?.clusterIPs[0] ?? '';
    const { conf, type, notes } = buildResolvConf(pod, { clusterDomain: clusterDomain(dns.config), nameserver });
    const trace = resolveName(name, conf, dns.engine, { libc: options.libc, ...(options.type ? { type: options.type } : {}), clusterDns: nameserver });
    if (options.output === 'json') {
      process.stdout.write(`${JSON.stringify({ pod: `${pod.meta.namespace}/${pod.meta.name}`, resolvConf: conf, dnsType: type, notes, trace }, null, 2)}\n`);
    } else {
      process.stdout.write(formatResolution(`${pod.meta.namespace}/${pod.meta.name}`, pod.dnsPolicy, formatResolvConf(conf), [...notes, ...trace.notes], trace));
    }
    process.exitCode = inputError || dns.inputError ? EXIT_INPUT_ERROR : trace.final.status === 'failed' ? EXIT_FINDINGS : EXIT_OK;
  });
}

function formatResolution(pod: string, dnsPolicy: string, resolvConf: string, notes: string[], trace: ResolutionTrace): string {
  const lines = [`/etc/resolv.conf of ${pod} (dnsPolicy ${dnsPolicy}):`, ...resolvConf.trimEnd().split('\n').map((l) => `  ${l}`), ''];
  const order = trace.absolute ? 'absolute name: asked as is' : trace.dots >= trace.ndots ? `${trace.dots} dots ≥ ndots ${trace.ndots}: as is first` : `${trace.dots} dots < ndots ${trace.ndots}: search list first`;
  lines.push(`${trace.libc} resolving "${trace.name}" (${order}):`);
  trace.attempts.forEach((attempt, i) => {
    const answers = attempt.queries.map((q) => `${q.type} ${q.answer.rcode}${q.answer.answer.length ? ` ${q.answer.answer.length}` : ''}`).join(', ');
    const addresses = attempt.addresses.length ? ` → ${attempt.addresses.join(', ')}` : '';
    lines.push(`  ${i + 1}. ${attempt.name}  [${answers}] ${attempt.outcome}${addresses}${attempt.continued ? ', next candidate' : ''}`);
    if (attempt.why) lines.push(`     ${attempt.why}`);
  });
  const final = trace.final;
  lines.push(
    '',
    final.status === 'resolved'
      ? `result: ${final.name} → ${final.addresses.join(', ')}`
      : final.status === 'forwarded'
        ? `result: ${final.name} is answered upstream (not simulated): ${final.why}`
        : `result: ${final.error} (Node.js: ${final.nodeCode}): ${final.why}`,
  );
  for (const note of notes) lines.push(`note: ${note}`);
  return `${lines.join('\n')}\n`;
}


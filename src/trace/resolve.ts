/**
 * Step 1, resolve: the lookup as it happens inside the client. The client pod's /etc/resolv.conf
 * is built as kubelet writes it (dns.md §15), the name is walked through the search list the way
 * glibc or musl does (dns.md §16), each candidate asked of the DNS engine, and the path from the
 * client to the DNS pods is checked against NetworkPolicy (dns-path.ts). An outside client does
 * not use the cluster DNS; for it the name is asked as an absolute name, with a warning.
 */
import { buildResolvConf, formatResolvConf, type ResolvConf } from '../dns/resolv-conf.js';
import { resolveName } from '../dns/resolver.js';
import type { TraceContext } from './context.js';
import { describeDnsPath, dnsPaths } from './dns-path.js';
import type { ResolutionInfo, Step, Symptom } from './types.js';

export interface ResolveResult {
  info: ResolutionInfo;
  step: Step;
  /** Lookups never get an answer (DNS unreachable on UDP): the client fails before connecting. */
  blocked?: Symptom;
}

export function resolveStep(ctx: TraceContext): ResolveResult {
  const nameserver = ctx.dnsService?.clusterIPs[0] ?? '';
  const notes: string[] = [];
  let conf: ResolvConf;
  let name = ctx.target.host;
  let dnsType: string | undefined;
  if (ctx.client.kind === 'pod') {
    const built = buildResolvConf(ctx.client.pod, { clusterDomain: ctx.zone, nameserver });
    conf = built.conf;
    dnsType = built.type;
    notes.push(...built.notes);
  } else {
    conf = { nameservers: [nameserver], search: [], options: { ndots: 1 } };
    if (!name.endsWith('.')) name = `${name}.`;
    notes.push(`an outside client does not use the cluster DNS: kreach asks ${nameserver} for ${name} directly, as if the client could reach it`);
  }
  const trace = resolveName(name, conf, ctx.dns, { libc: ctx.libc, clusterDns: nameserver });
  const info: ResolutionInfo = {
    name,
    libc: ctx.libc,
    ...(ctx.client.kind === 'pod' ? { resolvConf: conf, resolvConfText: formatResolvConf(conf) } : {}),
    ...(dnsType ? { dnsType } : {}),
    attempts: trace.attempts.map((a) => ({
      name: a.name,
      ...(a.searchDomain !== undefined ? { searchDomain: a.searchDomain } : {}),
      outcome: a.outcome,
      rcodes: a.queries.map((q) => `${q.type} ${q.answer.rcode}${q.answer.answer.length > 0 ? ` ${q.answer.answer.length}` : ''}`),
      addresses: a.addresses,
      why: a.why,
    })),
    final: trace.final,
    notes: [...notes, ...trace.notes],
  };
  const usesClusterDns = ctx.client.kind === 'pod' && nameserver !== '' && conf.nameservers[0] === nameserver;
  if (usesClusterDns && ctx.dnsService) {
    info.dns = { service: `${ctx.dnsService.meta.namespace}/${ctx.dnsService.meta.name}`, ip: nameserver, paths: dnsPaths(ctx, nameserver) };
  }
  return judge(ctx, info);
}

/** The step's verdict: a closed DNS path first (nothing else matters), then the walk's result. */
function judge(ctx: TraceContext, info: ResolutionInfo): ResolveResult {
  const evidence = describe(info);
  const udp = info.dns?.paths.find((p) => p.protocol === 'UDP');
  const tcp = info.dns?.paths.find((p) => p.protocol === 'TCP');
  if (udp && udp.reachable === 0) {
    const noEndpoints = udp.endpoints.length === 0;
    const summary = noEndpoints
      ? `lookups fail: the cluster DNS ${info.dns?.service} has no usable endpoint`
      : `lookups time out: policies block UDP 53 from the client to the DNS pods (port ${udp.endpoints[0]?.port ?? 53} after DNAT)`;
    return { info, step: { id: 'resolve', verdict: 'fail', summary, evidence }, blocked: noEndpoints ? 'DNS failure' : 'DNS timeout' };
  }
  const final = info.final;
  const dnsWarning = (tcp && tcp.reachable < tcp.endpoints.length) || (udp && udp.reachable < udp.endpoints.length);
  const outside = ctx.client.kind === 'external';
  if (final.status === 'failed') {
    return { info, step: { id: 'resolve', verdict: 'fail', summary: `${info.name}: ${final.error} (Node.js ${final.nodeCode}) — ${final.why}`, evidence } };
  }
  if (final.status === 'forwarded') {
    const cname = info.attempts.some((a) => a.outcome === 'answer');
    const summary = cname ? `${info.name} → CNAME ${final.name.replace(/\.$/, '')}, resolved upstream (not simulated)` : `${info.name}: ${final.why}`;
    return { info, step: { id: 'resolve', verdict: cname && !dnsWarning && !outside ? 'ok' : 'warn', summary, evidence } };
  }
  const tries = info.attempts.length;
  const after = tries > 1 ? ` (candidate ${tries} of the search walk)` : '';
  const expanded = final.name === info.name ? '' : ` → ${final.name}`;
  const summary = `${info.name}${expanded} → ${final.addresses.join(', ')}${after}`;
  return { info, step: { id: 'resolve', verdict: dnsWarning || outside ? 'warn' : 'ok', summary, evidence } };
}

/** Evidence lines: resolv.conf on one line, each candidate, the DNS path, notes. */
function describe(info: ResolutionInfo): string[] {
  const lines: string[] = [];
  if (info.resolvConfText !== undefined) {
    lines.push(`resolv.conf: ${info.resolvConfText.trim().split('\n').join('; ')}`);
  }
  info.attempts.forEach((a, i) => {
    const got = a.addresses.length > 0 ? ` → ${a.addresses.join(', ')}` : '';
    lines.push(`${info.libc} ${i + 1}. ${a.name} [${a.rcodes.join(', ')}] ${a.outcome}${got}`);
  });
  if (info.dns) {
    for (const path of info.dns.paths) lines.push(`DNS ${info.dns.service} ${info.dns.ip}: ${describeDnsPath(path)}`);
  }
  // The stand-in node resolv.conf only matters for names outside the cluster; JSON keeps the note.
  for (const note of info.notes) if (!note.startsWith('the node resolv.conf was not given')) lines.push(`note: ${note}`);
  return lines;
}

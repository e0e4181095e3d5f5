/**
 * Section 3, DNS: the engine's state and zone export (a child), then the wire servers. `kreach dns
 * zone` exports the zones of the dataset, NSD loads them, `kreach dns serve` loads the dataset, each
 * pinned to core 1; their answers are compared for a sample of names, and dnsperf (pinned to core 0)
 * loads each in turn with the same query file: flat out for the maximum QPS, then at a fixed 20k QPS
 * for latency. Servers alternate per run so drift on the machine hits both alike.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDir, type Dataset } from './data.js';
import { compareServers, type Comparison } from './dns/compare.js';
import { runDnsperf, type DnsperfResult } from './dns/dnsperf.js';
import { comparisonSample, indexZones, queryFile, queryMix } from './dns/queries.js';
import { exportZoneFiles, hasCommand, memoryOf, startKreach, startNsd, type RunningServer } from './dns/servers.js';
import { PROFILES, runChild } from './run-child.js';
import type { DnsStateResult } from './tasks/dns-state.js';

export interface ServerFigures {
  startMs: number;
  rssMiB: number;
  max: DnsperfResult[];
  fixed: DnsperfResult[];
}

export interface DnsSection {
  dataset: string;
  state: DnsStateResult[];
  /** Why the wire part did not run, when it did not. */
  skipped?: string;
  zoneExportMs?: number;
  zoneRecords?: number;
  queryNames?: { clusterIp: number; headless: number; srv: number };
  comparison?: Comparison;
  kreach?: ServerFigures;
  nsd?: ServerFigures;
  pinned: boolean;
  seconds: number;
  fixedQps: number;
  /** kreach's first answer after start, even when NSD/dnsperf are missing. */
  kreachStartMs?: number;
  kreachRssMiB?: number;
}

export interface DnsSectionOptions {
  dataset: Dataset;
  runs: number;
  seconds: number;
  fixedQps: number;
  compareCount: number;
  seed: number;
  profile: boolean;
  log: (line: string) => void;
}

const SERVER_CPU = 1;
const CLIENT_CPU = 0;

export async function dnsSection(o: DnsSectionOptions): Promise<DnsSection> {
  const dir = formatDir(o.dataset, 'json');
  const probe = 'web.ns-00.svc.cluster.local';
  const pinned = hasCommand('taskset');
  const section: DnsSection = { dataset: o.dataset.id, state: [], pinned, seconds: o.seconds, fixedQps: o.fixedQps };
  for (let i = 0; i < o.runs; i++) {
    o.log(`dns state ${o.dataset.id} run ${i + 1}/${o.runs}`);
    section.state.push(await runChild<DnsStateResult>('dns-state', { dir }, { exposeGc: true, ...(o.profile ? { profile: `dns-state-${o.dataset.id}` } : {}) }));
  }
  const missing = ['dnsperf', 'nsd'].filter((tool) => !hasCommand(tool));
  const work = join(o.dataset.dir, 'dns');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });

  if (missing.length > 0) {
    section.skipped = `${missing.join(' and ')} not installed (apt-get install ${missing.join(' ')}): DNS throughput, latency and the NSD comparison skipped`;
    o.log(`SKIPPED: ${section.skipped}`);
    const kreach = await startKreach(dir, probe, pinned ? SERVER_CPU : undefined);
    section.kreachStartMs = kreach.startMs;
    section.kreachRssMiB = memoryOf(kreach.pid, 'VmRSS');
    await kreach.stop();
    return section;
  }

  o.log(`dns: exporting zones of ${o.dataset.id} with kreach dns zone`);
  const exported = exportZoneFiles(dir, join(work, 'zones'));
  section.zoneExportMs = exported.ms;
  const index = indexZones(exported.files);
  section.zoneRecords = index.records;
  const mix = queryMix(index);
  section.queryNames = { clusterIp: mix.clusterIp.length, headless: mix.headless.length, srv: mix.srv.length };
  const queries = join(work, 'queries.txt');
  writeFileSync(queries, queryFile(mix, 100_000, o.seed));

  // Start-up on the whole machine, as the target reads ("first answer after start"); the servers
  // under load below are pinned to one core from their start, which makes kreach load on one core.
  o.log('dns: kreach dns serve start-up (unpinned)');
  const unpinned = await startKreach(dir, probe, undefined);
  section.kreachStartMs = unpinned.startMs;
  await unpinned.stop();

  let kreach: RunningServer | undefined;
  let nsd: RunningServer | undefined;
  try {
    o.log('dns: starting NSD and kreach dns serve');
    nsd = await startNsd(exported.files, join(work, 'nsd'), probe, pinned ? SERVER_CPU : undefined);
    const profileFlags = o.profile ? ['--cpu-prof', '--cpu-prof-dir', PROFILES, '--cpu-prof-name', `dns-serve-${o.dataset.id}-${Date.now()}.cpuprofile`] : [];
    if (o.profile) mkdirSync(PROFILES, { recursive: true });
    kreach = await startKreach(dir, probe, pinned ? SERVER_CPU : undefined, profileFlags);
    o.log(`dns: comparing answers for ${o.compareCount} questions`);
    section.comparison = await compareServers(kreach.port, nsd.port, comparisonSample(index, o.compareCount, o.seed));
    const figures = (server: RunningServer): ServerFigures => ({ startMs: server.startMs, rssMiB: Number.NaN, max: [], fixed: [] });
    const ours = figures(kreach);
    const theirs = figures(nsd);
    const cpu = pinned ? CLIENT_CPU : undefined;
    for (let run = 0; run < o.runs; run++) {
      for (const [server, into] of [[kreach, ours], [nsd, theirs]] as const) {
        o.log(`dns: dnsperf ${server.name} run ${run + 1}/${o.runs}: max QPS, then ${o.fixedQps} QPS`);
        into.max.push(await runDnsperf({ port: server.port, queryFile: queries, seconds: o.seconds, cpu }));
        into.fixed.push(await runDnsperf({ port: server.port, queryFile: queries, seconds: o.seconds, qps: o.fixedQps, cpu }));
      }
    }
    ours.rssMiB = memoryOf(kreach.pid, 'VmRSS');
    theirs.rssMiB = memoryOf(nsd.pid, 'VmRSS');
    section.kreachRssMiB = ours.rssMiB;
    section.kreach = ours;
    section.nsd = theirs;
  } finally {
    await kreach?.stop();
    await nsd?.stop();
  }
  return section;
}

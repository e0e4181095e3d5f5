/**
 * The benchmark report as markdown: the clusters, the targets with met/missed, then one table per
 * section. Repeated runs print as the median with the range of runs in brackets (`1.2 s (1.1–1.4)`);
 * percentiles inside one run (p99 of 1,000 events) are per run, then summarised the same way.
 */
import type { GeneratedCounts, Shape } from './generate.js';
import type { DnsSection } from './dns-section.js';
import type { DnsperfResult } from './dns/dnsperf.js';
import { spread } from './stats.js';
import type { ConnectivityResult } from './tasks/connectivity.js';
import type { IncrementalResult } from './tasks/incremental.js';
import type { LintResult } from './tasks/lint.js';
import type { LoadResult } from './tasks/load.js';
import type { ReachResult } from './tasks/reach.js';
import { evaluateTargets } from './targets.js';

export interface BenchResults {
  date: string;
  mode: 'quick' | 'full';
  runs: number;
  seed: number;
  machine: { cpus: number; cpuModel: string; memGiB: number; node: string; dnsperf: string; nsd: string };
  /** 1-minute load average at the start and the end of the run: other work on the machine skews wall times. */
  loadAverage: { start: number; end?: number };
  datasets: Array<{ id: string; size: number; counts: GeneratedCounts; shape: Shape; bytes: Partial<Record<'json' | 'yaml', number>> }>;
  load: Array<{ dataset: string; size: number; format: 'json' | 'yaml'; bytes: number; runs: LoadResult[] }>;
  incremental: Array<{ dataset: string; size: number; runs: IncrementalResult[] }>;
  dns?: DnsSection;
  reach: Array<{ dataset: string; size: number; runs: ReachResult[] }>;
  connectivity: Array<{ dataset: string; pods: number; runs: ConnectivityResult[] }>;
  lint: Array<{ dataset: string; size: number; runs: LintResult[] }>;
  /** The largest size measured, in percent: targets are judged there. */
  largest: number;
  elapsedSeconds?: number;
  /** Findings from profiling, added by hand to a committed report. */
  notes?: string[];
}

/** `12.3 ms (11.9–13.0)`; the range only when there were several runs. */
export function fmt(values: readonly number[], unit: string, digits = 1): string {
  const s = spread(values);
  if (s.runs === 0) return '–';
  const n = (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const u = unit ? ` ${unit}` : '';
  return s.runs > 1 && s.min !== s.max ? `${n(s.median)}${u} (${n(s.min)}–${n(s.max)})` : `${n(s.median)}${u}`;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number) => bytes / 1024 / 1024;

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function renderReport(r: BenchResults): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`# kreach benchmark, ${r.date.slice(0, 10)} (${r.mode})`, '');
  out.push(
    `${m.cpus} × ${m.cpuModel}, ${m.memGiB.toFixed(0)} GiB; Node ${m.node}; dnsperf ${m.dnsperf}; NSD ${m.nsd}. ` +
      `Seed ${r.seed}; ${r.runs} run${r.runs === 1 ? '' : 's'} per measurement, shown as median (min–max)` +
      `${r.elapsedSeconds ? `; whole run ${(r.elapsedSeconds / 60).toFixed(1)} min` : ''}; load average ${r.loadAverage.start.toFixed(1)} at the start, ` +
      `${r.loadAverage.end?.toFixed(1) ?? '?'} at the end. How to read this: bench/README.md.`,
    '',
  );
  out.push('## Clusters', '');
  out.push(
    table(
      ['size', 'namespaces', 'pods', 'Services', 'nodes', 'NetworkPolicies', 'Deployments / StatefulSets', 'JSON', 'YAML'],
      r.datasets.map((d) => [
        `${d.size}%`,
        int(d.shape.namespaces),
        int(d.counts.pods),
        int(d.counts.services),
        int(d.counts.nodes),
        int(d.counts.policies),
        `${int(d.counts.deployments)} / ${int(d.counts.statefulSets)}`,
        d.bytes.json ? `${mib(d.bytes.json).toFixed(0)} MB` : '–',
        d.bytes.yaml ? `${mib(d.bytes.yaml).toFixed(0)} MB` : '–',
      ]),
    ),
    '',
  );

  out.push('## Targets', '');
  if (r.largest < 100) out.push(`Measured at ${r.largest}%: the targets are set for 100%, so these verdicts only say where ${r.largest}% already stands.`, '');
  out.push(table(['target', 'goal', 'measured', 'verdict'], evaluateTargets(r).map((t) => [t.what, t.goal, t.measured, t.verdict === 'met' ? 'met' : t.verdict === 'missed' ? '**missed**' : t.verdict])), '');

  if (r.notes && r.notes.length > 0) out.push('## Findings', '', ...r.notes, '');

  if (r.load.length > 0) {
    out.push('## 1. Load + derive', '');
    out.push(
      'Files → cluster with every EndpointSlice derived and the DNS index built, then one answer; a fresh process per run. CPU is user + system time of the process (GC threads included). ' +
        '"Machine" is the speed the run saw right after measuring: `JSON.parse` of a fixed text on one thread (bench/tasks/machine-speed.ts). The host is shared, so compare wall times between runs only with it.',
      '',
    );
    out.push(
      table(
        ['size', 'format', 'input', 'wall', 'CPU', 'MB/s', 'read + convert', 'derive', 'DNS index', 'peak RSS', 'machine (MB/s)'],
        r.load.map((l) => [
          `${l.size}%`,
          l.format,
          `${mib(l.bytes).toFixed(0)} MB`,
          fmt(l.runs.map((x) => x.totalMs / 1000), 's', 2),
          fmt(l.runs.map((x) => x.cpuMs / 1000), 's', 1),
          fmt(l.runs.map((x) => mib(l.bytes) / (x.totalMs / 1000)), '', 1),
          fmt(l.runs.map((x) => x.readMs / 1000), 's', 2),
          fmt(l.runs.map((x) => x.deriveMs / 1000), 's', 2),
          fmt(l.runs.map((x) => x.dnsIndexMs / 1000), 's', 2),
          fmt(l.runs.map((x) => x.peakRssMiB), 'MiB', 0),
          // Reports written before the probe existed have no figure.
          fmt(l.runs.flatMap((x) => (x.parseMBps === undefined ? [] : [x.parseMBps])), '', 0),
        ]),
      ),
      '',
    );
  }

  if (r.incremental.length > 0) {
    out.push('## 2. Incremental updates', '');
    out.push('One store change, then the DNS answer that must show it (readiness: 1,000 flips; delete + re-add: 1,000 events; rolling update of a 250-pod Deployment: 500 events). Milliseconds.', '');
    const rows: string[][] = [];
    for (const inc of r.incremental) {
      const kinds: Array<[string, (x: IncrementalResult) => { median: number; p99: number; max: number; n: number }]> = [
        ['readiness flip', (x) => x.readiness],
        ['delete / re-add', (x) => x.deleteAdd],
        ['rolling update', (x) => x.rolling],
        ['all events', (x) => x.all],
      ];
      for (const [kind, pick] of kinds) {
        rows.push([
          `${inc.size}%`,
          kind,
          int(pick(inc.runs[0] as IncrementalResult).n),
          fmt(inc.runs.map((x) => pick(x).median), '', 3),
          fmt(inc.runs.map((x) => pick(x).p99), '', 2),
          fmt(inc.runs.map((x) => pick(x).max), '', 1),
          kind === 'rolling update' ? fmt(inc.runs.map((x) => x.rolling.totalMs), 'ms', 0) : '',
        ]);
      }
    }
    out.push(table(['size', 'event', 'events', 'median', 'p99', 'max', 'total'], rows), '');
  }

  if (r.dns) out.push(...renderDns(r.dns));

  if (r.reach.length > 0) {
    out.push('## 4. Reachability', '');
    for (const reach of r.reach) {
      const first = reach.runs[0] as ReachResult;
      out.push(
        `${reach.size}% cluster, ${int(first.trace.questions.n)} random questions per run, a pod asking for a Service of any namespace by its short name (\`tcp://web.ns-03:80\`): ` +
          '`trace()` as `kreach trace` runs it, and its core alone (`route()` to the ClusterIP, then `PolicyEngine.evaluate` to the chosen endpoint).',
        '',
      );
      const row = (what: string, pick: (x: ReachResult) => ReachResult['trace']) => [
        what,
        fmt(reach.runs.map((x) => pick(x).firstMs), 'ms', 1),
        fmt(reach.runs.map((x) => pick(x).questions.median), 'ms', 3),
        fmt(reach.runs.map((x) => pick(x).questions.p99), 'ms', 2),
        fmt(reach.runs.map((x) => pick(x).questions.max), 'ms', 1),
        Object.entries(pick(first).outcomes).map(([k, v]) => `${k} ${v}`).join(', '),
      ];
      out.push(
        table(['question', 'first (cold)', 'median', 'p99', 'max', 'outcomes (run 1)'], [row('trace()', (x) => x.trace), row('route + policy', (x) => x.core)]),
        '',
      );
    }
  }

  if (r.connectivity.length > 0) {
    out.push('### Connectivity, all pairs', '');
    out.push('`connectivityReport` (what `kreach connectivity` prints) over every pod of a generated cluster of that many pods.', '');
    out.push(
      table(
        ['pods', 'pod classes', 'connections', 'time', 'heap growth', 'peak RSS (with load)'],
        r.connectivity.map((c) => {
          const first = c.runs[0] as ConnectivityResult;
          return [
            `${int(first.pods)} × ${int(first.pods)}`,
            int(first.classes),
            int(first.connections),
            fmt(c.runs.map((x) => x.ms / 1000), 's', 2),
            fmt(c.runs.map((x) => x.heapGrowthMiB), 'MiB', 0),
            fmt(c.runs.map((x) => x.peakRssMiB), 'MiB', 0),
          ];
        }),
      ),
      '',
    );
  }

  if (r.lint.length > 0) {
    out.push('## 5. Lint', '');
    out.push(
      table(
        ['size', 'time', 'findings', 'heap growth', 'peak RSS (with load)', 'findings by rule (run 1)'],
        r.lint.map((l) => {
          const first = l.runs[0] as LintResult;
          return [
            `${l.size}%`,
            fmt(l.runs.map((x) => x.ms / 1000), 's', 2),
            int(first.findings),
            fmt(l.runs.map((x) => x.heapGrowthMiB), 'MiB', 0),
            fmt(l.runs.map((x) => x.peakRssMiB), 'MiB', 0),
            Object.entries(first.byRule).map(([k, v]) => `${k} ${v}`).join(', ') || 'none',
          ];
        }),
      ),
      '',
    );
  }
  return `${out.join('\n')}\n`;
}

function renderDns(d: DnsSection): string[] {
  const out: string[] = ['## 3. DNS', ''];
  if (d.state.length > 0) {
    const first = d.state[0] as DnsSection['state'][number];
    out.push(
      `Engine on the ${d.dataset} cluster: index built in ${fmt(d.state.map((s) => s.buildMs), 'ms', 0)}; ` +
        `state after asking every Service name once (A and every named port's SRV, ${int(first.names)} names): ${fmt(d.state.map((s) => s.stateMiB), 'MiB', 1)} of heap; ` +
        `zone export in-process ${fmt(d.state.map((s) => s.exportMs / 1000), 's', 2)} (${int(first.zoneRecords)} records).`,
      '',
    );
  }
  if (d.skipped) {
    out.push(`**Skipped:** ${d.skipped}.`, '');
    if (d.kreachStartMs !== undefined) out.push(`\`kreach dns serve\`: first answer ${(d.kreachStartMs / 1000).toFixed(2)} s after start, RSS ${d.kreachRssMiB?.toFixed(0)} MiB.`, '');
    return out;
  }
  const k = d.kreach;
  const n = d.nsd;
  if (!k || !n) return out;
  out.push(
    (d.kreachStartMs !== undefined ? `\`kreach dns serve\` on the whole machine: first answer ${(d.kreachStartMs / 1000).toFixed(2)} s after start. ` : '') +
      `Under load, both servers ${d.pinned ? 'pinned to core 1 from their start (`taskset -c 1`), dnsperf to core 0' : 'unpinned (no taskset)'}; ` +
      `the same 100,000-line query file (70% ClusterIP A from ${int(d.queryNames?.clusterIp ?? 0)} names, 20% headless A from ${int(d.queryNames?.headless ?? 0)}, 10% SRV from ${int(d.queryNames?.srv ?? 0)}); ` +
      `${d.seconds} s per dnsperf run, 100 queries outstanding. \`kreach dns zone\` (CLI, load included) took ${((d.zoneExportMs ?? 0) / 1000).toFixed(1)} s for ${int(d.zoneRecords ?? 0)} records.`,
    '',
  );
  const qps = (x: DnsperfResult[]) => x.map((y) => y.qps);
  const row = (name: string, s: typeof k) => [
    name,
    `${(s.startMs / 1000).toFixed(2)} s`,
    `${s.rssMiB.toFixed(0)} MiB`,
    fmt(qps(s.max), '', 0),
    fmt(s.max.map((y) => y.avgMs), 'ms', 2),
    fmt(s.fixed.map((y) => y.qps), '', 0),
    fmt(s.fixed.map((y) => y.avgMs), 'ms', 3),
    fmt(s.fixed.map((y) => y.p99Ms), 'ms', 2),
    fmt(s.fixed.map((y) => y.maxMs), 'ms', 1),
    fmt(s.fixed.map((y) => y.lost), '', 0),
  ];
  out.push(
    table(
      ['server', 'start → first answer (pinned)', 'RSS after', 'max QPS', 'avg latency at max', `QPS at -Q ${int(d.fixedQps)}`, 'avg latency', 'p99', 'max', 'lost'],
      [row('kreach dns serve', k), row('NSD', n)],
    ),
    '',
  );
  const ratio = spread(qps(k.max)).median / spread(qps(n.max)).median;
  out.push(`kreach / NSD max QPS: **${ratio.toFixed(2)}**.`, '');
  const c = d.comparison;
  if (c) {
    out.push(
      `Answers compared for ${int(c.asked)} questions drawn from the exported zones (every record type, plus 5% missing names and 5% types a name lacks): ` +
        `**${int(c.identical)} identical** in rcode, AA and answer section; ${int(c.fullyIdentical)} also in authority and additional; ${int(c.unanswered)} unanswered. ` +
        `Differences by section: ${Object.entries(c.byKind).map(([kind, count]) => `${kind} ${count}`).join(', ') || 'none'}.`,
      '',
    );
    if (c.examples.length > 0) out.push('First difference of each kind:', '', '```', ...c.examples, '```', '');
  }
  return out;
}

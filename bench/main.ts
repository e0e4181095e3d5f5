/**
 * `npm run bench [-- options]`: generate clusters at fractions of Kubernetes' scalability envelope,
 * measure every hot path on them (each measurement in a fresh child process), load kreach's DNS
 * server and NSD side by side, and write a markdown report with met/missed per target.
 *
 * Options:
 *   --quick            1% and 10% sizes, one run each, short dnsperf runs (a few minutes; CI)
 *   --sizes 1,10,100   sizes in percent of the envelope (default 1,10,100)
 *   --runs N           repetitions of each measurement (default 3; --quick 1)
 *   --only a,b         sections: load, incremental, dns, reach, connectivity, lint
 *   --dns-seconds S    length of each dnsperf run (default 15; --quick 3)
 *   --profile          write CPU profiles of every child to bench/.data/profiles/
 *   --seed N           generator and sampling seed
 *   --out FILE         where the report goes (default bench/results/<date>.md; --quick: bench/.data/);
 *                      its raw figures go beside it (FILE without .md, plus .json)
 *
 * Exit status: 0 when everything ran (targets missed or not), 1 when a measurement failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureDataset, formatDir, type Dataset, type Format } from './data.js';
import { dnsSection } from './dns-section.js';
import { DEFAULT_SEED, ENVELOPE } from './generate.js';
import { DATA, RESULTS, ROOT } from './paths.js';
import { renderReport, type BenchResults } from './report.js';
import { runChild } from './run-child.js';
import type { ConnectivityResult } from './tasks/connectivity.js';
import type { IncrementalResult } from './tasks/incremental.js';
import type { LintResult } from './tasks/lint.js';
import type { LoadResult } from './tasks/load.js';
import type { ReachResult } from './tasks/reach.js';

const SECTIONS = ['load', 'incremental', 'dns', 'reach', 'connectivity', 'lint'] as const;
type Section = (typeof SECTIONS)[number];

interface Options {
  quick: boolean;
  sizes: number[];
  runs: number;
  only: Set<Section>;
  dnsSeconds: number;
  profile: boolean;
  seed: number;
  out?: string;
}

function parseArgs(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const only = value('--only')?.split(',') ?? [...SECTIONS];
  const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`--only: unknown section(s) ${unknown.join(', ')}; sections: ${SECTIONS.join(', ')}`);
  const sizes = (value('--sizes') ?? (quick ? '1,10' : '1,10,100')).split(',').map(Number);
  if (sizes.some((s) => !(s > 0 && s <= 100))) throw new Error('--sizes: percentages between 0 and 100');
  const out = value('--out');
  const runs = Number(value('--runs') ?? (quick ? 1 : 3));
  if (!(Number.isInteger(runs) && runs >= 1)) throw new Error('--runs: a whole number, at least 1');
  return {
    quick,
    sizes,
    runs,
    only: new Set(only as Section[]),
    dnsSeconds: Number(value('--dns-seconds') ?? (quick ? 3 : 15)),
    profile: argv.includes('--profile'),
    seed: Number(value('--seed') ?? DEFAULT_SEED),
    ...(out ? { out } : {}),
  };
}

const started = Date.now();
function log(line: string): void {
  const t = ((Date.now() - started) / 1000).toFixed(0).padStart(5);
  process.stderr.write(`[bench ${t}s] ${line}\n`);
}

function toolVersion(command: string, args: string[], pattern: RegExp): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) return 'not installed';
  return pattern.exec(`${result.stdout}${result.stderr}`)?.[1] ?? 'unknown version';
}

async function repeat<T>(runs: number, label: string, run: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < runs; i++) {
    log(`${label} run ${i + 1}/${runs}`);
    out.push(await run(i));
  }
  return out;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const sizes = [...o.sizes].sort((a, b) => a - b);
  const largest = sizes[sizes.length - 1] as number;
  const prof = (label: string) => (o.profile ? { profile: label } : {});
  const results: BenchResults = {
    date: new Date().toISOString(),
    mode: o.quick ? 'quick' : 'full',
    runs: o.runs,
    seed: o.seed,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memGiB: totalmem() / 1024 ** 3,
      node: process.version,
      dnsperf: toolVersion('dnsperf', ['-h'], /Version ([\d.]+)/),
      nsd: toolVersion('nsd', ['-v'], /NSD version ([\d.]+)/),
    },
    loadAverage: { start: loadavg()[0] ?? 0 },
    datasets: [],
    load: [],
    incremental: [],
    reach: [],
    connectivity: [],
    lint: [],
    largest,
  };

  const formats: Format[] = o.only.has('load') ? ['json', 'yaml'] : ['json'];
  const datasets = new Map<number, Dataset>();
  for (const size of sizes) {
    const dataset = ensureDataset(`p${size}`, Math.round((ENVELOPE.pods * size) / 100), o.seed, formats, log);
    datasets.set(size, dataset);
    results.datasets.push({ id: dataset.id, size, counts: dataset.counts, shape: dataset.shape, bytes: dataset.bytes });
  }
  const big = datasets.get(largest) as Dataset;
  const probe = 'web.ns-00.svc.cluster.local';

  if (o.only.has('load')) {
    for (const size of sizes) {
      const dataset = datasets.get(size) as Dataset;
      for (const format of formats) {
        const runs = await repeat(o.runs, `load ${dataset.id} ${format}`, () =>
          runChild<LoadResult>('load', { dir: formatDir(dataset, format), probe }, prof(`load-${dataset.id}-${format}`)),
        );
        results.load.push({ dataset: dataset.id, size, format, bytes: dataset.bytes[format] ?? 0, runs });
      }
    }
  }

  if (o.only.has('incremental')) {
    for (const size of sizes) {
      const dataset = datasets.get(size) as Dataset;
      const runs = await repeat(o.runs, `incremental ${dataset.id}`, (i) =>
        runChild<IncrementalResult>('incremental', { dir: formatDir(dataset, 'json'), events: 1000, seed: o.seed + i }, prof(`incremental-${dataset.id}`)),
      );
      results.incremental.push({ dataset: dataset.id, size, runs });
    }
  }

  if (o.only.has('dns')) {
    results.dns = await dnsSection({
      dataset: big,
      runs: o.runs,
      seconds: o.dnsSeconds,
      fixedQps: 20_000,
      compareCount: o.quick ? 600 : 3000,
      seed: o.seed,
      profile: o.profile,
      log,
    });
  }

  if (o.only.has('reach')) {
    const runs = await repeat(o.runs, `reach ${big.id}`, (i) =>
      runChild<ReachResult>('reach', { dir: formatDir(big, 'json'), questions: o.quick ? 300 : 1000, seed: o.seed + i }, prof(`reach-${big.id}`)),
    );
    results.reach.push({ dataset: big.id, size: largest, runs });
  }

  if (o.only.has('connectivity')) {
    for (const pods of [1_000, 10_000]) {
      const dataset = ensureDataset(`pods-${pods / 1000}k`, pods, o.seed, ['json'], log);
      const runs = await repeat(o.runs, `connectivity ${dataset.id}`, () =>
        runChild<ConnectivityResult>('connectivity', { dir: formatDir(dataset, 'json') }, { exposeGc: true, ...prof(`connectivity-${dataset.id}`) }),
      );
      results.connectivity.push({ dataset: dataset.id, pods, runs });
    }
  }

  if (o.only.has('lint')) {
    const runs = await repeat(o.runs, `lint ${big.id}`, () => runChild<LintResult>('lint', { dir: formatDir(big, 'json') }, { exposeGc: true, ...prof(`lint-${big.id}`) }));
    results.lint.push({ dataset: big.id, size: largest, runs });
  }

  results.elapsedSeconds = (Date.now() - started) / 1000;
  results.loadAverage.end = loadavg()[0] ?? 0;
  const day = results.date.slice(0, 10);
  const out = o.out ?? (o.quick ? join(DATA, 'results', `${day}-quick.md`) : join(RESULTS, `${day}.md`));
  mkdirSync(dirname(out), { recursive: true });
  const markdown = renderReport(results);
  writeFileSync(out, markdown);
  // The raw figures, to render the report again (render.ts) with findings added by hand. A report
  // sent elsewhere keeps its figures beside it, so a partial run never replaces the day's full one.
  const raw = o.out ? `${o.out.replace(/\.md$/, '')}.json` : join(DATA, 'results', `${day}-${results.mode}.json`);
  mkdirSync(dirname(raw), { recursive: true });
  writeFileSync(raw, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(markdown);
  log(`report written to ${relative(ROOT, out)} (raw figures: ${relative(ROOT, raw)})`);
}

main().catch((error: unknown) => {
  log(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});

/**
 * The performance targets of the benchmark issue, as data: what is measured, the goal, and how to
 * read the figure from the results (at the largest size measured; 100% is the size they are for).
 * A target whose section did not run is "not measured".
 */
import type { BenchResults } from './report.js';
import { spread } from './stats.js';

export interface TargetVerdict {
  what: string;
  goal: string;
  measured: string;
  verdict: 'met' | 'missed' | 'not measured';
}

interface Target {
  what: string;
  goal: string;
  /** The figure (median over runs) and its text, or undefined when not measured. */
  measure: (r: BenchResults) => { value: number; text: string } | undefined;
  ok: (value: number) => boolean;
}

const med = (values: readonly number[]) => spread(values).median;
const ms = (v: number, digits = 2) => `${v.toFixed(digits)} ms`;
const s = (v: number) => `${v.toFixed(2)} s`;

function loadOf(r: BenchResults, format: 'json' | 'yaml') {
  return r.load.find((l) => l.size === r.largest && l.format === format);
}

function incremental(r: BenchResults) {
  return r.incremental.find((i) => i.size === r.largest);
}

function connectivity(r: BenchResults, pods: number) {
  return r.connectivity.find((c) => c.pods === pods);
}

const TARGETS: Target[] = [
  {
    what: 'load + derive from JSON',
    goal: '≤ 5 s',
    measure: (r) => {
      const l = loadOf(r, 'json');
      return l && { value: med(l.runs.map((x) => x.totalMs)) / 1000, text: s(med(l.runs.map((x) => x.totalMs)) / 1000) };
    },
    ok: (v) => v <= 5,
  },
  {
    what: 'load + derive from YAML',
    goal: '≤ 15 s',
    measure: (r) => {
      const l = loadOf(r, 'yaml');
      return l && { value: med(l.runs.map((x) => x.totalMs)) / 1000, text: s(med(l.runs.map((x) => x.totalMs)) / 1000) };
    },
    ok: (v) => v <= 15,
  },
  {
    what: 'peak RSS of load + derive (worse format)',
    goal: '≤ 1 GiB',
    measure: (r) => {
      const runs = r.load.filter((l) => l.size === r.largest).map((l) => med(l.runs.map((x) => x.peakRssMiB)));
      return runs.length > 0 ? { value: Math.max(...runs), text: `${Math.max(...runs).toFixed(0)} MiB` } : undefined;
    },
    ok: (v) => v <= 1024,
  },
  {
    what: 'first DNS answer after `kreach dns serve` starts',
    goal: '≤ 10 s',
    measure: (r) => {
      const v = r.dns?.kreachStartMs ?? r.dns?.kreach?.startMs;
      return v === undefined ? undefined : { value: v / 1000, text: s(v / 1000) };
    },
    ok: (v) => v <= 10,
  },
  {
    what: 'incremental update → DNS answer, median',
    goal: '≤ 1 ms',
    measure: (r) => {
      const i = incremental(r);
      return i && { value: med(i.runs.map((x) => x.all.median)), text: ms(med(i.runs.map((x) => x.all.median)), 3) };
    },
    ok: (v) => v <= 1,
  },
  {
    what: 'incremental update → DNS answer, p99',
    goal: '≤ 10 ms',
    measure: (r) => {
      const i = incremental(r);
      return i && { value: med(i.runs.map((x) => x.all.p99)), text: ms(med(i.runs.map((x) => x.all.p99))) };
    },
    ok: (v) => v <= 10,
  },
  {
    what: 'rolling update of 250 pods (500 events), total',
    goal: '≤ 1 s',
    measure: (r) => {
      const i = incremental(r);
      return i && { value: med(i.runs.map((x) => x.rolling.totalMs)) / 1000, text: s(med(i.runs.map((x) => x.rolling.totalMs)) / 1000) };
    },
    ok: (v) => v <= 1,
  },
  {
    what: 'DNS max QPS, kreach / NSD',
    goal: '≥ 0.4',
    measure: (r) => {
      const k = r.dns?.kreach;
      const n = r.dns?.nsd;
      if (!k || !n) return undefined;
      const [a, b] = [med(k.max.map((x) => x.qps)), med(n.max.map((x) => x.qps))];
      return { value: a / b, text: `${(a / b).toFixed(2)} (${Math.round(a).toLocaleString('en-US')} / ${Math.round(b).toLocaleString('en-US')})` };
    },
    ok: (v) => v >= 0.4,
  },
  {
    what: 'DNS average latency at 20k QPS',
    goal: '≤ 1 ms',
    measure: (r) => {
      const k = r.dns?.kreach;
      return k && { value: med(k.fixed.map((x) => x.avgMs)), text: ms(med(k.fixed.map((x) => x.avgMs)), 3) };
    },
    ok: (v) => v <= 1,
  },
  {
    what: 'DNS p99 latency at 20k QPS',
    goal: '≤ 5 ms',
    measure: (r) => {
      const k = r.dns?.kreach;
      return k && { value: med(k.fixed.map((x) => x.p99Ms)), text: ms(med(k.fixed.map((x) => x.p99Ms))) };
    },
    ok: (v) => v <= 5,
  },
  {
    what: 'DNS queries lost at 20k QPS (all runs)',
    goal: '0',
    measure: (r) => {
      const k = r.dns?.kreach;
      if (!k) return undefined;
      const lost = k.fixed.reduce((n, x) => n + x.lost, 0);
      const sent = k.fixed.reduce((n, x) => n + x.sent, 0);
      return { value: lost, text: `${lost.toLocaleString('en-US')} of ${sent.toLocaleString('en-US')}` };
    },
    ok: (v) => v === 0,
  },
  {
    what: 'DNS engine state (heap)',
    goal: '≤ 150 MB',
    measure: (r) => {
      const st = r.dns?.state;
      if (!st || st.length === 0) return undefined;
      const v = med(st.map((x) => x.stateMiB));
      return { value: v, text: `${v.toFixed(1)} MiB` };
    },
    ok: (v) => v <= 150,
  },
  {
    what: 'answers identical to NSD (rcode, AA, answer section)',
    goal: 'all sampled names',
    measure: (r) => {
      const c = r.dns?.comparison;
      return c && { value: c.asked - c.identical, text: `${c.identical.toLocaleString('en-US')} of ${c.asked.toLocaleString('en-US')}` };
    },
    ok: (v) => v === 0,
  },
  {
    what: 'one trace (p99 of random questions)',
    goal: '≤ 10 ms',
    measure: (r) => {
      const q = r.reach.find((x) => x.size === r.largest);
      return q && { value: med(q.runs.map((x) => x.trace.questions.p99)), text: `${ms(med(q.runs.map((x) => x.trace.questions.p99)))} (median ${ms(med(q.runs.map((x) => x.trace.questions.median)))}; first, cold: ${ms(med(q.runs.map((x) => x.trace.firstMs)), 0)})` };
    },
    ok: (v) => v <= 10,
  },
  {
    what: 'connectivity all pairs, 1k × 1k',
    goal: '≤ 1 s',
    measure: (r) => {
      const c = connectivity(r, 1_000);
      return c && { value: med(c.runs.map((x) => x.ms)) / 1000, text: s(med(c.runs.map((x) => x.ms)) / 1000) };
    },
    ok: (v) => v <= 1,
  },
  {
    what: 'connectivity all pairs, 10k × 10k',
    goal: '≤ 10 s',
    measure: (r) => {
      const c = connectivity(r, 10_000);
      return c && { value: med(c.runs.map((x) => x.ms)) / 1000, text: s(med(c.runs.map((x) => x.ms)) / 1000) };
    },
    ok: (v) => v <= 10,
  },
  {
    what: 'connectivity 10k × 10k, peak RSS (load included)',
    goal: '≤ 1 GiB',
    measure: (r) => {
      const c = connectivity(r, 10_000);
      return c && { value: med(c.runs.map((x) => x.peakRssMiB)), text: `${med(c.runs.map((x) => x.peakRssMiB)).toFixed(0)} MiB` };
    },
    ok: (v) => v <= 1024,
  },
];

export function evaluateTargets(r: BenchResults): TargetVerdict[] {
  return TARGETS.map((t) => {
    const m = t.measure(r);
    if (!m || !Number.isFinite(m.value)) return { what: t.what, goal: t.goal, measured: '–', verdict: 'not measured' };
    return { what: t.what, goal: t.goal, measured: m.text, verdict: t.ok(m.value) ? 'met' : 'missed' };
  });
}

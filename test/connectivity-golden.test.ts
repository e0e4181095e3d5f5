/**
 * Scenario folders under testdata/connectivity: each has `manifests/`, the report in every format
 * (`out.txt`, `out.json`, `out.yaml`, `out.md`, `out.dot`) and, where present, `questions.txt` (one
 * set of flags per line) with its answers in `questions.out.txt`. `KREACH_UPDATE_GOLDEN=1` rewrites
 * the goldens. Every scenario is also checked pod pair by pod pair against the policy engine.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Cluster } from '../src/cluster/cluster.js';
import { ask, connectivityReport, renderAnswer, renderReport, resolveEnd, type ReportFormat } from '../src/connectivity/index.js';
import { loadCluster } from '../src/load.js';
import type { Protocol } from '../src/model/index.js';
import { PolicyEngine } from '../src/policy/index.js';
import { disagreements, expectGolden, REPO_ROOT } from './connectivity-helpers.js';

const DIR = join(REPO_ROOT, 'testdata/connectivity');
const SCENARIOS = readdirSync(DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const FORMATS: Array<[ReportFormat, string]> = [
  ['text', 'out.txt'],
  ['json', 'out.json'],
  ['yaml', 'out.yaml'],
  ['md', 'out.md'],
  ['dot', 'out.dot'],
];

/** `--from a --to b --port 80 --protocol UDP` → the answer text, or `error: …`. */
function answerLine(cluster: Cluster, engine: PolicyEngine, flags: string): string {
  const words = flags.trim().split(/\s+/);
  const flag = (name: string) => words[words.indexOf(`--${name}`) + 1] ?? '';
  const from = resolveEnd(cluster, flag('from'), 'default');
  const to = resolveEnd(cluster, flag('to'), 'default');
  if (!from.ok || !to.ok) return `error: ${!from.ok ? from.message : !to.ok ? to.message : ''}\n`;
  const portText = flag('port');
  const protocol = (words.includes('--protocol') ? flag('protocol') : 'TCP') as Protocol;
  const asked = ask(engine, from.end, to.end, /^\d+$/.test(portText) ? Number(portText) : portText, protocol);
  return asked.ok ? renderAnswer(asked.answer, 'text') : `error: ${asked.message}\n`;
}

describe.each(SCENARIOS)('scenario %s', (scenario) => {
  const dir = join(DIR, scenario);
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await loadCluster({ files: [join(dir, 'manifests')], recursive: true });
  });

  it.each(FORMATS)('-o %s matches %s', (format, file) => {
    expectGolden(join(dir, file), renderReport(connectivityReport(cluster), format));
  });

  it('agrees with PolicyEngine.allowedPorts for every pod pair', () => {
    expect(disagreements(cluster)).toEqual([]);
  });

  it.skipIf(!existsSync(join(dir, 'questions.txt')))('answers questions.txt as questions.out.txt', () => {
    const engine = new PolicyEngine(cluster);
    const flags = readFileSync(join(dir, 'questions.txt'), 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    const text = flags.map((f) => `$ ${f}\n${answerLine(cluster, engine, f)}`).join('\n');
    engine.close();
    expectGolden(join(dir, 'questions.out.txt'), text);
  });
});

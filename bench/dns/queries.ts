/**
 * Questions drawn from the exported zones, so both servers are asked about the same names and every
 * name exists: the dnsperf query file (70% ClusterIP A, 20% headless A, 10% SRV) and the sample
 * whose answers are compared between kreach and NSD (every record type the zones hold, plus names
 * that do not exist and types a name lacks).
 */
import { readFileSync } from 'node:fs';
import { Random } from '../random.js';

/** The owner names and types of a zone file, with how many records each (name, type) has. */
export interface ZoneIndex {
  /** `name type` → number of records. */
  rrsets: Map<string, number>;
  /** The first data field per `name type` (an A record's address). */
  firstData: Map<string, string>;
  records: number;
}

export function indexZones(files: readonly string[]): ZoneIndex {
  const rrsets = new Map<string, number>();
  const firstData = new Map<string, string>();
  let records = 0;
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line === '' || line.startsWith(';') || line.startsWith('$')) continue;
      const [owner = '', , , type = '', data = ''] = line.split(/\s+/);
      const key = `${owner} ${type}`;
      rrsets.set(key, (rrsets.get(key) ?? 0) + 1);
      if (!firstData.has(key)) firstData.set(key, data);
      records++;
    }
  }
  return { rrsets, firstData, records };
}

/** ClusterIPs of the generated cluster and kube-dns live in 10.96.0.0/12. */
function isServiceIp(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number);
  return a === 10 && b !== undefined && b >= 96 && b <= 111;
}

/** At most this many records per answer: bigger ones do not fit 1232 bytes and come back truncated. */
const MAX_RECORDS = 20;

export interface QueryMix {
  clusterIp: string[];
  headless: string[];
  srv: string[];
}

/** The candidate questions of each kind, as dnsperf lines (`name type`). */
export function queryMix(index: ZoneIndex): QueryMix {
  const mix: QueryMix = { clusterIp: [], headless: [], srv: [] };
  for (const [key, count] of index.rrsets) {
    const [owner = '', type = ''] = key.split(' ');
    if (!owner.endsWith('.svc.cluster.local.') || count > MAX_RECORDS) continue;
    const labels = owner.split('.').length - 1;
    if (type === 'SRV' && owner.startsWith('_')) mix.srv.push(key);
    else if (type === 'A' && labels === 5 && isServiceIp(index.firstData.get(key) ?? '')) mix.clusterIp.push(key);
    else if (type === 'A' && (labels === 5 || labels === 6)) mix.headless.push(key);
  }
  for (const list of Object.values(mix) as string[][]) list.sort();
  return mix;
}

/** `count` dnsperf lines: 70% ClusterIP A, 20% headless A, 10% SRV, in random order. */
export function queryFile(mix: QueryMix, count: number, seed: number): string {
  const rng = new Random(seed);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const roll = rng.next();
    const list = roll < 0.7 ? mix.clusterIp : roll < 0.9 ? mix.headless : mix.srv;
    lines.push(rng.pick(list));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Up to `count` questions for the comparison: every record type in proportion to how many names
 * hold it (at least 50 of each), plus 5% names that do not exist and 5% existing names asked for a
 * type they lack.
 */
export function comparisonSample(index: ZoneIndex, count: number, seed: number): Array<{ name: string; type: string }> {
  const rng = new Random(seed);
  const byType = new Map<string, string[]>();
  for (const key of index.rrsets.keys()) {
    const [owner = '', type = ''] = key.split(' ');
    const list = byType.get(type);
    if (list) list.push(owner);
    else byType.set(type, [owner]);
  }
  const total = index.rrsets.size;
  const out: Array<{ name: string; type: string }> = [];
  const existing = Math.round(count * 0.9);
  for (const [type, owners] of [...byType].sort()) {
    const take = Math.min(owners.length, Math.max(50, Math.round((existing * owners.length) / total)));
    for (const name of rng.shuffle(owners).slice(0, take)) out.push({ name, type });
  }
  const services = byType.get('A')?.filter((o) => o.endsWith('.svc.cluster.local.')) ?? [];
  for (let i = 0; i < count * 0.05 && services.length > 0; i++) {
    out.push({ name: `no-such-${i}.${rng.pick(services).split('.').slice(1).join('.')}`, type: 'A' });
    out.push({ name: rng.pick(services), type: rng.pick(['MX', 'TXT', 'AAAA', 'PTR', 'CNAME']) });
  }
  return out;
}

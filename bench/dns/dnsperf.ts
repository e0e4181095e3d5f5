/**
 * dnsperf runs and their statistics. dnsperf prints no percentiles, so the latency runs use `-v`,
 * which prints one line per answered query with its latency, and compute average and p99 from those.
 * dnsperf is pinned to the other core than the servers.
 */
import { spawn } from 'node:child_process';
import { percentile } from '../stats.js';

export interface DnsperfResult {
  sent: number;
  completed: number;
  lost: number;
  qps: number;
  /** Milliseconds. */
  avgMs: number;
  p99Ms: number;
  maxMs: number;
  rcodes: Record<string, number>;
}

export interface DnsperfOptions {
  port: number;
  queryFile: string;
  seconds: number;
  /** `-Q`: offered load; unset for as fast as the server answers. */
  qps?: number;
  /** `-q`: queries outstanding. @default 100 */
  outstanding?: number;
  cpu?: number;
}

export function runDnsperf(options: DnsperfOptions): Promise<DnsperfResult> {
  const args = ['-s', '127.0.0.1', '-p', String(options.port), '-d', options.queryFile, '-l', String(options.seconds), '-q', String(options.outstanding ?? 100)];
  const verbose = options.qps !== undefined;
  if (verbose) args.push('-Q', String(options.qps), '-v');
  const [command, argv] = options.cpu !== undefined ? ['taskset', ['-c', String(options.cpu), 'dnsperf', ...args]] : ['dnsperf', args];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const latencies: number[] = [];
    const rcodes: Record<string, number> = {};
    let summary = '';
    let partial = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString();
      const cut = text.lastIndexOf('\n');
      partial = text.slice(cut + 1);
      for (const line of text.slice(0, cut).split('\n')) {
        if (line.startsWith('> ')) {
          const fields = line.split(' ');
          latencies.push(Number(fields[fields.length - 1]) * 1000);
          const rcode = fields[1] ?? '?';
          rcodes[rcode] = (rcodes[rcode] ?? 0) + 1;
        } else summary += `${line}\n`;
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      summary += partial;
      if (code !== 0) return reject(new Error(`dnsperf exited ${code}: ${errors}${summary.slice(-1000)}`));
      const num = (re: RegExp) => Number(re.exec(summary)?.[1] ?? Number.NaN);
      const sorted = latencies.sort((a, b) => a - b);
      const avgSeconds = num(/Average Latency \(s\):\s+([\d.]+)/);
      const maxSeconds = num(/Average Latency \(s\):.*max ([\d.]+)\)/);
      if (!verbose) {
        for (const match of summary.matchAll(/(NOERROR|NXDOMAIN|SERVFAIL|REFUSED|FORMERR|NOTIMP) (\d+)/g)) rcodes[match[1] as string] = Number(match[2]);
      }
      resolve({
        sent: num(/Queries sent:\s+(\d+)/),
        completed: num(/Queries completed:\s+(\d+)/),
        lost: num(/Queries lost:\s+(\d+)/),
        qps: num(/Queries per second:\s+([\d.]+)/),
        avgMs: sorted.length > 0 ? sorted.reduce((a, b) => a + b, 0) / sorted.length : avgSeconds * 1000,
        p99Ms: sorted.length > 0 ? percentile(sorted, 99) : Number.NaN,
        maxMs: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : maxSeconds * 1000,
        rcodes,
      });
    });
  });
}

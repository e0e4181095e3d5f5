/**
 * How fast this machine is right now, as one figure: `JSON.parse` throughput on one thread, of a
 * fixed text built here (the same bytes in every run and on every machine). The development
 * machine is a VM whose host is shared, and the same load measured minutes apart has taken from
 * 6.4 to 10.5 s with its CPU time rising alike: a wall time means little without the speed of the
 * machine when it was taken. Each load run reports the speed it saw right after measuring.
 */
import { now } from './common.js';

/** ~11 MB of pod-like objects, deterministic. */
function fixedText(): string {
  const items = Array.from({ length: 16_000 }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `web-${i}`, namespace: `ns-${i % 50}`, labels: { app: 'web', tier: 'frontend', 'pod-template-hash': `h${i % 97}` } },
    spec: {
      containers: [{ name: 'app', image: 'registry.example.com/web:1.3.2', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], env: [{ name: 'N', value: String(i) }] }],
      nodeName: `node-${i % 5000}`,
    },
    status: { phase: 'Running', podIP: `10.${128 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`, conditions: [{ type: 'Ready', status: 'True' }] },
  }));
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 1);
}

/** MB/s of `JSON.parse` on the fixed text: the best of three passes, after one to warm up. */
export function jsonParseSpeed(): number {
  const text = fixedText();
  JSON.parse(text);
  let best = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const t0 = now();
    JSON.parse(text);
    best = Math.min(best, now() - t0);
  }
  return text.length / 1024 / 1024 / (best / 1000);
}

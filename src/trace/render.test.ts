/**
 * The text rendering: the step table's rows, the fix and confirm sections, and colour only when
 * asked for (the CLI asks on a TTY, so piped output stays plain).
 */
import { describe, expect, it } from 'vitest';
import { renderTraceJson, renderTraceText } from './render.js';
import type { Trace } from './types.js';

/** A hand-made trace: rendering must not depend on how a trace was computed. */
const sample: Trace = {
  schema: 'kreach.trace/v1',
  client: { kind: 'pod', pod: 'app/web-1', workload: 'Deployment/web', ip: '10.244.1.5', node: 'node-1' },
  target: { text: 'http://svc:80', scheme: 'http', host: 'svc', hostKind: 'name', port: 80, protocol: 'TCP', portFrom: 'explicit' },
  options: { libc: 'glibc', proxyMode: 'iptables', clusterDomain: 'cluster.local' },
  steps: [
    { id: 'resolve', verdict: 'ok', summary: 'svc → svc.app.svc.cluster.local. → 10.244.2.7', evidence: ['resolv.conf: nameserver 10.96.0.10'] },
    { id: 'answer', verdict: 'ok', summary: 'headless', evidence: [] },
    { id: 'route', verdict: 'warn', summary: 'no translation', evidence: [] },
    { id: 'policy', verdict: 'ok', summary: 'allowed', evidence: [] },
    { id: 'listener', verdict: 'fail', summary: 'serves on 8000', evidence: ['10.244.2.7:80: not declared'] },
    { id: 'verdict', verdict: 'fail', summary: 'unreachable: connection refused', evidence: ['why'] },
  ],
  answer: { kind: 'pod-ips', addresses: ['10.244.2.7'], why: 'headless' },
  route: { kind: 'direct', explanation: 'no translation' },
  endpoints: [],
  verdict: {
    reachable: 'none',
    endpoints: { total: 1, reachable: 0 },
    symptom: 'connection refused',
    reason: 'nothing translates 80',
    fixes: [{ summary: 'dial 8000', snippet: 'kubectl patch …' }],
    confirm: [{ purpose: 'connect', command: 'curl http://svc:80/' }],
  },
};

describe('renderTraceText', () => {
  it('lays the steps out as numbered rows with their evidence indented under them', () => {
    const text = renderTraceText(sample);
    expect(text.split('\n').slice(0, 6)).toEqual([
      'trace app/web-1 (Deployment web, 10.244.1.5 on node-1) → http://svc:80 (TCP 80)',
      'libc glibc, kube-proxy iptables, cluster domain cluster.local',
      '',
      'STEP       RESULT WHAT',
      '1 resolve  ok     svc → svc.app.svc.cluster.local. → 10.244.2.7',
      '                  resolv.conf: nameserver 10.96.0.10',
    ]);
    expect(text).toContain('5 listener fail   serves on 8000\n                  10.244.2.7:80: not declared\n6 verdict  fail   unreachable: connection refused\n');
    expect(text).toContain('why: nothing translates 80\n\nfix:\n  1. dial 8000\n       kubectl patch …\n');
    expect(text).toContain('confirm in a real cluster:\n  # connect\n  curl http://svc:80/\n');
    expect(text).not.toContain('\u001b[');
  });

  it('colours verdicts only when asked, and can leave the evidence out', () => {
    expect(renderTraceText(sample, { color: true })).toContain('\u001b[');
    expect(renderTraceText(sample, { evidence: false })).not.toContain('resolv.conf');
  });

  it('writes JSON that parses back to the trace', () => {
    expect(JSON.parse(renderTraceJson(sample))).toEqual(sample);
  });
});

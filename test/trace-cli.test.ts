/**
 * `kreach trace` end to end (the built `dist/`, as users run it) on the case at the heart of
 * DESIGN.md: a headless Service with port 80 → targetPort 8000. Dialling 80 is refused because
 * nothing translates it, dialling 8000 works, and the same Service with a cluster IP
 * (testdata/scenarios/clusterip-chroma) works on 80. Also the JSON schema's stable fields
 * (docs/trace-json.md), exit codes and plain output when piped.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Trace } from '../src/trace/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/main.js');
const HEADLESS = join(ROOT, 'testdata/scenarios/headless-chroma');
const CLUSTER_IP = join(ROOT, 'testdata/scenarios/clusterip-chroma');

function kreach(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: ROOT });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function traceJson(scenario: string, target: string): { code: number | null; trace: Trace } {
  const out = kreach(['trace', '-f', scenario, '--from', 'deploy/chroma', target, '-o', 'json']);
  return { code: out.code, trace: JSON.parse(out.stdout) as Trace };
}

describe('kreach trace on the headless case of DESIGN.md', () => {
  it('http://svc-chroma:80 is unreachable: headless, no translation, the pods listen on 8000 — and says the fix', () => {
    const out = kreach(['trace', '-f', HEADLESS, '--from', 'deploy/chroma', 'http://svc-chroma:80']);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/^6 verdict\s+fail\s+unreachable on all 2 endpoint\(s\): connection refused$/m);
    expect(out.stdout).toMatch(/^3 route\s+warn\s+no translation: svc-chroma is headless, so port 80 is dialled on the pods as is; .*targetPort 8000.*the pods listen on 8000$/m);
    expect(out.stdout).toMatch(/^5 listener\s+fail\s+2 of 2 endpoint\(s\) serve this Service port on 8000, not 80\/TCP/m);
    expect(out.stdout).toContain('SRV _http._tcp.svc-chroma.default.svc.cluster.local. → port 8000');
    expect(out.stdout).toContain('1. dial port 8000, the port the pods serve: http://svc-chroma:8000');
    expect(out.stdout).toContain('or set `port: 8000` on Service default/svc-chroma');
    expect(out.stdout).toContain('or drop `clusterIP: None`');
    expect(out.stdout).toMatch(/kubectl -n default debug -it .* --image=nicolaka\/netshoot -- curl -sv --max-time 5 http:\/\/svc-chroma:80\//);
    expect(out.stdout).toMatch(/-- dig \+search svc-chroma$/m);
  });

  it('http://svc-chroma:8000 is reachable on both pods', () => {
    const out = kreach(['trace', '-f', HEADLESS, '--from', 'deploy/chroma', 'http://svc-chroma:8000']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^3 route\s+ok\s+no translation \(headless Service default\/svc-chroma\): port 8000 is what the pods serve/m);
    expect(out.stdout).toMatch(/^6 verdict\s+ok\s+reachable on all 2 endpoint\(s\)$/m);
    expect(out.stdout).not.toContain('fix:');
  });

  it('the same Service with a cluster IP is reachable on 80: kube-proxy DNATs 80 → 8000', () => {
    const out = kreach(['trace', '-f', CLUSTER_IP, '--from', 'deploy/chroma', 'http://svc-chroma:80']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^3 route\s+ok\s+10\.\d+\.\d+\.\d+:80\/TCP → default\/svc-chroma:http\/TCP \(ClusterIP\): iptables DNATs to one of 2 endpoints 10\.244\.\d+\.\d+:8000, 10\.244\.\d+\.\d+:8000$/m);
    expect(out.stdout).toMatch(/^6 verdict\s+ok\s+reachable on all 2 endpoint\(s\)$/m);
  });

  it('writes no colour when piped', () => {
    const out = kreach(['trace', '-f', HEADLESS, '--from', 'deploy/chroma', 'http://svc-chroma:80']);
    expect(out.stdout).not.toContain('\u001b[');
  });
});

describe('kreach trace -o json (docs/trace-json.md)', () => {
  it('carries the verdict, the symptom, per-endpoint outcomes and the fixes', () => {
    const { code, trace } = traceJson(HEADLESS, 'http://svc-chroma:80');
    expect(code).toBe(1);
    expect(trace.schema).toBe('kreach.trace/v1');
    expect(trace.target).toMatchObject({ host: 'svc-chroma', port: 80, protocol: 'TCP', scheme: 'http', hostKind: 'name' });
    expect(trace.client).toMatchObject({ kind: 'pod', workload: 'Deployment/chroma', simulated: true });
    expect(trace.steps.map((s) => `${s.id}:${s.verdict}`)).toEqual(['resolve:ok', 'answer:ok', 'route:warn', 'policy:ok', 'listener:fail', 'verdict:fail']);
    expect(trace.answer).toMatchObject({ kind: 'pod-ips', name: 'svc-chroma.default.svc.cluster.local.', service: { key: 'default/svc-chroma', headless: true } });
    expect(trace.route).toMatchObject({ kind: 'direct', reason: 'headless' });
    expect(trace.endpoints.map((e) => [e.port, e.translated, e.outcome, e.symptom, e.listener?.servesOn])).toEqual([
      [80, false, 'unreachable', 'connection refused', 8000],
      [80, false, 'unreachable', 'connection refused', 8000],
    ]);
    expect(trace.verdict).toMatchObject({ reachable: 'none', symptom: 'connection refused', endpoints: { total: 2, reachable: 0 } });
    expect(trace.verdict.fixes[0]?.summary).toMatch(/http:\/\/svc-chroma:8000/);
    expect(trace.resolution?.dns?.paths.map((p) => `${p.protocol} ${p.reachable}/${p.endpoints.length}`)).toEqual(['UDP 2/2', 'TCP 2/2']);
  });

  it('shows the DNAT to 8000 for the cluster-IP variant', () => {
    const { code, trace } = traceJson(CLUSTER_IP, 'http://svc-chroma:80');
    expect(code).toBe(0);
    expect(trace.route).toMatchObject({ kind: 'translated', servicePort: 'default/svc-chroma:http/TCP' });
    expect(trace.endpoints.map((e) => [e.port, e.translated, e.outcome])).toEqual([
      [8000, true, 'reachable'],
      [8000, true, 'reachable'],
    ]);
    expect(trace.verdict.reachable).toBe('all');
  });
});

describe('kreach trace input errors', () => {
  it('exits 2 on a target it cannot read, before loading anything', () => {
    const out = kreach(['trace', '-f', HEADLESS, '--from', 'deploy/chroma', 'svc-chroma']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/cannot read target "svc-chroma": no port/);
    expect(out.stdout).toBe('');
  });

  it('exits 2 on a client that does not exist, naming close matches', () => {
    const out = kreach(['trace', '-f', HEADLESS, '--from', 'deploy/chrome', 'http://svc-chroma:8000']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/Deployment "default\/chrome" not found; close matches: default\/deployment\/chroma/);
  });

  it('takes an outside address as the client', () => {
    const out = kreach(['trace', '-f', HEADLESS, '--from', '203.0.113.7', 'http://svc-chroma.default.svc.cluster.local:8000', '-o', 'json']);
    const trace = JSON.parse(out.stdout) as Trace;
    expect(trace.client).toEqual({ kind: 'external', ip: '203.0.113.7' });
    expect(trace.steps.map((s) => s.verdict)).toEqual(['warn', 'ok', 'warn', 'ok', 'ok', 'warn']);
    expect(trace.verdict.reachable).toBe('unknown');
    expect(trace.verdict.reason).toMatch(/only if the outside client's network routes the pod CIDR into the cluster/);
    expect(out.code).toBe(0);
  });
});

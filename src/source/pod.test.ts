/**
 * Pod conversion from manifests and from `kubectl get -o yaml` dumps. Each row names the upstream
 * rule: `defaults.go` is kubernetes/kubernetes pkg/apis/core/v1/defaults.go, `validation.go` is
 * pkg/apis/core/validation/validation.go, `reconciler.go`/`utils.go` are kubernetes/endpointslice,
 * `podutil` is pkg/api/v1/pod/util.go.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Finding, Pod } from '../model/index.js';
import { literalContext } from './context.js';
import { podFromObject } from './pod.js';
import type { RawObject } from './raw.js';

function convert(yamlText: string): { pod: Pod; findings: Finding[] } {
  const findings: Finding[] = [];
  const pod = podFromObject(parse(yamlText) as RawObject, literalContext(findings));
  return { pod, findings };
}

/** A minimal pod manifest; `spec` and `extra` are appended YAML (indented by the caller). */
const manifest = (spec = '', extra = ''): string => `
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  containers:
  - name: app
    image: nginx
    ports:
    - {name: http, containerPort: 8080}
${spec}
${extra}`;

/** A dump of the same pod with the given status. */
const dump = (status: string, metadata = ''): string => `
apiVersion: v1
kind: Pod
metadata:
  name: web-5d59d67564-x7k2p
  namespace: shop
  uid: 0b9d4e0c-1111-2222-3333-444455556666
  labels: {app: web, pod-template-hash: 5d59d67564}
  ownerReferences:
  - {apiVersion: apps/v1, kind: ReplicaSet, name: web-5d59d67564, uid: u1, controller: true}
${metadata}
spec:
  nodeName: node-1
  containers:
  - name: app
    image: nginx
    ports:
    - {name: http, containerPort: 8080}
status:
${status}`;

describe('podFromObject: manifests (no status → assumed Running and Ready)', () => {
  it('applies API defaults (defaults.go: protocol TCP, dnsPolicy ClusterFirst) and marks assumptions', () => {
    const { pod, findings } = convert(manifest());
    expect(findings).toEqual([]);
    expect(pod).toMatchObject({
      meta: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
      hostNetwork: false,
      dnsPolicy: 'ClusterFirst',
      containers: [{ name: 'app', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], probes: [] }],
      initContainers: [],
      phase: 'Running',
      ready: true,
      podIPs: [],
      assumed: ['status', 'ip', 'node'],
    });
    expect(pod.owner).toBeUndefined();
  });

  it.each([
    ['namespace defaults to default (kubectl apply without -n)', manifest().replace('  namespace: shop\n', ''), { meta: { namespace: 'default' } }],
    ['a pinned nodeName is not assumed', manifest('  nodeName: node-2'), { nodeName: 'node-2', assumed: ['status', 'ip'] }],
    ['status: {} counts as no status (kubectl --dry-run output)', manifest('', 'status: {}'), { ready: true, assumed: ['status', 'ip', 'node'] }],
    [
      'hostNetwork: hostPort defaults to containerPort (defaults.go defaultHostNetworkPorts)',
      manifest('  hostNetwork: true'),
      { hostNetwork: true, containers: [{ ports: [{ containerPort: 8080, hostPort: 8080 }] }] },
    ],
    [
      'hostname, subdomain, dnsPolicy and dnsConfig are kept',
      manifest(`  hostname: web-a
  subdomain: peers
  dnsPolicy: None
  dnsConfig:
    nameservers: [1.1.1.1]
    searches: [svc.example]
    options: [{name: ndots, value: "2"}, {name: edns0}]`),
      {
        hostname: 'web-a',
        subdomain: 'peers',
        dnsPolicy: 'None',
        dnsConfig: { nameservers: ['1.1.1.1'], searches: ['svc.example'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] },
      },
    ],
    ['nodeSelector is kept when non-empty', manifest('  nodeSelector: {kubernetes.io/hostname: node-3}'), { nodeSelector: { 'kubernetes.io/hostname': 'node-3' } }],
  ])('%s', (_name, text, expected) => {
    const { pod, findings } = convert(text);
    expect(findings).toEqual([]);
    expect(pod).toMatchObject(expected);
  });
});

describe('podFromObject: containers, named ports, probes, sidecars', () => {
  it('reads ports of every protocol, probe ports (httpGet, tcpSocket, grpc) and init restartPolicy (services.md §4.4)', () => {
    const { pod, findings } = convert(`
kind: Pod
metadata: {name: p, namespace: ns}
spec:
  initContainers:
  - name: setup
    image: busybox
  - name: proxy
    image: envoy
    restartPolicy: Always
    ports: [{name: admin, containerPort: 9901}]
    readinessProbe: {tcpSocket: {port: admin}}
  containers:
  - name: app
    image: app
    ports:
    - {name: http, containerPort: 8080}
    - {name: dns, containerPort: 53, protocol: UDP}
    - {name: sig, containerPort: 7000, protocol: SCTP}
    livenessProbe: {httpGet: {path: /healthz, port: http}}
    readinessProbe: {httpGet: {path: /ready, port: 8081}}
    startupProbe: {grpc: {port: 9090}}
`);
    expect(findings).toEqual([]);
    expect(pod.containers[0]).toEqual({
      name: 'app',
      ports: [
        { name: 'http', containerPort: 8080, protocol: 'TCP' },
        { name: 'dns', containerPort: 53, protocol: 'UDP' },
        { name: 'sig', containerPort: 7000, protocol: 'SCTP' },
      ],
      probes: [
        { probe: 'liveness', port: 'http' },
        { probe: 'readiness', port: 8081 },
        { probe: 'startup', port: 9090 },
      ],
    });
    expect(pod.initContainers).toEqual([
      { name: 'setup', ports: [], probes: [] },
      { name: 'proxy', ports: [{ name: 'admin', containerPort: 9901, protocol: 'TCP' }], probes: [{ probe: 'readiness', port: 'admin' }], restartPolicy: 'Always' },
    ]);
  });
});

describe('podFromObject: dumps with status (reconciler.go podToEndpoint, utils.go ShouldPodBeInEndpoints)', () => {
  const ready = '  conditions:\n  - {type: Ready, status: "True"}';
  it.each<[string, string, string, Partial<Pod>]>([
    ['Running and Ready (podutil IsPodReady)', `  phase: Running\n${ready}\n  podIP: 10.244.1.5\n  podIPs: [{ip: 10.244.1.5}]`, '', { phase: 'Running', ready: true, podIPs: ['10.244.1.5'], assumed: [] }],
    [
      'Ready condition False → not ready',
      '  phase: Running\n  conditions:\n  - {type: Ready, status: "False"}\n  podIPs: [{ip: 10.244.1.5}]',
      '',
      { ready: false, podIPs: ['10.244.1.5'] },
    ],
    ['a status without a Ready condition → not ready', '  phase: Pending\n  podIPs: [{ip: 10.244.1.5}]', '', { phase: 'Pending', ready: false, assumed: [] }],
    ['terminating: deletionTimestamp kept', `  phase: Running\n${ready}\n  podIPs: [{ip: 10.244.1.5}]`, '  deletionTimestamp: "2026-07-01T10:00:00Z"', { meta: expect.objectContaining({ deletionTimestamp: '2026-07-01T10:00:00Z' }) as Pod['meta'], ready: true }],
    ['Succeeded phase read as is', '  phase: Succeeded\n  podIPs: [{ip: 10.244.1.5}]', '', { phase: 'Succeeded', ready: false }],
    ['podIP only → podIPs [podIP] (services.md §4.2)', `  phase: Running\n${ready}\n  podIP: 10.244.1.9`, '', { podIPs: ['10.244.1.9'] }],
    [
      'IPv6 is re-printed canonically (reconciler.go parses and re-stringifies)',
      `  phase: Running\n${ready}\n  podIPs: [{ip: 10.244.1.5}, {ip: "1234::5678:0000:0000:9ABC:def0"}]`,
      '',
      { podIPs: ['10.244.1.5', '1234::5678:0:0:9abc:def0'] },
    ],
    ['IPv6 podIP only', `  phase: Running\n${ready}\n  podIP: "fd00:0:0:0:0:0:0:1"`, '', { podIPs: ['fd00::1'] }],
    ['phase missing → Running, assumed status; readiness still read', `${ready}\n  podIPs: [{ip: 10.244.1.5}]`, '', { phase: 'Running', ready: true, assumed: ['status'] }],
    ['no IP yet (Pending, scheduled): nothing allocated later', '  phase: Pending', '', { podIPs: [], assumed: [] }],
  ])('%s', (_name, status, metadata, expected) => {
    const { pod, findings } = convert(dump(status, metadata));
    expect(findings).toEqual([]);
    expect(pod).toMatchObject(expected);
  });

  it('uid and owner: a ReplicaSet <deployment>-<pod-template-hash> means the Deployment (pkg/controller/deployment)', () => {
    const { pod } = convert(dump('  phase: Running'));
    expect(pod.meta.uid).toBe('0b9d4e0c-1111-2222-3333-444455556666');
    expect(pod.owner).toEqual({ kind: 'Deployment', name: 'web' });
  });
});

describe('podFromObject: owner references (metav1 OwnerReference, controller: true wins)', () => {
  const withOwners = (owners: string, labels = '{}'): string => `
kind: Pod
metadata:
  name: p
  labels: ${labels}
  ownerReferences:
${owners}
spec:
  containers: [{name: c}]`;
  it.each([
    ['RS without matching pod-template-hash label stays a ReplicaSet', withOwners('  - {kind: ReplicaSet, name: web-abc, controller: true}', '{pod-template-hash: other}'), { kind: 'ReplicaSet', name: 'web-abc' }],
    ['RS named just the hash stays a ReplicaSet', withOwners('  - {kind: ReplicaSet, name: abc, controller: true}', '{pod-template-hash: abc}'), { kind: 'ReplicaSet', name: 'abc' }],
    ['StatefulSet owner kept', withOwners('  - {kind: StatefulSet, name: db, controller: true}'), { kind: 'StatefulSet', name: 'db' }],
    ['the controller reference wins over others', withOwners('  - {kind: ConfigMap, name: cm}\n  - {kind: DaemonSet, name: agent, controller: true}'), { kind: 'DaemonSet', name: 'agent' }],
    ['no controller: the first reference', withOwners('  - {kind: Job, name: batch-1}'), { kind: 'Job', name: 'batch-1' }],
  ])('%s', (_name, text, owner) => {
    expect(convert(text).pod.owner).toEqual(owner);
  });
});

describe('podFromObject: invalid input is reported, never thrown (validation.go)', () => {
  const container = (body: string): string => manifest().replace('    ports:\n    - {name: http, containerPort: 8080}', body);
  it.each([
    ['containerPort 0 (validateContainerPorts)', container('    ports: [{containerPort: 0}]'), 'spec.containers[0].ports[0].containerPort', 0],
    ['containerPort 70000', container('    ports: [{containerPort: 70000}]'), 'spec.containers[0].ports[0].containerPort', 0],
    ['containerPort as a string', container('    ports: [{containerPort: "8080"}]'), 'spec.containers[0].ports[0].containerPort', 0],
    ['protocol must be upper case', container('    ports: [{containerPort: 53, protocol: udp}]'), 'spec.containers[0].ports[0].protocol', 0],
    ['port name over 15 characters (IsValidPortName), port kept', container('    ports: [{name: a-very-long-port-name, containerPort: 80}]'), 'spec.containers[0].ports[0].name', 1],
    ['duplicate port name in one container', container('    ports: [{name: http, containerPort: 80}, {name: http, containerPort: 81}]'), 'spec.containers[0].ports[1].name', 2],
    ['hostPort must equal containerPort with hostNetwork', manifest('  hostNetwork: true').replace('containerPort: 8080}', 'containerPort: 8080, hostPort: 80}'), 'spec.containers[0].ports[0].hostPort', 1],
    ['probe port out of range', container('    livenessProbe: {tcpSocket: {port: 0}}'), 'spec.containers[0].livenessProbe.tcpSocket.port', 0],
    ['init container restartPolicy other than Always', manifest('  initContainers: [{name: i, restartPolicy: OnFailure}]'), 'spec.initContainers[0].restartPolicy', 1],
    ['unknown dnsPolicy', manifest('  dnsPolicy: ClusterFrist'), 'spec.dnsPolicy', 1],
    ['dnsPolicy None without nameservers', manifest('  dnsPolicy: None'), 'spec.dnsConfig.nameservers', 1],
    ['hostname not a DNS-1123 label', manifest('  hostname: Web_1'), 'spec.hostname', 1],
    ['invalid label value', manifest().replace('{app: web}', '{app: "web app"}'), 'metadata.labels.app', 1],
    ['missing name', manifest().replace('  name: web\n', ''), 'metadata.name', 1],
    ['no containers', 'kind: Pod\nmetadata: {name: p}\nspec: {}', 'spec.containers', 0],
    ['an invalid pod IP is dropped', dump('  phase: Running\n  podIPs: [{ip: 10.244.1.300}]'), 'status.podIPs[0].ip', 1],
  ])('%s', (_name, text, path, portsKept) => {
    const { pod, findings } = convert(text);
    expect(findings.map((f) => f.path)).toEqual([path]);
    expect(findings[0]).toMatchObject({ code: 'pod-invalid' });
    expect(findings[0]?.object).toMatch(/^Pod /);
    expect(pod.containers[0]?.ports.length ?? 0).toBe(portsKept);
  });
});

/**
 * serviceFromObject: one row per default of SetDefaults_Service (pkg/apis/core/v1/defaults.go) and
 * NormalizeClusterIPs (pkg/registry/core/service/storage), then rows for the best-form Service
 * kreach keeps when the API server would reject the input. Validation messages themselves are
 * covered row by row in service-validation.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Service } from '../model/index.js';
import { convertService, makeRawService, rawPort, type RawService } from '../../test/raw-service.js';

interface Row {
  name: string;
  tweak: (svc: RawService) => void;
  /** Fields the converted Service must have (toMatchObject). */
  want: Partial<Record<keyof Service, unknown>>;
  /** Fields that must be absent (undefined). */
  absent?: Array<keyof Service>;
  /** `path: message` of every finding; none when omitted. */
  findings?: string[];
}

const lines = (findings: ReturnType<typeof convertService>['findings']) => findings.map((f) => `${f.path}: ${f.message}`);

function run(rows: Row[]) {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const { svc, findings } = convertService(makeRawService(row.tweak));
    expect(lines(findings)).toEqual(row.findings ?? []);
    expect(svc).toMatchObject(row.want);
    for (const field of row.absent ?? []) expect(svc[field], field).toBeUndefined();
  });
}

describe('serviceFromObject defaults (SetDefaults_Service, pkg/apis/core/v1/defaults.go)', () => {
  run([
    { name: 'defaults.go: type defaults to ClusterIP', tweak: () => {}, want: { type: 'ClusterIP' } },
    {
      name: 'defaults.go: sessionAffinity defaults to None and its config is cleared',
      tweak: (s) => (s.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 60 } }),
      want: { sessionAffinity: 'None' },
      absent: ['sessionAffinityTimeoutSeconds'],
    },
    {
      name: 'defaults.go: ClientIP without a timeout gets DefaultClientIPServiceAffinitySeconds (10800)',
      tweak: (s) => (s.spec.sessionAffinity = 'ClientIP'),
      want: { sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 10800 },
    },
    {
      name: 'defaults.go: ClientIP keeps a given timeout',
      tweak: (s) => Object.assign(s.spec, { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } }),
      want: { sessionAffinityTimeoutSeconds: 60 },
    },
    {
      name: 'defaults.go: port protocol defaults to TCP, a given one is kept',
      tweak: (s) => (s.spec.ports = [{ name: 'a', port: 80 }, { name: 'b', port: 53, protocol: 'UDP' }]),
      want: { ports: [{ name: 'a', protocol: 'TCP', port: 80 }, { name: 'b', protocol: 'UDP', port: 53 }] },
    },
    {
      name: 'defaults.go: targetPort = port when unset, int 0 or ""; a name is kept',
      tweak: (s) =>
        (s.spec.ports = [
          { name: 'unset', port: 80 },
          { name: 'zero', port: 81, targetPort: 0 },
          { name: 'empty', port: 82, targetPort: '' },
          { name: 'named', port: 83, targetPort: 'http' },
        ]),
      want: {
        ports: [
          { name: 'unset', targetPort: 80 },
          { name: 'zero', targetPort: 81 },
          { name: 'empty', targetPort: 82 },
          { name: 'named', targetPort: 'http' },
        ],
      },
    },
    {
      name: 'defaults.go: externalTrafficPolicy Cluster for NodePort (ExternallyAccessible)',
      tweak: (s) => (s.spec.type = 'NodePort'),
      want: { externalTrafficPolicy: 'Cluster' },
    },
    {
      name: 'defaults.go: externalTrafficPolicy Cluster for LoadBalancer',
      tweak: (s) => (s.spec.type = 'LoadBalancer'),
      want: { externalTrafficPolicy: 'Cluster' },
    },
    {
      name: 'defaults.go: externalTrafficPolicy Cluster for ClusterIP with externalIPs (pkg/api/service/util.go)',
      tweak: (s) => (s.spec.externalIPs = ['203.0.113.10']),
      want: { externalTrafficPolicy: 'Cluster', externalIPs: ['203.0.113.10'] },
    },
    { name: 'defaults.go: no externalTrafficPolicy for a plain ClusterIP', tweak: () => {}, want: {}, absent: ['externalTrafficPolicy'] },
    {
      name: 'defaults.go: a given externalTrafficPolicy Local is kept',
      tweak: (s) => Object.assign(s.spec, { type: 'NodePort', externalTrafficPolicy: 'Local' }),
      want: { externalTrafficPolicy: 'Local' },
    },
    { name: 'defaults.go: internalTrafficPolicy Cluster for ClusterIP', tweak: () => {}, want: { internalTrafficPolicy: 'Cluster' } },
    {
      name: 'defaults.go: internalTrafficPolicy Cluster for NodePort and LoadBalancer',
      tweak: (s) => (s.spec.type = 'LoadBalancer'),
      want: { internalTrafficPolicy: 'Cluster' },
    },
    {
      name: 'defaults.go: no internalTrafficPolicy (nor externalTrafficPolicy) for ExternalName',
      tweak: (s) => Object.assign(s.spec, { type: 'ExternalName', externalName: 'db.example.com' }),
      want: { type: 'ExternalName', externalName: 'db.example.com' },
      absent: ['internalTrafficPolicy', 'externalTrafficPolicy'],
    },
    {
      name: 'defaults.go: allocateLoadBalancerNodePorts true for LoadBalancer',
      tweak: (s) => (s.spec.type = 'LoadBalancer'),
      want: { allocateLoadBalancerNodePorts: true },
    },
    {
      name: 'defaults.go: allocateLoadBalancerNodePorts false is kept',
      tweak: (s) => Object.assign(s.spec, { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false }),
      want: { allocateLoadBalancerNodePorts: false },
    },
    {
      name: 'defaults.go: no allocateLoadBalancerNodePorts for NodePort',
      tweak: (s) => (s.spec.type = 'NodePort'),
      want: {},
      absent: ['allocateLoadBalancerNodePorts'],
    },
    {
      name: 'defaults.go: LoadBalancer ingress with an ip gets ipMode VIP; hostname-only and Proxy stay',
      tweak: (s) => {
        s.spec.type = 'LoadBalancer';
        s.status = { loadBalancer: { ingress: [{ ip: '198.51.100.7' }, { hostname: 'lb.example.com' }, { ip: '198.51.100.8', ipMode: 'Proxy' }] } };
      },
      want: {
        loadBalancerIngress: [{ ip: '198.51.100.7', ipMode: 'VIP' }, { hostname: 'lb.example.com' }, { ip: '198.51.100.8', ipMode: 'Proxy' }],
      },
    },
    {
      name: 'selector absent → null (selector-less: the controller leaves endpoints to the user)',
      tweak: (s) => delete s.spec.selector,
      want: { selector: null },
    },
    { name: 'selector {} is kept as an empty map', tweak: (s) => (s.spec.selector = {}), want: { selector: {} } },
    {
      name: 'NormalizeClusterIPs (create): clusterIPs initialised from clusterIP',
      tweak: (s) => (s.spec.clusterIP = '10.96.0.20'),
      want: { clusterIPs: ['10.96.0.20'], ipFamilies: ['IPv4'] },
    },
    {
      name: 'NormalizeClusterIPs: clusterIP None → clusterIPs [None] (headless)',
      tweak: (s) => (s.spec.clusterIP = 'None'),
      want: { clusterIPs: ['None'], ipFamilies: [] },
    },
    {
      name: 'ExternalName has no cluster IPs and no families',
      tweak: (s) => Object.assign(s.spec, { type: 'ExternalName', externalName: 'db.example.com', ports: [] }),
      want: { clusterIPs: [], ipFamilies: [], ports: [] },
      absent: ['ipFamilyPolicy'],
    },
    {
      name: 'no clusterIP: clusterIPs stay empty until the cluster allocates (allocated flags false)',
      tweak: () => {},
      want: { clusterIPs: [], ipFamilies: [], allocated: { clusterIPs: false, nodePorts: false } },
      absent: ['ipFamilyPolicy'],
    },
    {
      name: 'alloc.go initIPFamilyFields: ipFamilies inferred from given dual-stack clusterIPs; policy kept',
      tweak: (s) => Object.assign(s.spec, { clusterIP: 'fd00::10', clusterIPs: ['fd00::10', '10.96.0.10'], ipFamilyPolicy: 'PreferDualStack' }),
      want: { clusterIPs: ['fd00::10', '10.96.0.10'], ipFamilies: ['IPv6', 'IPv4'], ipFamilyPolicy: 'PreferDualStack' },
    },
    {
      name: 'ipFamilies given without clusterIPs are kept',
      tweak: (s) => (s.spec.ipFamilies = ['IPv6', 'IPv4']),
      want: { ipFamilies: ['IPv6', 'IPv4'] },
    },
    {
      name: 'given nodePorts and healthCheckNodePort are kept',
      tweak: (s) => {
        Object.assign(s.spec, { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 32000 });
        rawPort(s).nodePort = 30080;
      },
      want: { ports: [{ name: 'http', nodePort: 30080 }], healthCheckNodePort: 32000, externalTrafficPolicy: 'Local' },
    },
    {
      name: 'publishNotReadyAddresses defaults to false and is read when set',
      tweak: (s) => (s.spec.publishNotReadyAddresses = true),
      want: { publishNotReadyAddresses: true },
    },
    {
      name: 'namespace defaults to "default" (what kubectl apply uses without -n)',
      tweak: (s) => delete s.metadata.namespace,
      want: { meta: { name: 'web', namespace: 'default' } },
    },
  ]);
});

describe('serviceFromObject best form for input the API server would reject', () => {
  run([
    {
      name: 'validateServicePort: a port with port 0 is dropped',
      tweak: (s) => (s.spec.ports = [{ name: 'zero', port: 0 }, { name: 'ok', port: 81 }]),
      want: { ports: [{ name: 'ok', port: 81, targetPort: 81 }] },
      // targetPort defaults to port (0) first, so upstream reports it as well.
      findings: [
        'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
        'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
      ],
    },
    {
      name: 'decode: a port that is no number is dropped (int32 field)',
      tweak: (s) => (rawPort(s).port = '80'),
      want: { ports: [] },
      findings: ['spec.ports[0].port: Invalid value: "80": must be an integer'],
    },
    {
      name: 'decode: a fractional port is dropped',
      tweak: (s) => (rawPort(s).port = 80.5),
      want: { ports: [] },
      findings: ['spec.ports[0].port: Invalid value: 80.5: must be an integer'],
    },
    {
      name: 'decode: a port entry that is no object is dropped; later paths keep their index',
      tweak: (s) => (s.spec.ports = ['80', { name: 'b', port: 81, protocol: 'tcp' }, { name: 'c', port: 82 }]),
      want: { ports: [{ name: 'c', port: 82 }] },
      findings: [
        'spec.ports[0]: Invalid value: "80": must be an object',
        'spec.ports[1].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
      ],
    },
    {
      name: 'decode: ports that are no list read as none',
      tweak: (s) => Object.assign(s.spec, { ports: { name: 'http', port: 80 } }),
      want: { ports: [] },
      findings: ['spec.ports: Invalid value: {"name":"http","port":80}: must be a list', 'spec.ports: Required value'],
    },
    {
      name: 'an unknown type falls back to ClusterIP',
      tweak: (s) => (s.spec.type = 'Internal'),
      want: { type: 'ClusterIP', internalTrafficPolicy: 'Cluster' },
      findings: ['spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'],
    },
    {
      name: 'an unknown sessionAffinity falls back to None',
      tweak: (s) => (s.spec.sessionAffinity = 'Sticky'),
      want: { sessionAffinity: 'None' },
      absent: ['sessionAffinityTimeoutSeconds'],
      findings: ['spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"'],
    },
    {
      name: 'an out-of-range ClientIP timeout falls back to 10800',
      tweak: (s) => Object.assign(s.spec, { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } }),
      want: { sessionAffinityTimeoutSeconds: 10800 },
      findings: ['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400'],
    },
    {
      name: 'a nodePort on a ClusterIP Service is cleared',
      tweak: (s) => (rawPort(s).nodePort = 30080),
      want: { ports: [{ name: 'http', port: 80 }] },
      findings: ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    },
    {
      name: 'special externalIPs are dropped (and the Service is then no longer externally accessible)',
      tweak: (s) => (s.spec.externalIPs = ['127.0.0.1']),
      want: { externalIPs: [] },
      absent: ['externalTrafficPolicy'],
      findings: ['spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)'],
    },
    {
      name: 'clusterIPs with a bad entry keep the valid ones; families follow the IPs',
      tweak: (s) => Object.assign(s.spec, { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10', '10.96.0.300'] }),
      want: { clusterIPs: ['10.96.0.10'], ipFamilies: ['IPv4'] },
      findings: ['spec.clusterIPs[1]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    },
    {
      name: 'ipFamilies contradicting the given IP follow the IP',
      tweak: (s) => Object.assign(s.spec, { clusterIP: '10.96.0.10', ipFamilies: ['IPv6'] }),
      want: { clusterIPs: ['10.96.0.10'], ipFamilies: ['IPv4'] },
      findings: ['spec.clusterIPs[0]: Invalid value: "10.96.0.10": expected an IPv6 value as indicated by `ipFamilies[0]`'],
    },
    {
      name: 'an ExternalName with a clusterIP gets none',
      tweak: (s) => Object.assign(s.spec, { type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.96.0.10' }),
      want: { clusterIPs: [] },
      findings: ['spec.clusterIPs: Forbidden: may not be set for ExternalName services'],
    },
    {
      name: 'decode: a selector value that is no string is reported and kept as text',
      tweak: (s) => (s.spec.selector = { app: 'web', version: 2 }),
      want: { selector: { app: 'web', version: '2' } },
      findings: ['spec.selector.version: Invalid value: 2: must be a string'],
    },
    {
      name: 'externalTrafficPolicy on a Service that is not externally accessible is cleared',
      tweak: (s) => (s.spec.externalTrafficPolicy = 'Local'),
      want: {},
      absent: ['externalTrafficPolicy'],
      findings: ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services'],
    },
  ]);
});

describe('serviceFromObject on a kubectl get -o yaml dump', () => {
  it('keeps allocated values and status, fills the defaults the dump already has, reports nothing', () => {
    const raw = makeRawService((s) => {
      Object.assign(s.metadata, { uid: '6f1c', labels: { app: 'web' } });
      Object.assign(s.spec, {
        type: 'LoadBalancer',
        clusterIP: '10.96.12.34',
        clusterIPs: ['10.96.12.34'],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
        allocateLoadBalancerNodePorts: true,
        sessionAffinity: 'None',
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 31234 }],
      });
      s.status = { loadBalancer: { ingress: [{ ip: '198.51.100.7', ipMode: 'VIP' }] } };
    });
    const { svc, findings } = convertService(raw);
    expect(findings).toEqual([]);
    expect(svc).toEqual({
      meta: {
        name: 'web',
        namespace: 'default',
        uid: '6f1c',
        labels: { app: 'web' },
        annotations: {},
        source: { file: '<literal>', docIndex: 0, line: 1, col: 1 },
      },
      type: 'LoadBalancer',
      clusterIPs: ['10.96.12.34'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      selector: { app: 'web' },
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 31234 }],
      publishNotReadyAddresses: false,
      sessionAffinity: 'None',
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      externalIPs: [],
      loadBalancerSourceRanges: [],
      loadBalancerIngress: [{ ip: '198.51.100.7', ipMode: 'VIP' }],
      allocateLoadBalancerNodePorts: true,
      allocated: { clusterIPs: false, nodePorts: false },
    } satisfies Service);
  });

  it('reports findings with the Service as object and the code service-invalid', () => {
    const { findings } = convertService(makeRawService((s) => (rawPort(s).port = 70000)));
    expect(findings).toMatchObject([{ code: 'service-invalid', severity: 'error', object: 'Service default/web', path: 'spec.ports[0].port' }]);
  });

  it('never throws on a document that is not shaped like a Service at all', () => {
    const { svc, findings } = convertService({ kind: 'Service', metadata: 'web', spec: [] });
    expect(svc).toMatchObject({ type: 'ClusterIP', ports: [], meta: { name: '', namespace: 'default' } });
    expect(lines(findings)).toEqual([
      'metadata: Invalid value: "web": must be an object',
      'spec: Invalid value: []: must be an object',
      'metadata.name: Required value: name or generateName is required',
      'spec.ports: Required value',
    ]);
  });
});

/**
 * Service validation, one named row per rule of ValidateService / validateServicePort /
 * ValidateServiceClusterIPsRelatedFields (pkg/apis/core/validation/validation.go), each with a
 * valid and an invalid case. A row lists every `service-invalid` finding as `path: message`, in
 * the order the API server reports them; `[]` means the API server accepts the object.
 */
import { describe, expect, it } from 'vitest';
import { convertService, makeRawService, rawPort, type RawService } from '../../test/raw-service.js';

interface Row {
  name: string;
  tweak: (svc: RawService) => void;
  want: string[];
}

function run(rows: Row[]) {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const { findings } = convertService(makeRawService(row.tweak));
    const errors = findings.filter((f) => f.code === 'service-invalid').map((f) => `${f.path}: ${f.message}`);
    expect(errors).toEqual(row.want);
    for (const f of findings) expect(f.object).toMatch(/^Service [^/]+\/[^/]*$/);
  });
}

const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const KEY_NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const PORT_RANGE = 'must be between 1 and 65535, inclusive';
const BAD_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const BAD_CIDR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

describe('ValidateService: metadata (ValidateObjectMeta, NameIsDNS1035Label)', () => {
  run([
    { name: 'valid: the default fixture', tweak: () => {}, want: [] },
    { name: 'name: upper case is no RFC 1035 label', tweak: (s) => (s.metadata.name = 'Web'), want: [`metadata.name: Invalid value: "Web": ${DNS1035}`] },
    { name: 'name: must start with a letter', tweak: (s) => (s.metadata.name = '1web'), want: [`metadata.name: Invalid value: "1web": ${DNS1035}`] },
    {
      name: 'name: at most 63 characters',
      tweak: (s) => (s.metadata.name = 'a'.repeat(64)),
      want: [`metadata.name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`],
    },
    { name: 'name: 63 characters is fine', tweak: (s) => (s.metadata.name = 'a'.repeat(63)), want: [] },
    { name: 'name: required', tweak: (s) => delete s.metadata.name, want: ['metadata.name: Required value: name or generateName is required'] },
    {
      name: 'name: generateName stands in for it',
      tweak: (s) => {
        delete s.metadata.name;
        s.metadata.generateName = 'web-';
      },
      want: [],
    },
    { name: 'namespace: an RFC 1123 label', tweak: (s) => (s.metadata.namespace = 'Prod'), want: [`metadata.namespace: Invalid value: "Prod": ${DNS1123_LABEL}`] },
    {
      name: 'labels: keys are qualified names, values label values (ValidateLabels)',
      tweak: (s) => (s.metadata.labels = { 'a/b/c': 'x', ok: 'not ok' }),
      want: [
        `metadata.labels: Invalid value: "a/b/c": a valid label key ${KEY_NAME_PART.replace('name part ', '')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
        `metadata.labels: Invalid value: "not ok": ${LABEL_VALUE}`,
      ],
    },
    {
      name: 'annotations: topology-mode must equal topology-aware-hints when both are set',
      tweak: (s) => (s.metadata.annotations = { 'service.kubernetes.io/topology-mode': 'Auto', 'service.kubernetes.io/topology-aware-hints': 'auto' }),
      want: [
        'metadata.annotations.service.kubernetes.io/topology-mode: Invalid value: "Auto": must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified',
      ],
    },
    {
      name: 'annotations: equal topology-mode and topology-aware-hints are fine',
      tweak: (s) => (s.metadata.annotations = { 'service.kubernetes.io/topology-mode': 'Auto', 'service.kubernetes.io/topology-aware-hints': 'Auto' }),
      want: [],
    },
  ]);
});

describe('ValidateService: ports (validateServicePort and the duplicate checks)', () => {
  run([
    { name: 'ports: required for a ClusterIP Service', tweak: (s) => delete s.spec.ports, want: ['spec.ports: Required value'] },
    { name: 'ports: optional when headless', tweak: (s) => Object.assign(s.spec, { clusterIP: 'None', ports: [] }), want: [] },
    {
      name: 'ports: optional for ExternalName',
      tweak: (s) => Object.assign(s.spec, { type: 'ExternalName', externalName: 'db.example.com', ports: [] }),
      want: [],
    },
    { name: 'name: a single port may be unnamed', tweak: (s) => (s.spec.ports = [{ port: 80 }]), want: [] },
    {
      name: 'name: required with more than one port',
      tweak: (s) => (s.spec.ports = [{ name: 'http', port: 80 }, { port: 443 }]),
      want: ['spec.ports[1].name: Required value'],
    },
    { name: 'name: a DNS-1123 label', tweak: (s) => (rawPort(s).name = 'HTTP'), want: [`spec.ports[0].name: Invalid value: "HTTP": ${DNS1123_LABEL}`] },
    {
      name: 'name: unique',
      tweak: (s) => (s.spec.ports = [{ name: 'http', port: 80 }, { name: 'http', port: 81 }]),
      want: ['spec.ports[1].name: Duplicate value: "http"'],
    },
    { name: 'port: 1 is the lowest', tweak: (s) => (rawPort(s).port = 1), want: [] },
    { name: 'port: 65536 is out of range', tweak: (s) => (rawPort(s).port = 65536), want: [`spec.ports[0].port: Invalid value: 65536: ${PORT_RANGE}`] },
    { name: 'protocol: SCTP is supported', tweak: (s) => (rawPort(s).protocol = 'SCTP'), want: [] },
    {
      name: 'protocol: TCP, UDP or SCTP, case-sensitive',
      tweak: (s) => (rawPort(s).protocol = 'tcp'),
      want: ['spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"'],
    },
    { name: 'targetPort: 70000 is out of range', tweak: (s) => (rawPort(s).targetPort = 70000), want: [`spec.ports[0].targetPort: Invalid value: 70000: ${PORT_RANGE}`] },
    { name: 'targetPort: an IANA_SVC_NAME is fine', tweak: (s) => (rawPort(s).targetPort = 'http-alt'), want: [] },
    {
      name: 'targetPort: names are lower case (IsValidPortName)',
      tweak: (s) => (rawPort(s).targetPort = 'Http'),
      want: ['spec.ports[0].targetPort: Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
    },
    {
      name: 'targetPort: a quoted number is a name without a letter',
      tweak: (s) => (rawPort(s).targetPort = '8080'),
      want: ['spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)'],
    },
    {
      name: 'targetPort: at most 15 characters',
      tweak: (s) => (rawPort(s).targetPort = 'very-long-port-name'),
      want: ['spec.ports[0].targetPort: Invalid value: "very-long-port-name": must be no more than 15 characters'],
    },
    {
      name: 'targetPort: no consecutive hyphens',
      tweak: (s) => (rawPort(s).targetPort = 'a--b'),
      want: ['spec.ports[0].targetPort: Invalid value: "a--b": must not contain consecutive hyphens'],
    },
    {
      name: 'targetPort: no leading or trailing hyphen',
      tweak: (s) => (rawPort(s).targetPort = '-http'),
      want: ['spec.ports[0].targetPort: Invalid value: "-http": must not begin or end with a hyphen'],
    },
    {
      name: 'targetPort: headless with targetPort ≠ port is accepted (check commented out "for compatibility")',
      tweak: (s) => (s.spec.clusterIP = 'None'),
      want: [],
    },
    { name: 'appProtocol: a qualified name', tweak: (s) => (rawPort(s).appProtocol = 'kubernetes.io/h2c'), want: [] },
    {
      name: 'appProtocol: invalid qualified name',
      tweak: (s) => (rawPort(s).appProtocol = 'h2c!'),
      want: [`spec.ports[0].appProtocol: Invalid value: "h2c!": ${KEY_NAME_PART}`],
    },
    {
      name: 'duplicate (protocol, port) is rejected',
      tweak: (s) => (s.spec.ports = [{ name: 'a', port: 80 }, { name: 'b', port: 80, targetPort: 81 }]),
      want: [
        'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
      ],
    },
    {
      name: 'the same port number with different protocols is fine (TCP 53 + UDP 53)',
      tweak: (s) => (s.spec.ports = [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }]),
      want: [],
    },
    {
      name: 'duplicate (protocol, nodePort) is rejected',
      tweak: (s) => {
        s.spec.type = 'NodePort';
        s.spec.ports = [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30080 }];
      },
      want: ['spec.ports[1].nodePort: Duplicate value: 30080'],
    },
    {
      name: 'the same nodePort for TCP and UDP is fine',
      tweak: (s) => {
        s.spec.type = 'NodePort';
        s.spec.ports = [{ name: 'a', port: 53, nodePort: 30053 }, { name: 'b', port: 53, protocol: 'UDP', nodePort: 30053 }];
      },
      want: [],
    },
    {
      name: 'nodePort is forbidden on ClusterIP',
      tweak: (s) => (rawPort(s).nodePort = 30080),
      want: ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
    },
    {
      name: 'nodePort is fine on NodePort',
      tweak: (s) => {
        s.spec.type = 'NodePort';
        rawPort(s).nodePort = 30080;
      },
      want: [],
    },
  ]);
});

describe('ValidateService: type, headless, ExternalName', () => {
  run([
    {
      name: 'type: one of the four',
      tweak: (s) => (s.spec.type = 'Headless'),
      want: ['spec.type: Unsupported value: "Headless": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'],
    },
    {
      name: 'headless is forbidden for NodePort',
      tweak: (s) => Object.assign(s.spec, { type: 'NodePort', clusterIP: 'None' }),
      want: ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services'],
    },
    {
      name: 'headless is forbidden for LoadBalancer',
      tweak: (s) => Object.assign(s.spec, { type: 'LoadBalancer', clusterIP: 'None' }),
      want: ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for LoadBalancer services'],
    },
    {
      name: 'ExternalName: a trailing dot is stripped once',
      tweak: (s) => Object.assign(s.spec, { type: 'ExternalName', externalName: 'db.example.com.' }),
      want: [],
    },
    {
      name: 'ExternalName: externalName required',
      tweak: (s) => (s.spec.type = 'ExternalName'),
      want: ['spec.externalName: Required value'],
    },
    {
      name: 'ExternalName: a DNS-1123 subdomain',
      tweak: (s) => Object.assign(s.spec, { type: 'ExternalName', externalName: 'DB_host.example.com' }),
      want: [`spec.externalName: Invalid value: "DB_host.example.com": ${DNS1123_SUBDOMAIN}`],
    },
    {
      name: 'ExternalName: only one trailing dot is stripped',
      tweak: (s) => Object.assign(s.spec, { type: 'ExternalName', externalName: 'db.example.com..' }),
      want: [`spec.externalName: Invalid value: "db.example.com.": ${DNS1123_SUBDOMAIN}`],
    },
    {
      name: 'ExternalName: clusterIPs, ipFamilies and ipFamilyPolicy must be unset',
      tweak: (s) =>
        Object.assign(s.spec, { type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.96.0.10', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' }),
      want: [
        'spec.clusterIPs: Forbidden: may not be set for ExternalName services',
        'spec.ipFamilies: Forbidden: may not be set for ExternalName services',
        'spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services',
      ],
    },
  ]);
});

describe('ValidateServiceClusterIPsRelatedFields', () => {
  run([
    { name: 'dual-stack clusterIPs with matching families', tweak: (s) => Object.assign(s.spec, { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10', 'fd00::10'], ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'RequireDualStack' }), want: [] },
    {
      name: "'None' must be the first and only value",
      tweak: (s) => Object.assign(s.spec, { clusterIP: 'None', clusterIPs: ['None', '10.96.0.10'] }),
      want: ['spec.clusterIPs: Invalid value: []string{"None", "10.96.0.10"}: \'None\' must be the first and only value'],
    },
    {
      name: 'clusterIPs[0] must equal clusterIP',
      tweak: (s) => Object.assign(s.spec, { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.11'] }),
      want: ['spec.clusterIPs: Invalid value: []string{"10.96.0.11"}: first value must match `clusterIP`'],
    },
    {
      name: 'clusterIPs without clusterIP (NormalizeClusterIPs does not fill the singular)',
      tweak: (s) => (s.spec.clusterIPs = ['10.96.0.10']),
      want: ['spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: must be empty when `clusterIP` is not specified'],
    },
    {
      name: 'at most 2 clusterIPs',
      tweak: (s) => Object.assign(s.spec, { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10', 'fd00::10', '10.96.0.11'] }),
      want: ['spec.clusterIPs: Invalid value: []string{"10.96.0.10", "fd00::10", "10.96.0.11"}: may only hold up to 2 values'],
    },
    {
      name: 'one clusterIP per family',
      tweak: (s) => Object.assign(s.spec, { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10', '10.96.0.11'] }),
      want: ['spec.clusterIPs: Invalid value: []string{"10.96.0.10", "10.96.0.11"}: may specify no more than one IP for each IP family'],
    },
    { name: 'clusterIP: a valid IP', tweak: (s) => (s.spec.clusterIP = '10.96.0.256'), want: [`spec.clusterIPs[0]: Invalid value: "10.96.0.256": ${BAD_IP}`] },
    { name: 'clusterIP: leading zeros are rejected (net.isIP)', tweak: (s) => (s.spec.clusterIP = '010.96.0.1'), want: [`spec.clusterIPs[0]: Invalid value: "010.96.0.1": ${BAD_IP}`] },
    {
      name: 'clusterIPs[i] must be of family ipFamilies[i]',
      tweak: (s) => Object.assign(s.spec, { clusterIP: 'fd00::10', ipFamilies: ['IPv4'] }),
      want: ['spec.clusterIPs[0]: Invalid value: "fd00::10": expected an IPv4 value as indicated by `ipFamilies[0]`'],
    },
    {
      name: 'ipFamilies: IPv4 or IPv6',
      tweak: (s) => (s.spec.ipFamilies = ['IPv5']),
      want: ['spec.ipFamilies[0]: Unsupported value: "IPv5": supported values: "IPv4", "IPv6"'],
    },
    { name: 'ipFamilies: no duplicates', tweak: (s) => (s.spec.ipFamilies = ['IPv4', 'IPv4']), want: ['spec.ipFamilies[1]: Duplicate value: "IPv4"'] },
    {
      name: 'ipFamilyPolicy: one of the three',
      tweak: (s) => (s.spec.ipFamilyPolicy = 'DualStack'),
      want: ['spec.ipFamilyPolicy: Unsupported value: "DualStack": supported values: "PreferDualStack", "RequireDualStack", "SingleStack"'],
    },
  ]);
});

describe('ValidateService: selector, session affinity, externalIPs', () => {
  run([
    {
      name: 'selector: label syntax (ValidateLabels)',
      tweak: (s) => (s.spec.selector = { 'app!': 'web', tier: 'front end' }),
      want: [`spec.selector: Invalid value: "app!": ${KEY_NAME_PART}`, `spec.selector: Invalid value: "front end": ${LABEL_VALUE}`],
    },
    {
      name: 'sessionAffinity: None or ClientIP',
      tweak: (s) => (s.spec.sessionAffinity = 'Cookie'),
      want: ['spec.sessionAffinity: Unsupported value: "Cookie": supported values: "ClientIP", "None"'],
    },
    {
      name: 'ClientIP timeout: 86400 is the maximum',
      tweak: (s) => Object.assign(s.spec, { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86400 } } }),
      want: [],
    },
    {
      name: 'ClientIP timeout: above 86400 is invalid',
      tweak: (s) => Object.assign(s.spec, { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } } }),
      want: ['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400'],
    },
    { name: 'externalIPs: a routable IP is fine', tweak: (s) => (s.spec.externalIPs = ['203.0.113.10', '2001:db8::1']), want: [] },
    { name: 'externalIPs: a valid IP', tweak: (s) => (s.spec.externalIPs = ['ext.example.com']), want: [`spec.externalIPs[0]: Invalid value: "ext.example.com": ${BAD_IP}`] },
    {
      name: 'externalIPs: not unspecified (ValidateNonSpecialIP)',
      tweak: (s) => (s.spec.externalIPs = ['0.0.0.0', '::']),
      want: ['spec.externalIPs[0]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)', 'spec.externalIPs[1]: Invalid value: "::": may not be unspecified (::)'],
    },
    {
      name: 'externalIPs: not loopback',
      tweak: (s) => (s.spec.externalIPs = ['127.1.2.3', '::1']),
      want: [
        'spec.externalIPs[0]: Invalid value: "127.1.2.3": may not be in the loopback range (127.0.0.0/8, ::1/128)',
        'spec.externalIPs[1]: Invalid value: "::1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      ],
    },
    {
      name: 'externalIPs: not link-local',
      tweak: (s) => (s.spec.externalIPs = ['169.254.169.254', 'fe80::1']),
      want: [
        'spec.externalIPs[0]: Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
        'spec.externalIPs[1]: Invalid value: "fe80::1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
      ],
    },
    {
      name: 'externalIPs: not link-local multicast',
      tweak: (s) => (s.spec.externalIPs = ['224.0.0.5', 'ff02::1']),
      want: [
        'spec.externalIPs[0]: Invalid value: "224.0.0.5": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
        'spec.externalIPs[1]: Invalid value: "ff02::1": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
      ],
    },
    {
      name: 'externalIPs: an IPv4-mapped loopback counts as IPv4 loopback',
      tweak: (s) => (s.spec.externalIPs = ['::ffff:127.0.0.1']),
      want: ['spec.externalIPs[0]: Invalid value: "::ffff:127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)'],
    },
  ]);
});

describe('ValidateService: LoadBalancer-only fields', () => {
  run([
    { name: 'loadBalancerSourceRanges: fine on LoadBalancer, space padding tolerated', tweak: (s) => Object.assign(s.spec, { type: 'LoadBalancer', loadBalancerSourceRanges: [' 10.0.0.0/8 ', '2001:db8::/32'] }), want: [] },
    {
      name: 'loadBalancerSourceRanges: only for LoadBalancer',
      tweak: (s) => (s.spec.loadBalancerSourceRanges = ['10.0.0.0/8']),
      want: ["spec.loadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'"],
    },
    {
      name: 'loadBalancerSourceRanges: CIDRs',
      tweak: (s) => Object.assign(s.spec, { type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/33'] }),
      want: [`spec.loadBalancerSourceRanges[0]: Invalid value: "10.0.0.0/33": ${BAD_CIDR}`],
    },
    {
      name: 'source-ranges annotation: only for LoadBalancer, CIDRs',
      tweak: (s) => (s.metadata.annotations = { 'service.beta.kubernetes.io/load-balancer-source-ranges': '10.0.0.0/8, 1.2.3.4' }),
      want: [
        "metadata.annotations.service.beta.kubernetes.io/load-balancer-source-ranges: Forbidden: may only be used when `type` is 'LoadBalancer'",
        `metadata.annotations.service.beta.kubernetes.io/load-balancer-source-ranges: Invalid value: "1.2.3.4": ${BAD_CIDR}`,
      ],
    },
    {
      name: 'allocateLoadBalancerNodePorts: only for LoadBalancer',
      tweak: (s) => Object.assign(s.spec, { type: 'NodePort', allocateLoadBalancerNodePorts: false }),
      want: ["spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'"],
    },
    { name: 'allocateLoadBalancerNodePorts: fine on LoadBalancer', tweak: (s) => Object.assign(s.spec, { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false }), want: [] },
    {
      name: 'loadBalancerClass: only for LoadBalancer',
      tweak: (s) => (s.spec.loadBalancerClass = 'example.com/lb'),
      want: ["spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'"],
    },
    { name: 'loadBalancerClass: a qualified name on LoadBalancer', tweak: (s) => Object.assign(s.spec, { type: 'LoadBalancer', loadBalancerClass: 'example.com/lb' }), want: [] },
    {
      name: 'loadBalancerClass: invalid qualified name',
      tweak: (s) => Object.assign(s.spec, { type: 'LoadBalancer', loadBalancerClass: '/lb' }),
      want: ['spec.loadBalancerClass: Invalid value: "/lb": prefix part must be non-empty'],
    },
  ]);
});

describe('ValidateService: traffic policies and distribution', () => {
  run([
    {
      name: 'externalTrafficPolicy: only for externally-accessible Services',
      tweak: (s) => (s.spec.externalTrafficPolicy = 'Cluster'),
      want: ['spec.externalTrafficPolicy: Invalid value: "Cluster": may only be set for externally-accessible services'],
    },
    { name: 'externalTrafficPolicy: fine on ClusterIP with externalIPs', tweak: (s) => Object.assign(s.spec, { externalIPs: ['203.0.113.10'], externalTrafficPolicy: 'Local' }), want: [] },
    {
      name: 'externalTrafficPolicy: Cluster or Local',
      tweak: (s) => Object.assign(s.spec, { type: 'NodePort', externalTrafficPolicy: 'Global' }),
      want: ['spec.externalTrafficPolicy: Unsupported value: "Global": supported values: "Cluster", "Local"'],
    },
    {
      name: 'healthCheckNodePort: only with LoadBalancer and Local',
      tweak: (s) => Object.assign(s.spec, { type: 'NodePort', externalTrafficPolicy: 'Local', healthCheckNodePort: 30001 }),
      want: ["spec.healthCheckNodePort: Invalid value: 30001: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"],
    },
    { name: 'healthCheckNodePort: fine with LoadBalancer and Local', tweak: (s) => Object.assign(s.spec, { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 30001 }), want: [] },
    {
      name: 'healthCheckNodePort: a port number',
      tweak: (s) => Object.assign(s.spec, { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 70000 }),
      want: [`spec.healthCheckNodePort: Invalid value: 70000: ${PORT_RANGE}`],
    },
    {
      name: 'internalTrafficPolicy: Cluster or Local',
      tweak: (s) => (s.spec.internalTrafficPolicy = 'Node'),
      want: ['spec.internalTrafficPolicy: Unsupported value: "Node": supported values: "Cluster", "Local"'],
    },
    {
      name: 'internalTrafficPolicy: not forbidden on ExternalName (historical)',
      tweak: (s) => Object.assign(s.spec, { type: 'ExternalName', externalName: 'db.example.com', internalTrafficPolicy: 'Local' }),
      want: [],
    },
    { name: 'trafficDistribution: PreferSameZone (KEP-3015)', tweak: (s) => (s.spec.trafficDistribution = 'PreferSameZone'), want: [] },
    { name: 'trafficDistribution: PreferSameNode (KEP-3015)', tweak: (s) => (s.spec.trafficDistribution = 'PreferSameNode'), want: [] },
    {
      name: 'trafficDistribution: unknown value',
      tweak: (s) => (s.spec.trafficDistribution = 'Nearest'),
      want: ['spec.trafficDistribution: Unsupported value: "Nearest": supported values: "PreferClose", "PreferSameNode", "PreferSameZone"'],
    },
    { name: 'trafficDistribution: PreferClose is accepted (warning only)', tweak: (s) => (s.spec.trafficDistribution = 'PreferClose'), want: [] },
  ]);

  it('GetWarningsForService: PreferClose is a deprecated alias of PreferSameZone (service-deprecated warning)', () => {
    const { svc, findings } = convertService(makeRawService((s) => (s.spec.trafficDistribution = 'PreferClose')));
    expect(findings).toMatchObject([
      {
        code: 'service-deprecated',
        severity: 'warning',
        path: 'spec.trafficDistribution',
        message: '"PreferClose" is deprecated; use "PreferSameZone"',
        object: 'Service default/web',
      },
    ]);
    expect(svc.trafficDistribution).toBe('PreferClose');
  });
});

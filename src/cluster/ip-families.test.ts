/**
 * completeIPFamilies against the registry's `initIPFamilyFields`
 * (pkg/registry/core/service/storage/alloc.go): each row converts a raw Service, completes it for
 * a cluster's Service families (primary first) and checks policy, families and findings.
 */
import { describe, expect, it } from 'vitest';
import type { IPFamily } from '../model/index.js';
import { convertService, makeRawService, type RawService } from '../../test/raw-service.js';
import { ClusterFamiliesError, completeIPFamilies } from './ip-families.js';

const V4: IPFamily[] = ['IPv4'];
const V6: IPFamily[] = ['IPv6'];
const DUAL: IPFamily[] = ['IPv4', 'IPv6'];
const DUAL6: IPFamily[] = ['IPv6', 'IPv4'];

interface Row {
  name: string;
  cluster: IPFamily[];
  tweak: (svc: RawService) => void;
  policy: string | undefined;
  families: IPFamily[];
  /** `path: message` of the registry's findings. */
  findings?: string[];
}

const headlessSelectorless = (s: RawService) => {
  s.spec.clusterIP = 'None';
  delete s.spec.selector;
};

const rows: Row[] = [
  { name: 'alloc.go: no policy → SingleStack on create, primary family', cluster: V4, tweak: () => {}, policy: 'SingleStack', families: ['IPv4'] },
  { name: 'alloc.go: primary family of an IPv6 cluster', cluster: V6, tweak: () => {}, policy: 'SingleStack', families: ['IPv6'] },
  { name: 'alloc.go: SingleStack on a dual-stack cluster stays single', cluster: DUAL, tweak: () => {}, policy: 'SingleStack', families: ['IPv4'] },
  {
    name: 'alloc.go: PreferDualStack on a dual-stack cluster gets the secondary',
    cluster: DUAL,
    tweak: (s) => (s.spec.ipFamilyPolicy = 'PreferDualStack'),
    policy: 'PreferDualStack',
    families: ['IPv4', 'IPv6'],
  },
  {
    name: 'alloc.go: RequireDualStack on an IPv6-primary cluster',
    cluster: DUAL6,
    tweak: (s) => (s.spec.ipFamilyPolicy = 'RequireDualStack'),
    policy: 'RequireDualStack',
    families: ['IPv6', 'IPv4'],
  },
  {
    name: 'alloc.go: PreferDualStack on a single-stack cluster stays single, no error',
    cluster: V4,
    tweak: (s) => (s.spec.ipFamilyPolicy = 'PreferDualStack'),
    policy: 'PreferDualStack',
    families: ['IPv4'],
  },
  {
    name: 'alloc.go: RequireDualStack on a single-stack cluster is invalid',
    cluster: V4,
    tweak: (s) => (s.spec.ipFamilyPolicy = 'RequireDualStack'),
    policy: 'RequireDualStack',
    families: ['IPv4'],
    findings: ['spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services'],
  },
  {
    name: 'alloc.go: headless + selector-less → RequireDualStack, both families even on a single-stack cluster',
    cluster: V4,
    tweak: headlessSelectorless,
    policy: 'RequireDualStack',
    families: ['IPv4', 'IPv6'],
  },
  {
    name: 'alloc.go: headless + selector-less starts from the primary family',
    cluster: DUAL6,
    tweak: headlessSelectorless,
    policy: 'RequireDualStack',
    families: ['IPv6', 'IPv4'],
  },
  {
    name: 'alloc.go: headless + selector-less with explicit SingleStack keeps one family',
    cluster: DUAL,
    tweak: (s) => {
      headlessSelectorless(s);
      s.spec.ipFamilyPolicy = 'SingleStack';
    },
    policy: 'SingleStack',
    families: ['IPv4'],
  },
  {
    name: 'alloc.go: headless + selector-less may ask for a family the cluster lacks',
    cluster: V4,
    tweak: (s) => {
      headlessSelectorless(s);
      s.spec.ipFamilies = ['IPv6'];
    },
    policy: 'RequireDualStack',
    families: ['IPv6', 'IPv4'],
  },
  {
    name: 'alloc.go: an empty selector counts as selector-less (len(selector) == 0)',
    cluster: V4,
    tweak: (s) => Object.assign(s.spec, { clusterIP: 'None', selector: {} }),
    policy: 'RequireDualStack',
    families: ['IPv4', 'IPv6'],
  },
  {
    name: 'alloc.go: headless with a selector is SingleStack',
    cluster: DUAL,
    tweak: (s) => (s.spec.clusterIP = 'None'),
    policy: 'SingleStack',
    families: ['IPv4'],
  },
  {
    name: 'alloc.go: selector-less but not headless is SingleStack',
    cluster: DUAL,
    tweak: (s) => delete s.spec.selector,
    policy: 'SingleStack',
    families: ['IPv4'],
  },
  {
    name: 'alloc.go: families inferred from the given clusterIP, not the primary',
    cluster: DUAL,
    tweak: (s) => (s.spec.clusterIP = 'fd00::10'),
    policy: 'SingleStack',
    families: ['IPv6'],
  },
  {
    name: 'alloc.go: SingleStack with two clusterIPs is invalid',
    cluster: DUAL,
    tweak: (s) => Object.assign(s.spec, { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10', 'fd00::10'], ipFamilyPolicy: 'SingleStack' }),
    policy: 'SingleStack',
    families: ['IPv4', 'IPv6'],
    findings: ["spec.ipFamilyPolicy: Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"],
  },
  {
    name: 'alloc.go: SingleStack with two ipFamilies is invalid',
    cluster: DUAL,
    tweak: (s) => Object.assign(s.spec, { ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'SingleStack' }),
    policy: 'SingleStack',
    families: ['IPv4', 'IPv6'],
    findings: ["spec.ipFamilyPolicy: Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"],
  },
  {
    name: 'alloc.go: a requested family the cluster lacks is invalid',
    cluster: V4,
    tweak: (s) => (s.spec.ipFamilies = ['IPv6']),
    policy: 'SingleStack',
    families: ['IPv4'],
    findings: ['spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster'],
  },
  {
    name: 'alloc.go: a given clusterIP of a family the cluster lacks is invalid',
    cluster: V4,
    tweak: (s) => (s.spec.clusterIP = 'fd00::10'),
    policy: 'SingleStack',
    families: ['IPv6'],
    findings: ['spec.clusterIPs[0]: Invalid value: []string{"fd00::10"}: IPv6 is not configured on this cluster'],
  },
  {
    name: 'a dump already holding policy and families is left as it is',
    cluster: DUAL,
    tweak: (s) =>
      Object.assign(s.spec, {
        clusterIP: '10.96.0.10',
        clusterIPs: ['10.96.0.10', 'fd00::10'],
        ipFamilies: ['IPv4', 'IPv6'],
        ipFamilyPolicy: 'RequireDualStack',
      }),
    policy: 'RequireDualStack',
    families: ['IPv4', 'IPv6'],
  },
  {
    name: 'alloc.go: ExternalName is untouched',
    cluster: DUAL,
    tweak: (s) => Object.assign(s.spec, { type: 'ExternalName', externalName: 'db.example.com' }),
    policy: undefined,
    families: [],
  },
];

describe('completeIPFamilies (initIPFamilyFields, pkg/registry/core/service/storage/alloc.go)', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const { svc, findings: convertFindings } = convertService(makeRawService(row.tweak));
    expect(convertFindings.filter((f) => f.severity === 'error')).toEqual([]);
    const findings = completeIPFamilies(svc, row.cluster);
    expect(findings.map((f) => `${f.path}: ${f.message}`)).toEqual(row.findings ?? []);
    expect(svc.ipFamilyPolicy).toBe(row.policy);
    expect(svc.ipFamilies).toEqual(row.families);
  });

  it('findings name the Service and carry its source', () => {
    const { svc } = convertService(makeRawService((s) => (s.spec.ipFamilyPolicy = 'RequireDualStack')));
    expect(completeIPFamilies(svc, V4)).toMatchObject([
      { code: 'service-invalid', severity: 'error', object: 'Service default/web', source: { file: '<literal>' } },
    ]);
  });

  it('throws a coded error when the cluster has no family (a caller bug)', () => {
    const { svc } = convertService(makeRawService());
    expect(() => completeIPFamilies(svc, [])).toThrow(ClusterFamiliesError);
    expect(() => completeIPFamilies(svc, [])).toThrow(expect.objectContaining({ code: 'no-cluster-families' }));
  });
});

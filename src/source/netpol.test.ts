import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Finding, NetworkPolicy } from '../model/index.js';
import { literalContext } from './context.js';
import { networkPolicyFromObject } from './netpol.js';
import type { RawObject } from './raw.js';

/** Convert a policy whose `spec` is `specYaml` (YAML 1.1, as the loader reads it). */
function policy(specYaml: string): { np: NetworkPolicy; findings: Finding[] } {
  const spec = parse(specYaml, { version: '1.1' }) as RawObject | null;
  const obj: RawObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'np', namespace: 'shop' },
    spec: spec ?? {},
  };
  const findings: Finding[] = [];
  return { np: networkPolicyFromObject(obj, literalContext(findings)), findings };
}

describe('policyTypes defaulting (pkg/apis/networking/v1/defaults.go)', () => {
  const cases: Array<{ name: string; spec: string; want: string[] }> = [
    { name: 'no rules and no policyTypes: Ingress', spec: 'podSelector: {}', want: ['Ingress'] },
    { name: 'ingress rules only: Ingress', spec: 'podSelector: {}\ningress: [{}]', want: ['Ingress'] },
    {
      name: 'egress rules without policyTypes: Ingress and Egress (ingress becomes isolated too)',
      spec: 'podSelector: {}\negress: [{}]',
      want: ['Ingress', 'Egress'],
    },
    { name: 'empty egress list does not add Egress', spec: 'podSelector: {}\negress: []', want: ['Ingress'] },
    { name: 'an empty policyTypes list is defaulted', spec: 'podSelector: {}\npolicyTypes: []\negress: [{}]', want: ['Ingress', 'Egress'] },
    { name: 'given Egress only stays Egress only', spec: 'podSelector: {}\npolicyTypes: [Egress]', want: ['Egress'] },
    {
      name: 'given types are kept in canonical order without duplicates',
      spec: 'podSelector: {}\npolicyTypes: [Egress, Ingress, Egress]',
      want: ['Ingress', 'Egress'],
    },
    {
      name: 'given Ingress only ignores egress rules for the types',
      spec: 'podSelector: {}\npolicyTypes: [Ingress]\negress: [{}]',
      want: ['Ingress'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { np, findings } = policy(c.spec);
      expect(np.policyTypes).toEqual(c.want);
      expect(findings).toEqual([]);
    });
  }

  it('an unknown policy type is an error and is left out', () => {
    const { np, findings } = policy('podSelector: {}\npolicyTypes: [ingress, Egress]');
    expect(np.policyTypes).toEqual(['Egress']);
    expect(findings).toMatchObject([{ code: 'netpol-invalid', severity: 'error', path: 'spec.policyTypes[0]' }]);
  });
});

describe('rules: absent versus empty (netpol.md §2.5)', () => {
  const cases: Array<{ name: string; spec: string; ingress: unknown }> = [
    { name: 'ingress absent: no rules', spec: 'podSelector: {}', ingress: [] },
    { name: 'ingress []: no rules', spec: 'podSelector: {}\ningress: []', ingress: [] },
    { name: 'ingress [{}]: one rule matching every peer and port', spec: 'podSelector: {}\ningress: [{}]', ingress: [{}] },
    { name: 'an empty rule written as "-" is the same as {}', spec: 'podSelector: {}\ningress:\n-\n', ingress: [{}] },
    { name: 'from []: every peer (peers undefined)', spec: 'podSelector: {}\ningress: [{from: []}]', ingress: [{}] },
    { name: 'ports []: every port (ports undefined)', spec: 'podSelector: {}\ningress: [{ports: []}]', ingress: [{}] },
    {
      name: 'a port entry without protocol is TCP',
      spec: 'podSelector: {}\ningress: [{ports: [{port: 80}]}]',
      ingress: [{ ports: [{ protocol: 'TCP', port: 80 }] }],
    },
    {
      name: 'a protocol without port means every port of it',
      spec: 'podSelector: {}\ningress: [{ports: [{protocol: UDP}]}]',
      ingress: [{ ports: [{ protocol: 'UDP' }] }],
    },
    {
      name: 'named ports and port ranges',
      spec: 'podSelector: {}\ningress: [{ports: [{port: http}, {port: 32000, endPort: 32768, protocol: SCTP}]}]',
      ingress: [{ ports: [{ protocol: 'TCP', port: 'http' }, { protocol: 'SCTP', port: 32000, endPort: 32768 }] }],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { np, findings } = policy(c.spec);
      expect(np.ingress).toEqual(c.ingress);
      expect(findings).toEqual([]);
    });
  }

  it('egress rules read "to" like ingress rules read "from"', () => {
    const { np } = policy('podSelector: {}\negress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]}]');
    expect(np.egress).toEqual([{ peers: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }]);
  });
});

describe('peers', () => {
  const sel = (labels: Record<string, string>) => ({ matchLabels: labels, matchExpressions: [] });
  const cases: Array<{ name: string; from: string; peers: unknown }> = [
    { name: 'podSelector only', from: '[{podSelector: {matchLabels: {app: a}}}]', peers: [{ podSelector: sel({ app: 'a' }) }] },
    {
      name: 'namespaceSelector {} selects every namespace',
      from: '[{namespaceSelector: {}}]',
      peers: [{ namespaceSelector: sel({}) }],
    },
    {
      name: 'both selectors in one element AND together',
      from: '[{namespaceSelector: {matchLabels: {team: x}}, podSelector: {matchLabels: {app: a}}}]',
      peers: [{ namespaceSelector: sel({ team: 'x' }), podSelector: sel({ app: 'a' }) }],
    },
    {
      name: 'two elements OR together',
      from: '[{namespaceSelector: {matchLabels: {team: x}}}, {podSelector: {matchLabels: {app: a}}}]',
      peers: [{ namespaceSelector: sel({ team: 'x' }) }, { podSelector: sel({ app: 'a' }) }],
    },
    {
      name: 'matchExpressions are kept',
      from: '[{podSelector: {matchExpressions: [{key: tier, operator: NotIn, values: [db]}, {key: x, operator: Exists}]}}]',
      peers: [
        {
          podSelector: {
            matchLabels: {},
            matchExpressions: [
              { key: 'tier', operator: 'NotIn', values: ['db'] },
              { key: 'x', operator: 'Exists', values: [] },
            ],
          },
        },
      ],
    },
    { name: 'ipBlock without except', from: '[{ipBlock: {cidr: 0.0.0.0/0}}]', peers: [{ ipBlock: { cidr: '0.0.0.0/0', except: [] } }] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { np, findings } = policy(`podSelector: {}\ningress: [{from: ${c.from}}]`);
      expect(np.ingress).toEqual([{ peers: c.peers }]);
      expect(findings).toEqual([]);
    });
  }
});

describe('invalid parts are reported and never widen the policy', () => {
  const cases: Array<{ name: string; rules: string; ingress: unknown; path: string }> = [
    {
      name: 'an empty peer is left out',
      rules: '[{from: [{}, {podSelector: {}}]}]',
      ingress: [{ peers: [{ podSelector: { matchLabels: {}, matchExpressions: [] } }] }],
      path: 'spec.ingress[0].from[0]',
    },
    { name: 'a rule whose only peer is invalid is dropped', rules: '[{from: [{}]}]', ingress: [], path: 'spec.ingress[0].from[0]' },
    {
      name: 'ipBlock beside a selector is left out',
      rules: '[{from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]}]',
      ingress: [],
      path: 'spec.ingress[0].from[0]',
    },
    { name: 'ipBlock without cidr', rules: '[{from: [{ipBlock: {}}]}]', ingress: [], path: 'spec.ingress[0].from[0].ipBlock.cidr' },
    { name: 'an unknown protocol drops the port entry', rules: '[{ports: [{protocol: ICMP}]}]', ingress: [], path: 'spec.ingress[0].ports[0].protocol' },
    { name: 'endPort with a named port', rules: '[{ports: [{port: http, endPort: 90}]}]', ingress: [], path: 'spec.ingress[0].ports[0].endPort' },
    { name: 'endPort below port', rules: '[{ports: [{port: 100, endPort: 90}]}]', ingress: [], path: 'spec.ingress[0].ports[0].endPort' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { np, findings } = policy(`podSelector: {}\ningress: ${c.rules}`);
      expect(np.ingress).toEqual(c.ingress);
      expect(findings).toMatchObject([{ code: 'netpol-invalid', severity: 'error', path: c.path }]);
    });
  }

  it('an absent or null podSelector selects every pod, without a finding', () => {
    for (const spec of ['ingress: [{}]', 'podSelector:\ningress: [{}]']) {
      const { np, findings } = policy(spec);
      expect(np.podSelector).toEqual({ matchLabels: {}, matchExpressions: [] });
      expect(findings).toEqual([]);
    }
  });
});

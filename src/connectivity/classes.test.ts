/**
 * Equivalence classes: which pods the matrix may evaluate as one. Rows give two pods and the
 * policies; the expectation is whether they share a class. A final row checks the vocabulary that
 * decides it.
 */
import { describe, expect, it } from 'vitest';
import { container, makePod } from '../../test/fixtures.js';
import { ipBlock, makePolicy, peer, port, rule, sel } from '../../test/policy-fixtures.js';
import type { NetworkPolicy, Pod } from '../model/index.js';
import { podClasses, policyVocabulary } from './classes.js';
import { IpSegments } from './ip-segments.js';

const pod = (name: string, tweak: (p: Pod) => void = () => {}) => makePod(name, (p) => ((p.meta.labels = { app: 'api' }), tweak(p)), 'shop');
const selecting = (text: string, tweak: (p: NetworkPolicy) => void = () => {}) => makePolicy('np', (p) => ((p.podSelector = sel(text)), tweak(p)), 'shop');

type Row = [name: string, a: Pod, b: Pod, policies: NetworkPolicy[], same: boolean];
const rows: Row[] = [
  ['differ only in a label no selector mentions', pod('a', (p) => (p.meta.labels['pod-template-hash'] = 'x1')), pod('b', (p) => (p.meta.labels['pod-template-hash'] = 'y2')), [selecting('app=api')], true],
  ['differ in a label spec.podSelector mentions', pod('a', (p) => (p.meta.labels.tier = 'x')), pod('b', (p) => (p.meta.labels.tier = 'y')), [selecting('tier=x')], false],
  ['differ in a key a matchExpression tests for existence', pod('a', (p) => (p.meta.labels.canary = '')), pod('b'), [selecting('!canary')], false],
  ['differ in a label a peer podSelector mentions', pod('a', (p) => (p.meta.labels.role = 'client')), pod('b'), [selecting('', (p) => (p.ingress = [rule([peer({ pods: 'role=client' })])]))], false],
  ['absent key vs empty value are different', pod('a', (p) => (p.meta.labels.tier = '')), pod('b'), [selecting('tier')], false],
  ['different namespaces', pod('a'), makePod('b', (p) => (p.meta.labels = { app: 'api' }), 'other'), [], false],
  ['a used port name resolving differently', pod('a', (p) => (p.containers = [container('c', [{ name: 'http', containerPort: 8080 }])])), pod('b', (p) => (p.containers = [container('c', [{ name: 'http', containerPort: 9090 }])])), [selecting('', (p) => (p.ingress = [rule(undefined, [port('http')])]))], false],
  ['an unused port name resolving differently', pod('a', (p) => (p.containers = [container('c', [{ name: 'admin', containerPort: 1 }])])), pod('b', (p) => (p.containers = [container('c', [{ name: 'admin', containerPort: 2 }])])), [selecting('', (p) => (p.ingress = [rule(undefined, [port('http')])]))], true],
  ['addresses on both sides of an ipBlock edge', pod('a', (p) => (p.podIPs = ['10.244.1.5'])), pod('b', (p) => (p.podIPs = ['10.244.2.5'])), [selecting('', (p) => (p.ingress = [rule([ipBlock('10.244.1.0/24')])]))], false],
  ['addresses in one segment', pod('a', (p) => (p.podIPs = ['10.244.1.5'])), pod('b', (p) => (p.podIPs = ['10.244.2.5'])), [selecting('', (p) => (p.ingress = [rule([ipBlock('10.0.0.0/8')])]))], true],
  ['hostNetwork against not', pod('a', (p) => (p.hostNetwork = true)), pod('b'), [], false],
];

describe('podClasses', () => {
  it.each(rows)('%s', (_name, a, b, policies, same) => {
    const { classOf } = podClasses([a, b], policyVocabulary(policies), IpSegments.fromPolicies(policies, [a, b]));
    expect(classOf.get(a) === classOf.get(b)).toBe(same);
  });

  it('keeps members in input order and the first as representative', () => {
    const pods = [pod('a'), pod('b'), pod('c', (p) => (p.meta.labels.tier = 'x'))];
    const { classes } = podClasses(pods, policyVocabulary([selecting('tier=x')]), IpSegments.fromPolicies([], pods));
    expect(classes.map((c) => [c.rep.meta.name, c.pods.map((p) => p.meta.name)])).toEqual([
      ['a', ['a', 'b']],
      ['c', ['c']],
    ]);
  });
});

describe('policyVocabulary', () => {
  it('collects selector keys of spec and peers, and port names with their protocol', () => {
    const policy = selecting('app=api,tier in (x)', (p) => {
      p.ingress = [rule([peer({ pods: 'role=client', ns: 'team=a' })], [port('http'), port('dns', 'UDP'), port(80)])];
      p.egress = [rule([peer({ pods: '!canary' })], [port('dns', 'UDP')])];
    });
    expect(policyVocabulary([policy])).toEqual({
      labelKeys: ['app', 'canary', 'role', 'tier'],
      portNames: [
        { name: 'http', protocol: 'TCP' },
        { name: 'dns', protocol: 'UDP' },
      ],
    });
  });
});

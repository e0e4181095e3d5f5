import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Finding } from '../model/index.js';
import { literalContext } from './context.js';
import { nodeFromObject } from './node.js';
import type { RawObject } from './raw.js';

function node(yaml: string) {
  const findings: Finding[] = [];
  return { node: nodeFromObject(parse(yaml) as RawObject, literalContext(findings)), findings };
}

describe('Node', () => {
  it('reads zone, podCIDRs and internal addresses; a real node is not simulated', () => {
    const { node: n, findings } = node(`apiVersion: v1
kind: Node
metadata:
  name: worker-1
  labels: {topology.kubernetes.io/zone: eu-1a, kubernetes.io/hostname: worker-1}
spec: {podCIDR: 10.244.1.0/24, podCIDRs: [10.244.1.0/24, "fd00:1::/64"]}
status:
  addresses:
  - {type: InternalIP, address: 192.168.1.10}
  - {type: InternalIP, address: "FD00::10"}
  - {type: ExternalIP, address: 203.0.113.7}
  - {type: Hostname, address: worker-1}
`);
    expect(findings).toEqual([]);
    expect(n).toMatchObject({
      meta: { name: 'worker-1' },
      zone: 'eu-1a',
      podCIDRs: ['10.244.1.0/24', 'fd00:1::/64'],
      addresses: ['192.168.1.10', 'fd00::10'],
      simulated: false,
    });
  });

  const cases: Array<{ name: string; yaml: string; want: Record<string, unknown> }> = [
    { name: 'podCIDR alone', yaml: 'metadata: {name: n}\nspec: {podCIDR: 10.244.0.0/24}', want: { podCIDRs: ['10.244.0.0/24'] } },
    { name: 'no spec', yaml: 'metadata: {name: n}', want: { podCIDRs: [], addresses: [] } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(node(c.yaml).node).toMatchObject(c.want);
    });
  }

  it('does not read the deprecated beta zone label (the EndpointSlice controller reads only the GA one)', () => {
    expect(node('metadata: {name: n, labels: {failure-domain.beta.kubernetes.io/zone: z}}').node.zone).toBeUndefined();
  });

  it('reports an internal address that is not an IP', () => {
    const { node: n, findings } = node('metadata: {name: n}\nstatus: {addresses: [{type: InternalIP, address: worker}]}');
    expect(n.addresses).toEqual([]);
    expect(findings).toMatchObject([{ code: 'node-invalid', path: 'status.addresses[0].address' }]);
  });
});

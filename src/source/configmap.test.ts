import { describe, expect, it } from 'vitest';
import { corefileFromObject } from './configmap.js';
import { literalContext } from './context.js';

const COREFILE = '.:53 {\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n}\n';

describe('ConfigMap → Corefile', () => {
  const cases: Array<{ name: string; namespace: string; cmName: string; data: Record<string, string>; want: boolean }> = [
    { name: 'kube-system/coredns with a Corefile', namespace: 'kube-system', cmName: 'coredns', data: { Corefile: COREFILE }, want: true },
    { name: 'kube-system/coredns without a Corefile', namespace: 'kube-system', cmName: 'coredns', data: { other: 'x' }, want: false },
    { name: 'coredns in another namespace', namespace: 'default', cmName: 'coredns', data: { Corefile: COREFILE }, want: false },
    { name: 'any other ConfigMap', namespace: 'kube-system', cmName: 'kube-proxy', data: { Corefile: COREFILE }, want: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: c.cmName, namespace: c.namespace }, data: c.data };
      const result = corefileFromObject(obj, literalContext());
      expect(result !== undefined).toBe(c.want);
      if (result) expect(result).toMatchObject({ meta: { name: 'coredns', namespace: 'kube-system' }, corefile: COREFILE });
    });
  }
});

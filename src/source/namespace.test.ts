import { describe, expect, it } from 'vitest';
import { literalContext } from './context.js';
import { NAMESPACE_NAME_LABEL, namespaceFromObject } from './namespace.js';

describe('Namespace', () => {
  const cases: Array<{ name: string; labels?: Record<string, string>; want: Record<string, string> }> = [
    { name: 'adds kubernetes.io/metadata.name', want: { [NAMESPACE_NAME_LABEL]: 'shop' } },
    { name: 'keeps other labels', labels: { team: 'web' }, want: { team: 'web', [NAMESPACE_NAME_LABEL]: 'shop' } },
    {
      name: 'overwrites a wrong metadata.name label, as API-server defaulting does',
      labels: { [NAMESPACE_NAME_LABEL]: 'other' },
      want: { [NAMESPACE_NAME_LABEL]: 'shop' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const ns = namespaceFromObject(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', ...(c.labels ? { labels: c.labels } : {}) } },
        literalContext(),
      );
      expect(ns.meta.labels).toEqual(c.want);
      expect(ns.meta.namespace).toBe('');
      expect(ns.simulated).toBe(false);
    });
  }
});

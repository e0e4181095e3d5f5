/**
 * The resource table's URL paths and object normalization, and the backoff schedule of the watches.
 */
import { describe, expect, it } from 'vitest';
import { backoffDelay } from './informer.js';
import { baseQuery, collectionPath, LIVE_RESOURCES, normalizeObject, type LiveResource } from './resources.js';

const byKind = (kind: string) => LIVE_RESOURCES.find((r) => r.kind === kind) as LiveResource;

describe('resource paths', () => {
  it.each([
    ['Pod', undefined, '/api/v1/pods'],
    ['Pod', 'shop', '/api/v1/namespaces/shop/pods'],
    ['Node', 'shop', '/api/v1/nodes'],
    ['EndpointSlice', undefined, '/apis/discovery.k8s.io/v1/endpointslices'],
    ['NetworkPolicy', 'a b', '/apis/networking.k8s.io/v1/namespaces/a%20b/networkpolicies'],
  ])('%s in %s → %s', (kind, namespace, path) => {
    expect(collectionPath(byKind(kind), namespace)).toBe(path);
  });

  it('reads the CoreDNS ConfigMap alone, and never Secrets', () => {
    expect(baseQuery(byKind('ConfigMap'))).toEqual({ fieldSelector: 'metadata.name=coredns' });
    expect(LIVE_RESOURCES.map((r) => r.plural)).not.toContain('secrets');
  });
});

describe('normalizeObject', () => {
  it('fills kind and apiVersion of list items and drops managedFields, keeping everything else', () => {
    const item = { metadata: { name: 'x', managedFields: [{ manager: 'kubectl' }], resourceVersion: '7' }, spec: { a: 1 } };
    expect(normalizeObject(byKind('EndpointSlice'), item)).toEqual({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'x', resourceVersion: '7' },
      spec: { a: 1 },
    });
    expect(item.metadata.managedFields).toHaveLength(1); // the input is not changed
  });
});

describe('backoffDelay', () => {
  it.each([
    [1, 0.5, 500],
    [2, 0.5, 1000],
    [3, 0, 1600],
    [20, 0.5, 30_000],
    [20, 0.999, 35_988],
  ])('failure %i with random %f waits %i ms', (failures, random, ms) => {
    expect(backoffDelay(failures, undefined, () => random)).toBe(ms);
  });
});

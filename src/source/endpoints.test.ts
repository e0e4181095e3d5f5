import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Finding } from '../model/index.js';
import { literalContext } from './context.js';
import { endpointsFromObject } from './endpoints.js';
import type { RawObject } from './raw.js';

describe('legacy Endpoints', () => {
  it('reads subsets with ready and not-ready addresses and defaulted ports', () => {
    const obj = parse(`apiVersion: v1
kind: Endpoints
metadata: {name: db, namespace: shop}
subsets:
- addresses:
  - {ip: 10.0.0.1, hostname: db-0, nodeName: n1, targetRef: {kind: Pod, namespace: shop, name: db-0}}
  notReadyAddresses:
  - ip: "2001:DB8::2"
  ports:
  - {port: 5432}
  - {name: metrics, port: 9187, protocol: TCP, appProtocol: http}
`) as RawObject;
    const findings: Finding[] = [];
    const eps = endpointsFromObject(obj, literalContext(findings));
    expect(findings).toEqual([]);
    expect(eps.meta).toMatchObject({ name: 'db', namespace: 'shop' });
    expect(eps.subsets).toEqual([
      {
        addresses: [{ ip: '10.0.0.1', hostname: 'db-0', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'shop', name: 'db-0' } }],
        notReadyAddresses: [{ ip: '2001:db8::2' }],
        ports: [
          { name: '', port: 5432, protocol: 'TCP' },
          { name: 'metrics', port: 9187, protocol: 'TCP', appProtocol: 'http' },
        ],
      },
    ]);
  });

  it('reports and drops an invalid address', () => {
    const findings: Finding[] = [];
    const eps = endpointsFromObject(
      { kind: 'Endpoints', metadata: { name: 'x' }, subsets: [{ addresses: [{ ip: 'db.local' }], ports: [{ port: 1 }] }] },
      literalContext(findings),
    );
    expect(eps.subsets[0]!.addresses).toEqual([]);
    expect(findings).toMatchObject([{ code: 'endpoints-invalid', severity: 'error', path: 'subsets[0].addresses[0].ip' }]);
  });

  it('no subsets is an Endpoints with no addresses', () => {
    expect(endpointsFromObject({ kind: 'Endpoints', metadata: { name: 'x' } }, literalContext()).subsets).toEqual([]);
  });
});

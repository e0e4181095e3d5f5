import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Finding } from '../model/index.js';
import { literalContext } from './context.js';
import { ingressFromObject } from './ingress.js';
import type { RawObject } from './raw.js';

function ingress(yaml: string) {
  const findings: Finding[] = [];
  return { ing: ingressFromObject(parse(yaml) as RawObject, literalContext(findings)), findings };
}

describe('Ingress backends', () => {
  it('networking.k8s.io/v1: default backend and path backends with port numbers and names', () => {
    const { ing, findings } = ingress(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  ingressClassName: nginx
  defaultBackend: {service: {name: fallback, port: {number: 80}}}
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 8080}}}}
      - {path: /static, pathType: Prefix, backend: {resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: b}}}
`);
    expect(findings).toEqual([]);
    expect(ing.ingressClassName).toBe('nginx');
    expect(ing.backends).toEqual([
      { serviceName: 'fallback', port: 80, path: 'spec.defaultBackend.service' },
      { serviceName: 'web', port: 'http', path: 'spec.rules[0].http.paths[0].backend.service' },
      { serviceName: 'api', port: 8080, path: 'spec.rules[0].http.paths[1].backend.service' },
    ]);
  });

  it('extensions/v1beta1: serviceName and servicePort, spec.backend, class annotation', () => {
    const { ing, findings } = ingress(`apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: web, annotations: {kubernetes.io/ingress.class: traefik}}
spec:
  backend: {serviceName: fallback, servicePort: 80}
  rules:
  - http:
      paths:
      - {path: /, backend: {serviceName: web, servicePort: http}}
`);
    expect(findings).toEqual([]);
    expect(ing.ingressClassName).toBe('traefik');
    expect(ing.backends).toEqual([
      { serviceName: 'fallback', port: 80, path: 'spec.backend' },
      { serviceName: 'web', port: 'http', path: 'spec.rules[0].http.paths[0].backend' },
    ]);
  });

  const problems: Array<{ name: string; backend: string; path: string }> = [
    { name: 'a v1 backend without a service name', backend: '{service: {port: {number: 80}}}', path: 'spec.rules[0].http.paths[0].backend.service' },
    { name: 'a v1 backend without a port', backend: '{service: {name: web}}', path: 'spec.rules[0].http.paths[0].backend.service' },
    { name: 'a v1beta1 backend without servicePort', backend: '{serviceName: web}', path: 'spec.rules[0].http.paths[0].backend' },
    { name: 'an empty backend', backend: '{}', path: 'spec.rules[0].http.paths[0].backend' },
  ];
  for (const p of problems) {
    it(`reports ${p.name}`, () => {
      const { ing, findings } = ingress(`kind: Ingress\nmetadata: {name: x}\nspec: {rules: [{http: {paths: [{path: /, backend: ${p.backend}}]}}]}`);
      expect(ing.backends).toEqual([]);
      expect(findings).toMatchObject([{ code: 'ingress-invalid', severity: 'error', path: p.path }]);
    });
  }
});

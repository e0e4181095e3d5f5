/**
 * Every finding code and message text the manifest loader emits, in one place, so wording stays
 * consistent and tests can match codes instead of prose. Detection lives in the loader modules;
 * they call these builders and never spell a message themselves.
 */

/** Stable finding codes of the loader (`Finding.code`). */
export const CODE = {
  inputNotFound: 'input-not-found',
  inputUnreadable: 'input-unreadable',
  inputTooLarge: 'input-too-large',
  inputNoManifests: 'input-no-manifests',
  inputStdinRepeated: 'input-stdin-repeated',
  yamlSyntax: 'yaml-syntax',
  yamlDuplicateKey: 'yaml-duplicate-key',
  jsonSyntax: 'json-syntax',
  yamlAliasLimit: 'yaml-alias-limit',
  yamlTooDeep: 'yaml-too-deep',
  documentTooLarge: 'document-too-large',
  notAnObject: 'not-an-object',
  missingKind: 'missing-kind',
  missingApiVersion: 'missing-api-version',
  missingName: 'missing-name',
  generatedName: 'generated-name',
  internalError: 'internal-error',
  netpolInvalid: 'netpol-invalid',
  endpointSliceInvalid: 'endpointslice-invalid',
  endpointsInvalid: 'endpoints-invalid',
  ingressInvalid: 'ingress-invalid',
  nodeInvalid: 'node-invalid',
  namespaceInvalid: 'namespace-invalid',
  configMapInvalid: 'configmap-invalid',
} as const;

export type LoaderCode = (typeof CODE)[keyof typeof CODE];

const MiB = 1024 * 1024;
const mib = (bytes: number): string => `${(bytes / MiB).toFixed(bytes % MiB === 0 ? 0 : 1)} MiB`;

/** Finding message texts. */
export const MSG = {
  inputNotFound: (path: string) => `${path}: no such file or directory`,
  inputUnreadable: (path: string, cause: string) => `${path}: cannot be read (${cause})`,
  inputTooLarge: (path: string, limit: number) => `${path}: larger than ${mib(limit)}; not read`,
  inputNoManifests: (path: string) => `${path}: folder holds no .yaml, .yml or .json files`,
  inputUrl: (url: string) => `${url}: URLs are not fetched (kreach reads local input only); download the file first`,
  stdinTwice: () => `"-" given more than once: standard input is read only once`,
  yamlSyntax: (detail: string) => `YAML syntax error: ${detail}`,
  jsonSyntax: (detail: string) =>
    `not valid JSON (${detail}); read as YAML, but kubectl reads text starting with "{" as JSON and would reject it`,
  yamlDuplicateKey: (key: string) =>
    `duplicate key ${JSON.stringify(key)}: the last value is used (kubectl --validate=strict rejects this)`,
  yamlAliasLimit: (limit: number) =>
    `YAML aliases expand too far (more than ${limit} alias uses in one object): rejected as a possible "billion laughs" attack`,
  yamlTooDeep: () => `YAML nesting is too deep to read: document rejected`,
  documentTooLarge: (what: string, size: number, limit: number) =>
    `${what} is ${mib(size)}, over the ${mib(limit)} limit: rejected`,
  notAnObject: (found: string) => `document is ${found}, not a Kubernetes object (a mapping with apiVersion and kind)`,
  missingKind: () => `object has no "kind": not a Kubernetes object`,
  missingApiVersion: (kind: string) => `${kind} has no "apiVersion"; read by its kind alone`,
  missingName: (kind: string) => `${kind} has no metadata.name`,
  nameNotAString: (kind: string, value: unknown) =>
    `${kind} metadata.name ${JSON.stringify(value)} is not a string (YAML reads unquoted n, yes, off as booleans and 1.0 as a number); quote it`,
  generatedName: (generateName: string, name: string) =>
    `metadata.generateName "${generateName}" used: named "${name}" (the API server would add a random suffix)`,
  internalError: (what: string, cause: string) => `kreach failed to convert ${what}: ${cause}`,

  // Field-level texts shared by the converters.
  invalidIP: (text: string) => `"${text}" is not an IP address; left out`,
  invalidProtocol: (given: string) => `protocol "${given}" is not TCP, UDP or SCTP; entry left out`,
  notAString: (value: unknown) =>
    `${JSON.stringify(value)} is not a string (YAML 1.1 reads unquoted yes/no/on/off as booleans and 1.0 as a number); quote it`,
  portWithoutNumber: () => `port has no number; kube-proxy ignores such ports, and so does kreach`,

  // EndpointSlice.
  sliceWithoutService: (label: string) => `EndpointSlice has no "${label}" label: it belongs to no Service`,
  sliceAddressType: (given: string, guess: string) =>
    `addressType "${given}" is not IPv4, IPv6 or FQDN; read as ${guess} from its addresses`,
  sliceAddress: (text: string, addressType: string) => `"${text}" is not an ${addressType} address; left out`,

  // NetworkPolicy (netpol.md §2).
  netpolPolicyType: (given: string) => `policyTypes entry "${given}" is not Ingress or Egress; left out`,
  netpolEmptyPeer: () => `peer sets none of podSelector, namespaceSelector, ipBlock (the API server rejects it); left out`,
  netpolIpBlockAndSelector: () =>
    `peer sets ipBlock together with a selector (the API server rejects it); left out`,
  netpolNoCidr: () => `ipBlock has no cidr; peer left out`,
  netpolEndPort: (port: number | string | undefined, endPort: number) =>
    `endPort ${endPort} needs a numeric port no greater than it (port is ${JSON.stringify(port ?? null)}); entry left out`,
  selectorRequirement: (key: string | undefined, operator: string | undefined) =>
    `selector requirement needs a key and an operator In, NotIn, Exists or DoesNotExist (got key ${JSON.stringify(key ?? null)}, operator ${JSON.stringify(operator ?? null)}); left out`,

  // Ingress.
  ingressNoBackend: () => `path has no backend`,
  ingressNoService: () => `backend names no Service`,
  ingressNoPort: (service: string) => `backend for Service "${service}" names no port`,
} as const;

/** Reasons recorded in `Manifests.skipped`. */
export const SKIP = {
  secret: 'Secret: not read',
  configMap: 'ConfigMap is not used by Service networking',
  corednsWithoutCorefile: 'ConfigMap kube-system/coredns has no Corefile key',
  rbac: 'RBAC does not affect Service networking',
  serviceAccount: 'ServiceAccount does not affect Service networking',
  storage: 'storage does not affect Service networking',
  crd: 'CustomResourceDefinition: custom resources are not modelled',
  adminPolicy: 'admin network policies are not modelled yet (NetworkPolicy v1 is)',
  gatewayApi: 'Gateway API objects are not modelled yet',
  webhook: 'admission webhooks do not affect Service networking',
  yamlSyntax: 'YAML syntax error',
  limit: 'rejected by an input limit',
  notAnObject: 'not a Kubernetes object',
  missingKind: 'no kind',
  missingName: 'no metadata.name',
  internalError: 'conversion failed (internal error)',
  builtinUnused: (kind: string) => `${kind} does not affect Service networking`,
  customResource: (apiVersion: string, kind: string) =>
    `custom resource ${apiVersion} ${kind}: not modelled (pods an operator would create for it are not simulated)`,
  foreignKind: (apiVersion: string, kind: string) =>
    `${apiVersion} ${kind} is a custom resource, not the built-in ${kind}: not modelled`,
} as const;

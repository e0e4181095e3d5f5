/**
 * The detail texts of Service findings, quoted from the API server so users can search for them:
 * `ValidateService`, `validateServicePort`, `ValidateServiceClusterIPsRelatedFields`
 * (pkg/apis/core/validation/validation.go), the registry's `initIPFamilyFields`
 * (pkg/registry/core/service/storage/alloc.go) and `GetWarningsForService`
 * (pkg/api/service/warnings.go). Format-check texts live beside their checks in
 * src/model/validation.ts; rendering is src/source/field-error.ts.
 */

export const SERVICE_MESSAGES = {
  nameRequired: 'name or generateName is required',
  topologyAnnotationsDiffer: (deprecatedKey: string) => `must match annotations[${deprecatedKey}] when both are specified`,
  headlessForbidden: (type: string) => `may not be set to 'None' for ${type} services`,
  notForExternalName: 'may not be set for ExternalName services',
  nodePortOnClusterIP: "may not be used when `type` is 'ClusterIP'",
  onlyLoadBalancer: "may only be used when `type` is 'LoadBalancer'",
  affinityConfigRequired: 'when session affinity type is ClientIP',
  affinityTimeoutRange: (max: number) => `must be greater than 0 and less than ${max}`,
  externalPolicyNotAllowed: 'may only be set for externally-accessible services',
  healthCheckNotAllowed: "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
  // ValidateServiceClusterIPsRelatedFields
  firstMustMatchClusterIP: 'first value must match `clusterIP`',
  mustBeEmptyWithoutClusterIP: 'must be empty when `clusterIP` is not specified',
  noneFirstAndOnly: "'None' must be the first and only value",
  atMostTwo: 'may only hold up to 2 values',
  onePerFamily: 'may specify no more than one IP for each IP family',
  familyMismatch: (family: string, index: number) => `expected an ${family} value as indicated by \`ipFamilies[${index}]\``,
  // initIPFamilyFields (registry)
  singleStackTwoIPs: "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
  singleStackTwoFamilies: "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
  familyNotConfiguredForIP: (family: string) => `${family} is not configured on this cluster`,
  familyNotConfigured: 'not configured on this cluster',
  clusterNotDualStack: 'this cluster is not configured for dual-stack services',
  // GetWarningsForService
  preferCloseDeprecated: '"PreferClose" is deprecated; use "PreferSameZone"',
} as const;

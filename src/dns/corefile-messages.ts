/**
 * Finding codes and message texts for reading the CoreDNS configuration (Corefile and `--zone`,
 * `--ttl`, `--pods` flags), in one place so wording stays consistent and tests match codes.
 * Detection lives in `corefile.ts`; it calls these builders and never spells a message itself.
 */

/** Stable finding codes (`Finding.code`). */
export const CODE = {
  syntax: 'corefile-syntax',
  noKubernetes: 'corefile-no-kubernetes',
  kubernetesRepeated: 'corefile-kubernetes-repeated',
  kubernetesDiffers: 'corefile-kubernetes-differs',
  zoneInvalid: 'corefile-zone-invalid',
  rootZone: 'corefile-root-zone',
  noForwardZone: 'corefile-no-forward-zone',
  optionInvalid: 'corefile-option-invalid',
  optionIgnored: 'corefile-option-ignored',
  optionUnknown: 'corefile-option-unknown',
  importIgnored: 'corefile-import-ignored',
  configSource: 'dns-config-source',
  flagInvalid: 'dns-flag-invalid',
} as const;

export type CorefileCode = (typeof CODE)[keyof typeof CODE];

const at = (line: number) => `Corefile line ${line}`;

export const MSG = {
  syntax: (line: number, detail: string) => `${at(line)}: ${detail}; CoreDNS would not start`,
  noKubernetes: () =>
    'no server block of the Corefile uses the kubernetes plugin: cluster names (*.svc.<zone>) are not answered by cluster DNS',
  kubernetesRepeated: (line: number) =>
    `${at(line)}: kubernetes is used twice in one server block; CoreDNS refuses this ("plugin can only be used once per Server Block"); kreach reads the first`,
  kubernetesDiffers: (line: number) =>
    `${at(line)}: another kubernetes plugin with different options; kreach serves all its zones with the options of the first one`,
  zoneInvalid: (line: number, zone: string, why: string) =>
    `${at(line)}: zone "${zone}" is not usable (${why}); CoreDNS drops it silently`,
  rootZone: (line: number) =>
    `${at(line)}: kubernetes would serve the root zone "." (no zone arguments in a ".:53" block); kreach does not simulate that and keeps the cluster domain`,
  noForwardZone: (line: number, fallback: string) =>
    `${at(line)}: kubernetes needs at least one non-reverse zone ("non-reverse zone name must be used"); CoreDNS would not start; kreach assumes ${fallback}`,
  optionInvalid: (line: number, option: string, detail: string) => `${at(line)}: kubernetes option ${option}: ${detail}; CoreDNS would not start`,
  optionIgnored: (line: number, option: string, effect: string) => `${at(line)}: kubernetes option ${option} is not simulated (${effect})`,
  optionUnknown: (line: number, option: string, detail: string) => `${at(line)}: kubernetes option ${option}: ${detail}`,
  importIgnored: (line: number) => `${at(line)}: import is not followed; directives it would bring in are not read`,
  corefileOverridesCluster: (path: string) =>
    `--corefile ${path} takes precedence over the cluster's ConfigMap kube-system/coredns`,
  flagInvalid: (flag: string, value: string, expected: string) => `--${flag} ${value} is invalid (${expected}); the flag is ignored`,
} as const;

/**
 * The lint rules, in one table (STYLE.md: "Keep fixed structure as data"). Each rule lives in its
 * own module and has a page at `docs/rules/<id>.md`; `--list-rules`, the configuration file and the
 * SARIF rule list all read this table, and a test checks that every entry has its page.
 */
import { headlessPortMismatch } from './headless-port-mismatch.js';
import { ingressBackend } from './ingress-backend.js';
import { netpolBlocksDns } from './netpol-blocks-dns.js';
import { netpolPeerSelectsNothing } from './netpol-peer-selects-nothing.js';
import { netpolSelectsNothing } from './netpol-selects-nothing.js';
import { netpolUsesServicePort } from './netpol-uses-service-port.js';
import { podDnsConfig } from './pod-dns-config.js';
import { probePortNotDeclared } from './probe-port-not-declared.js';
import { serviceSelectsNothing } from './service-selects-nothing.js';
import { serviceSpecNoEffect } from './service-spec-no-effect.js';
import { statefulsetService } from './statefulset-service.js';
import { targetPortNotDeclared } from './target-port-not-declared.js';
import type { LintRule } from './types.js';
import { yamlBooleanString } from './yaml-boolean-string.js';

/** Every rule, Services first, then workloads, NetworkPolicies, Ingress and input. */
export const RULES: readonly LintRule[] = [
  headlessPortMismatch,
  targetPortNotDeclared,
  serviceSelectsNothing,
  serviceSpecNoEffect,
  statefulsetService,
  probePortNotDeclared,
  podDnsConfig,
  netpolBlocksDns,
  netpolUsesServicePort,
  netpolSelectsNothing,
  netpolPeerSelectsNothing,
  ingressBackend,
  yamlBooleanString,
];

/** The rule with this id, if any. */
export function ruleById(id: string): LintRule | undefined {
  return RULES.find((r) => r.id === id);
}

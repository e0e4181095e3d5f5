/**
 * Which rules run and how severe their findings are: rule defaults, then the configuration file,
 * then command-line flags. The file is `.kreach.yaml` (or `.kreach.yml`) in the current directory,
 * or the one `--config` names:
 *
 * ```yaml
 * lint:
 *   failOn: warning          # error (default), warning, info or none
 *   annotations: true        # honour kreach.io/ignore on objects (default true)
 *   rules:
 *     netpol-blocks-dns: off # on, off, or a severity (which also turns the rule on)
 *     target-port-not-declared: warning
 * ```
 *
 * Other top-level keys are left for other commands. Mistakes throw `ConfigError` naming the file
 * and the key, and the CLI turns that into exit code 2.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Severity } from '../model/index.js';
import { SEVERITIES, type LintRule } from './types.js';

export type FailOn = Severity | 'none';

export interface LintConfig {
  /** Rule id → on or off; rules not listed keep their default. */
  enabled: Record<string, boolean>;
  /** Rule id → the severity all its findings get. */
  severity: Record<string, Severity>;
  failOn?: FailOn;
  /** Honour `kreach.io/ignore` annotations. @default true */
  annotations?: boolean;
}

export class ConfigError extends Error {
  readonly code = 'lint-config';
}

export const CONFIG_FILES = ['.kreach.yaml', '.kreach.yml'];
export const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'none'];

export function emptyConfig(): LintConfig {
  return { enabled: {}, severity: {} };
}

/** The configuration file of `dir`, if there is one. */
export function findConfigFile(dir: string): string | undefined {
  return CONFIG_FILES.map((name) => join(dir, name)).find((path) => existsSync(path));
}

export function readConfigFile(path: string, rules: readonly LintRule[]): LintConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseConfig(text, path, rules);
}

/** Parse configuration text; `file` names it in errors. */
export function parseConfig(text: string, file: string, rules: readonly LintRule[]): LintConfig {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const config = emptyConfig();
  if (doc === null || doc === undefined) return config;
  if (!isRecord(doc)) throw new ConfigError(`${file}: expected a mapping with a "lint" key`);
  const lint = doc['lint'];
  if (lint === undefined || lint === null) return config;
  if (!isRecord(lint)) throw new ConfigError(`${file}: "lint" must be a mapping`);
  for (const [key, value] of Object.entries(lint)) {
    if (key === 'failOn') config.failOn = oneOf(value, FAIL_ON, `${file}: lint.failOn`);
    else if (key === 'annotations') {
      if (typeof value !== 'boolean') throw new ConfigError(`${file}: lint.annotations must be true or false`);
      config.annotations = value;
    } else if (key === 'rules') readRules(value, file, rules, config);
    else throw new ConfigError(`${file}: unknown key lint.${key} (known: failOn, annotations, rules)`);
  }
  return config;
}

function readRules(value: unknown, file: string, rules: readonly LintRule[], config: LintConfig): void {
  if (value === null || value === undefined) return;
  if (!isRecord(value)) throw new ConfigError(`${file}: lint.rules must map rule ids to on, off or a severity`);
  for (const [id, setting] of Object.entries(value)) {
    checkRuleId(id, rules, `${file}: lint.rules`);
    // `on`/`off` arrive as strings in YAML 1.2 and booleans in 1.1 spellings (true/false): take both.
    if (setting === true || setting === 'on') config.enabled[id] = true;
    else if (setting === false || setting === 'off') config.enabled[id] = false;
    else {
      config.severity[id] = oneOf(setting, SEVERITIES, `${file}: lint.rules.${id}`, 'on, off, ');
      config.enabled[id] = true;
    }
  }
}

/**
 * `--enable`/`--disable` lists (comma-separated, repeatable) on top of `config`. `all` names every
 * rule and is applied first, so `--disable all --enable x` runs only x; a rule named in both lists
 * stays off.
 */
export function applyFlags(config: LintConfig, flags: { enable?: string[]; disable?: string[] }, rules: readonly LintRule[]): LintConfig {
  const out: LintConfig = { ...config, enabled: { ...config.enabled }, severity: { ...config.severity } };
  const ids = (list: string[] | undefined) => (list ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const enable = ids(flags.enable);
  const disable = ids(flags.disable);
  if (enable.includes('all')) for (const rule of rules) out.enabled[rule.id] = true;
  if (disable.includes('all')) for (const rule of rules) out.enabled[rule.id] = false;
  for (const id of enable.filter((i) => i !== 'all')) out.enabled[checkRuleId(id, rules, '--enable')] = true;
  for (const id of disable.filter((i) => i !== 'all')) out.enabled[checkRuleId(id, rules, '--disable')] = false;
  return out;
}

/** The rules that run under `config`, each with the severity in effect (undefined: per finding). */
export function activeRules(config: LintConfig, rules: readonly LintRule[]): Array<{ rule: LintRule; severity?: Severity }> {
  return rules
    .filter((rule) => config.enabled[rule.id] ?? rule.enabledByDefault ?? true)
    .map((rule) => {
      const severity = config.severity[rule.id];
      return severity ? { rule, severity } : { rule };
    });
}

function checkRuleId(id: string, rules: readonly LintRule[], where: string): string {
  if (rules.some((r) => r.id === id)) return id;
  const near = rules.find((r) => r.id.includes(id) || id.includes(r.id));
  throw new ConfigError(`${where}: unknown rule "${id}"${near ? ` (did you mean ${near.id}?)` : ''}; kreach lint --list-rules lists them`);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string, prefix = ''): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`${where}: ${JSON.stringify(value)} is not one of ${prefix}${allowed.join(', ')}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

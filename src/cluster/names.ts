/**
 * Deterministic stand-ins for the names controllers generate. Upstream, a Deployment's ReplicaSet
 * is `<deployment>-<pod-template-hash>` (an FNV-32 hash of the template printed in decimal and
 * mapped through apimachinery `rand.SafeEncodeString`), and ReplicaSet, DaemonSet and Job pods get
 * `generateName` plus 5 random characters (`names.SimpleNameGenerator`, prefix cut to 58). kreach
 * cannot reproduce the real hash or the randomness, so it derives both from stable input: the same
 * manifests always give the same names, in the same alphabet and lengths as a real cluster.
 */
import type { Pod } from '../model/index.js';
import { dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors } from '../model/validation.js';
import { safeSuffix, stableHash } from './hash.js';

/** apimachinery `util/rand` alphabet: no vowels and no look-alike characters. */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
/** `names.MaxGeneratedNameLength`: 63 minus the 5 random characters. */
export const MAX_GENERATED_PREFIX = 58;
const RANDOM_LENGTH = 5;

/**
 * The minute (since the Unix epoch) that stands for a CronJob's scheduled time: 2025-01-01T00:00Z.
 * Upstream names each Job `<cronjob>-<scheduled time in minutes>` (`getJobName` in
 * pkg/controller/cronjob/utils.go); kreach does not evaluate the schedule, so every CronJob gets one
 * Job at this fixed instant and its name never changes between runs.
 */
export const CRONJOB_SCHEDULED_MINUTE = 1_735_689_600 / 60;

/** `rand.SafeEncodeString` over the decimal digits of a 32-bit hash, padded to 10 characters. */
function safeEncodeHash(hash: number): string {
  const digits = String(hash >>> 0).padStart(10, '0');
  return [...digits].map((d) => SAFE_ALPHABET[d.charCodeAt(0) % SAFE_ALPHABET.length]).join('');
}

/**
 * A stable 10-character hash of a pod template (`pod-template-hash`, and with another `salt` the
 * ControllerRevision hash). Only the template's content counts, not where it was written.
 */
export function templateHash(template: Pod, salt = ''): string {
  const content = { ...template, meta: { labels: template.meta.labels, annotations: template.meta.annotations } };
  delete content.owner;
  return safeEncodeHash(stableHash(`${salt}${stableJson(content)}`) % 0x1_0000_0000);
}

/** JSON with object keys sorted, so equal content hashes equally whatever its key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Generates `generateName`-style names for one controller: `prefix` (cut to 58 characters, as
 * `SimpleNameGenerator` does) plus 5 characters derived from `seed`. Names never repeat within one
 * generator; a collision re-derives from a salted seed.
 */
export class NameGenerator {
  private readonly taken = new Set<string>();

  generate(prefix: string, seed: string): string {
    const base = prefix.length > MAX_GENERATED_PREFIX ? prefix.slice(0, MAX_GENERATED_PREFIX) : prefix;
    for (let attempt = 0; ; attempt++) {
      const name = base + safeSuffix(attempt === 0 ? seed : `${seed}#${attempt}`, RANDOM_LENGTH);
      if (!this.taken.has(name)) {
        this.taken.add(name);
        return name;
      }
    }
  }
}

/** `history.ControllerRevisionName`: `<prefix>-<hash>`, prefix cut to 223 characters. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

/** A CronJob's Job name at `CRONJOB_SCHEDULED_MINUTE`. */
export function cronJobName(cronJob: string): string {
  return `${cronJob}-${CRONJOB_SCHEDULED_MINUTE}`;
}

/**
 * Why the API server would refuse a generated pod, or undefined when it would accept it: its name,
 * hostname or subdomain, or a label value the controller added (`added`). The controller then fails
 * to create the pod (the workload itself exists), so kreach leaves it out. Problems of the template
 * itself are reported when the workload is converted and do not remove pods here.
 */
export function generatedPodProblem(pod: Pod, added: Record<string, string>): string | undefined {
  const nameProblem = dns1123SubdomainErrors(pod.meta.name).join('; ');
  if (nameProblem) return `name '${pod.meta.name}' ${nameProblem}`;
  for (const key of ['hostname', 'subdomain'] as const) {
    const value = pod[key];
    const problem = value === undefined ? '' : dns1123LabelErrors(value).join('; ');
    if (problem) return `${key} '${value}' ${problem}`;
  }
  for (const [key, value] of Object.entries(added)) {
    const problem = labelValueErrors(value).join('; ');
    if (problem) return `label ${key}='${value}' ${problem}`;
  }
  return undefined;
}

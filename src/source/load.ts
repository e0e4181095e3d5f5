/**
 * The manifest source: `-f` inputs → a Manifests bundle. Files are read one at a time and their
 * documents converted one at a time, so memory follows the largest document, not the input.
 * Several large files are spread over worker threads instead (parallel-load.ts), with the same
 * result.
 *
 * Accounting: `documentCount` counts objects read (a List counts as its items; empty documents are
 * not objects and are not counted), and every one of them ends up either converted or in `skipped`
 * with a reason — documents rejected for syntax or limits included, beside their error finding:
 * `convertedCount(m) + m.skipped.length === m.documentCount`.
 */
import { emptyManifests } from '../model/index.js';
import type { Finding, Manifests } from '../model/index.js';
import { newConvertState } from './convert.js';
import { convertText } from './file-part.js';
import { readInput, resolveInputs } from './files.js';
import { CODE, MSG } from './messages.js';
import { loadInParallel, parallelPlan } from './parallel-load.js';
import type { ParallelOptions } from './parallel-load.js';
import { MAX_FILE_BYTES } from './yaml.js';

export interface LoadOptions {
  /** Descend into subfolders of folders (kubectl `-R`). @default false */
  recursive?: boolean;
  /** Namespace of namespaced objects that name none (kubectl `-n`). @default 'default' */
  defaultNamespace?: string;
  /** What `-` reads: the text itself or a stream. @default process.stdin */
  stdin?: string | NodeJS.ReadableStream;
  /** Loading several large files on worker threads; the result is the same either way. */
  parallel?: ParallelOptions;
}

export type ParseOptions = Pick<LoadOptions, 'defaultNamespace'>;

/** Read every input `-f` named (files, folders, `-`, comma lists). Never throws for bad input. */
export async function loadManifests(inputs: string[], options: LoadOptions = {}): Promise<Manifests> {
  const m = emptyManifests();
  const report = (finding: Finding) => m.findings.push(finding);
  const state = newConvertState(options.defaultNamespace);
  const sources = await resolveInputs(inputs, { recursive: options.recursive ?? false }, report);
  const plan = await parallelPlan(sources, options.parallel);
  if (plan) {
    await loadInParallel(m, plan, state.defaultNamespace);
    return m;
  }
  for (const source of sources) {
    const input = await readInput(source, options.stdin ?? process.stdin, report);
    if (input) convertText(m, input.text, input.file, state);
  }
  return m;
}

/** Parse one text as if it were the file `file` (tests, the API, the web UI). */
export function parseManifestText(text: string, file: string, options: ParseOptions = {}): Manifests {
  const m = emptyManifests();
  if (Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES) {
    m.findings.push({
      code: CODE.inputTooLarge,
      severity: 'error',
      message: MSG.inputTooLarge(file, MAX_FILE_BYTES),
      source: { file, docIndex: 0, line: 1, col: 1 },
    });
    return m;
  }
  convertText(m, text, file, newConvertState(options.defaultNamespace));
  return m;
}

/** How many objects became lean objects (every list of the bundle but findings and skipped). */
export function convertedCount(m: Manifests): number {
  return (
    m.pods.length +
    m.services.length +
    m.endpointSlices.length +
    m.endpoints.length +
    m.nodes.length +
    m.namespaces.length +
    m.networkPolicies.length +
    m.ingresses.length +
    m.workloads.length +
    m.corefiles.length
  );
}

/**
 * One input file → its share of the Manifests bundle, on its own. The sequential loader converts
 * every file into one bundle with one ConvertState; the parallel loader converts each file alone
 * (on any thread) into a part and appends the parts in input order. The two agree because the only
 * thing files share is the set of names made from `generateName`, and a part records which names it
 * took, so the merge can check them against the files before it (see parallel-load.ts).
 */
import { emptyManifests } from '../model/index.js';
import type { Finding, Manifests } from '../model/index.js';
import { convertObject, newConvertState } from './convert.js';
import type { ConvertState } from './convert.js';
import { readObjects } from './documents.js';
import type { ReadOptions } from './documents.js';
import { readInput } from './files.js';
import type { InputText } from './files.js';
import { NotStrictJson } from './json-list.js';
import type { ListScan } from './json-list.js';
import { CODE, MSG } from './messages.js';
import { scanWholeList } from './yaml.js';

/** One file converted with a ConvertState of its own. */
export interface FilePart {
  /** Everything the file contributed: objects, findings (reading ones included), skipped, count. */
  manifests: Manifests;
  /** Keys the file added to `ConvertState.generatedNames`, in the order it added them. */
  generated: string[];
}

/** Read the file at `path` and convert it into `m` with `state`, as the sequential load does. */
export async function loadFileInto(m: Manifests, path: string, state: ConvertState): Promise<void> {
  const input = await readFileInto(m, path);
  if (input) convertText(m, input.text, input.file, state);
}

/** The file at `path` alone: a fresh bundle and a fresh ConvertState. */
export async function loadFilePart(path: string, defaultNamespace: string): Promise<FilePart> {
  const manifests = emptyManifests();
  const input = await readFileInto(manifests, path);
  return partOf(manifests, input, defaultNamespace);
}

/** A file that is one JSON List, read and scanned (scanWholeList) but not converted yet. */
export interface ScannedFile {
  text: string;
  scan: ListScan;
}

/**
 * The file at `path` scanned, when it is one JSON List; otherwise converted alone, as loadFilePart
 * does. A worker scans Lists ahead of the main thread, which converts them (parallel-load.ts).
 */
export async function scanOrLoadFilePart(path: string, defaultNamespace: string): Promise<{ scanned: ScannedFile } | { part: FilePart }> {
  const manifests = emptyManifests();
  const input = await readFileInto(manifests, path);
  const scan = input && scanWholeList(input.text);
  if (input && scan) return { scanned: { text: input.text, scan } };
  return { part: partOf(manifests, input, defaultNamespace) };
}

/** The text of the file at `path`; why it cannot be read goes to `m`'s findings. */
function readFileInto(m: Manifests, path: string): Promise<InputText | undefined> {
  return readInput({ kind: 'file', path }, '', (finding) => m.findings.push(finding));
}

function partOf(manifests: Manifests, input: InputText | undefined, defaultNamespace: string): FilePart {
  const state = newConvertState(defaultNamespace);
  if (input) convertText(manifests, input.text, input.file, state);
  return { manifests, generated: [...state.generatedNames] };
}

/**
 * Every document of `text` into `m`: converted, or skipped with its reason. A JSON List is read item
 * by item; if an item turns out not to be strict JSON, what its List gave so far is dropped and the
 * text read again the other way, which reports the problem (json-list.ts).
 */
export function convertText(m: Manifests, text: string, file: string, state: ConvertState, reading: ReadOptions = {}): void {
  const lazyJsonLists = reading.lazyJsonLists ?? true;
  const mark = lazyJsonLists ? markOf(m, state) : undefined;
  try {
    convertEntries(m, text, file, state, { lazyJsonLists, listScan: reading.listScan });
  } catch (error) {
    if (!(error instanceof NotStrictJson) || !mark) throw error;
    rollBack(m, state, mark);
    convertEntries(m, text, file, state, { lazyJsonLists: false });
  }
}

function convertEntries(m: Manifests, text: string, file: string, state: ConvertState, reading: ReadOptions): void {
  const report = (finding: Finding) => m.findings.push(finding);
  try {
    for (const entry of readObjects(text, file, report, reading)) {
      m.documentCount++;
      if ('rejected' in entry) {
        const { source, reason, ...identity } = entry.rejected;
        m.skipped.push({ ...identity, reason, source });
      } else {
        convertObject(entry.object, m, state);
      }
    }
  } catch (error) {
    if (error instanceof NotStrictJson) throw error;
    // A bug in the parser or in kreach: lose the rest of this file, not the whole load.
    const cause = error instanceof Error ? error.message : String(error);
    report({
      code: CODE.internalError,
      severity: 'error',
      message: MSG.internalError(file, cause),
      source: { file, docIndex: 0, line: 1, col: 1 },
    });
  }
}

/** How far a bundle and a state had come: every list's length, the documents and names counted. */
interface Mark {
  lengths: number[];
  documentCount: number;
  generated: number;
}

function markOf(m: Manifests, state: ConvertState): Mark {
  return { lengths: LISTS.map((key) => m[key].length), documentCount: m.documentCount, generated: state.generatedNames.size };
}

/** Back to `mark`: what was added since is dropped, generated names included. */
function rollBack(m: Manifests, state: ConvertState, mark: Mark): void {
  LISTS.forEach((key, i) => (m[key].length = mark.lengths[i] as number));
  m.documentCount = mark.documentCount;
  // A Set keeps insertion order: the names added since the mark are its last ones.
  for (const key of [...state.generatedNames].slice(mark.generated)) state.generatedNames.delete(key);
}

/** Every list of a bundle, as a record so the compiler notices a list added to Manifests. */
const LIST_KEYS: Record<Exclude<keyof Manifests, 'documentCount'>, true> = {
  pods: true,
  services: true,
  endpointSlices: true,
  endpoints: true,
  nodes: true,
  namespaces: true,
  networkPolicies: true,
  ingresses: true,
  workloads: true,
  corefiles: true,
  findings: true,
  skipped: true,
};
const LISTS = Object.keys(LIST_KEYS) as Array<keyof typeof LIST_KEYS>;

/** Append `part` to `m`, keeping the order of every list. */
export function appendManifests(m: Manifests, part: Manifests): void {
  for (const key of LISTS) {
    const into = m[key] as unknown[];
    // A loop, not push(...list): a file may hold more items than a call takes arguments.
    for (const item of part[key]) into.push(item);
  }
  m.documentCount += part.documentCount;
}

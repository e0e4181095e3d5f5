/**
 * Loading many large files on all cores. Reading, parsing and converting one file needs nothing
 * from the others, so worker threads (load-worker.ts) each load whole files into parts while the
 * main thread loads files too and appends the parts in input order. The result is the one the
 * sequential load gives, list order, findings, skipped entries and counts included:
 *
 * - Names made from `generateName` are the one thing files share: a name already taken by an
 *   earlier file makes the next attempt's suffix. A part is converted as if it were alone and lists
 *   the names it took. Its names are the sequential ones unless one of them was taken by an earlier
 *   file; such a part (the same object twice, in practice) is dropped and its file loaded again
 *   with the shared state, on the main thread, exactly as the sequential load would.
 * - A worker that cannot start, dies or answers with an error loses nothing: the files it held go
 *   back to the main thread.
 * - Small inputs, standard input and builds without a compiled worker (the test runner's `.ts`
 *   sources) load sequentially.
 * - With one worker (two cores), a file that is one JSON List is only read and scanned by the
 *   worker, and converted by the main thread in its turn (scanLists). Converting such a file costs
 *   the main thread about 65 ms per 5 MB once scanned; rebuilding a worker's part of it costs 25 ms,
 *   but the two threads and both heaps' collectors then share two cores, and the whole load came
 *   out no faster than on one thread, with 50% more CPU. Scanning ahead takes the scan (a tenth of
 *   the work) off the main thread and costs it nothing to receive. YAML, slow to parse, gains from
 *   whole parts (12.9 s to 9.2 s for the 100% benchmark) and is still converted by the worker.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { emptyManifests } from '../model/index.js';
import type { Manifests } from '../model/index.js';
import { newConvertState } from './convert.js';
import type { ConvertState } from './convert.js';
import { appendManifests, convertText, loadFileInto, loadFilePart } from './file-part.js';
import type { FilePart, ScannedFile } from './file-part.js';
import type { InputSource } from './files.js';
import { LOAD_WORKER_URL, loadWorkerData } from './load-worker.js';
import type { LoadReply, LoadTask, LoadWorkerData } from './load-worker.js';

export interface ParallelOptions {
  /** Threads that load files at once, the calling one included; 1 loads sequentially. @default os.availableParallelism() */
  threads?: number;
  /** Inputs smaller than this in all load sequentially. @default PARALLEL_MIN_BYTES */
  minBytes?: number;
  /** The compiled worker module. @default LOAD_WORKER_URL */
  workerUrl?: URL;
  /** Workers hand JSON List files back scanned, not converted. @default true with one worker */
  scanLists?: boolean;
}

/**
 * Below this many bytes workers cost more than they save. A worker takes 0.1-0.25 s to start and
 * load its modules (the main thread converts 2-5 MB of JSON meanwhile), and every part it sends
 * back costs about a fifth of its conversion time again to clone (serialized in the worker,
 * rebuilt on the main thread), so a few MB gain nothing.
 */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

/** Files handed to one worker before it answers: one at work, one waiting, so it never idles. */
const WORKER_DEPTH = 2;

/** Scanned files waiting for the main thread at most: each holds its whole text. */
const SCANNED_AHEAD = 2;

/** How to load `paths` in parallel. */
export interface ParallelPlan {
  paths: string[];
  /** Worker threads to start besides the main thread. */
  workers: number;
  workerUrl: URL;
  /** Workers hand JSON List files back scanned (ParallelOptions.scanLists). */
  scanLists: boolean;
}

/** The plan for `sources`, or undefined when they load better (or only) sequentially. */
export async function parallelPlan(sources: readonly InputSource[], options: ParallelOptions = {}): Promise<ParallelPlan | undefined> {
  const threads = options.threads ?? availableParallelism();
  if (threads < 2 || sources.length < 2) return undefined;
  const paths: string[] = [];
  for (const source of sources) {
    // Standard input is read once, by the main thread: keep it simple and sequential.
    if (source.kind !== 'file') return undefined;
    paths.push(source.path);
  }
  const workerUrl = options.workerUrl ?? LOAD_WORKER_URL;
  if (!canStartWorker(workerUrl)) return undefined;
  // A path that cannot be read counts 0; the load itself reports it.
  const sizes = await Promise.all(paths.map((path) => stat(path).then((info) => info.size, () => 0)));
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total < (options.minBytes ?? PARALLEL_MIN_BYTES)) return undefined;
  const workers = Math.min(threads, paths.length) - 1;
  return { paths, workers, workerUrl, scanLists: options.scanLists ?? workers === 1 };
}

/** Plain Node runs a worker from a compiled `.js` file only; under a test runner this is the `.ts` source. */
function canStartWorker(url: URL): boolean {
  return url.protocol === 'file:' && /\.[cm]?js$/.test(url.pathname) && existsSync(fileURLToPath(url));
}

/** One started worker and the files it holds. */
interface Slot {
  worker: Worker;
  held: Set<number>;
  alive: boolean;
}

/** Load `plan.paths` into `m`, in their order, as loadFileInto with one shared state would. */
export async function loadInParallel(m: Manifests, plan: ParallelPlan, defaultNamespace: string): Promise<void> {
  const { paths } = plan;
  /** Files a worker answered for, not yet appended: converted (a part) or scanned. */
  const done: Array<Done | undefined> = new Array<Done | undefined>(paths.length);
  let scannedWaiting = 0;
  /** Files no thread has taken yet, in input order. */
  const queue = paths.map((_, index) => index);
  /** Files a worker gave back (it failed): the main thread loads them. */
  const returned: number[] = [];
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };

  const feed = (slot: Slot): void => {
    while (slot.alive && slot.held.size < WORKER_DEPTH && scannedWaiting < SCANNED_AHEAD && queue.length > 0) {
      const index = queue.shift()!;
      slot.held.add(index);
      slot.worker.postMessage({ index, path: paths[index]! } satisfies LoadTask);
    }
    // Nothing left for it: stopped now, its thread and heap go while the main thread still converts.
    if (slot.alive && slot.held.size === 0 && queue.length === 0) stop(slot);
  };
  const fail = (slot: Slot): void => {
    if (!slot.alive) return;
    stop(slot);
    returned.push(...slot.held);
    slot.held.clear();
    notify();
  };
  const slots: Slot[] = [];
  for (let i = 0; i < plan.workers; i++) {
    const slot = startSlot(plan.workerUrl, loadWorkerData(defaultNamespace, plan.scanLists), {
      onReply: (s, reply) => {
        // An answer for a file it does not hold is a broken worker: it gives all its files back.
        if (!s.held.delete((reply as Partial<LoadReply> | null)?.index ?? -1)) return fail(s);
        const answer = doneOf(reply);
        if (!answer) returned.push(reply.index);
        else {
          done[reply.index] = answer;
          if ('scanned' in answer) scannedWaiting++;
        }
        feed(s);
        notify();
      },
      onFailure: fail,
    });
    if (slot) slots.push(slot);
  }
  slots.forEach(feed);

  const state = newConvertState(defaultNamespace);
  try {
    for (let next = 0; next < paths.length; ) {
      const answer = done[next];
      if (answer) {
        done[next] = undefined;
        if ('part' in answer) await mergePart(m, answer.part, paths[next]!, state);
        else {
          scannedWaiting--;
          slots.forEach(feed);
          convertText(m, answer.scanned.text, paths[next]!, state, { listScan: answer.scanned.scan });
          // Converting is synchronous: the worker's answers wait for the event loop. Without this
          // turn the next scan, long ready, looked missing, and the main thread read a third of the
          // files itself (at 1.5 times the cost of converting a scanned one).
          await nextTurn();
        }
        next++;
        continue;
      }
      const index = takeForMain(returned, queue);
      if (index === next) {
        // Next in order: straight into the bundle, nothing to merge.
        await loadFileInto(m, paths[index]!, state);
        next++;
      } else if (index !== undefined) {
        done[index] = { part: await loadFilePart(paths[index]!, defaultNamespace) };
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
      }
    }
  } finally {
    slots.forEach(stop);
  }
}

/** Resolves after the event loop has run once: messages that arrived meanwhile are handled. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** No more files for `slot`; its thread ends (terminate does not wait for it). */
function stop(slot: Slot): void {
  slot.alive = false;
  void slot.worker.terminate();
}

/** The file the main thread loads next: one given back (smallest first), else the next untaken one. */
function takeForMain(returned: number[], queue: number[]): number | undefined {
  if (returned.length > 0) {
    returned.sort((a, b) => a - b);
    return returned.shift();
  }
  return queue.shift();
}

/** Append a part, unless one of its generated names was taken by an earlier file: then load it again. */
async function mergePart(m: Manifests, part: FilePart, path: string, state: ConvertState): Promise<void> {
  const taken = state.generatedNames;
  if (part.generated.some((key) => taken.has(key))) {
    await loadFileInto(m, path, state);
    return;
  }
  for (const key of part.generated) taken.add(key);
  appendManifests(m, part.manifests);
}

/** A worker's answer for one file. */
type Done = { part: FilePart } | { scanned: ScannedFile };

/** The answer in `reply` as the worker protocol promises it; undefined for anything else (the file is loaded again). */
function doneOf(reply: LoadReply): Done | undefined {
  if ('part' in reply && isFilePart(reply.part)) return { part: reply.part };
  if ('scanned' in reply && isScannedFile(reply.scanned)) return { scanned: reply.scanned };
  return undefined;
}

/** A scan of a whole text, in the shape scanWholeList makes: where it reads, it reads inside the text. */
function isScannedFile(scanned: unknown): scanned is ScannedFile {
  if (typeof scanned !== 'object' || scanned === null) return false;
  const { text, scan } = scanned as Partial<ScannedFile>;
  if (typeof text !== 'string' || typeof scan !== 'object' || scan === null) return false;
  const { start, end, root, rootEnd, items, keysOutsideItems } = scan;
  const inText = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= text.length;
  return (
    start === 0 &&
    end === text.length &&
    [root, rootEnd, items?.open, items?.close].every(inText) &&
    Number.isInteger(keysOutsideItems) &&
    Array.isArray(items?.spans) &&
    items.spans.length % 3 === 0 &&
    items.spans.every(inText)
  );
}

/** A part as the worker protocol promises it; anything else is a failed file, loaded again. */
function isFilePart(part: unknown): part is FilePart {
  if (typeof part !== 'object' || part === null) return false;
  const { manifests, generated } = part as Partial<FilePart>;
  if (!Array.isArray(generated) || typeof manifests !== 'object' || manifests === null) return false;
  const template = emptyManifests();
  return (Object.keys(template) as Array<keyof Manifests>).every((key) =>
    Array.isArray(template[key]) ? Array.isArray(manifests[key]) : typeof manifests[key] === typeof template[key],
  );
}

interface SlotEvents {
  onReply(slot: Slot, reply: LoadReply): void;
  onFailure(slot: Slot): void;
}

/** A started worker, or undefined when it cannot start (the main thread then does its share). */
function startSlot(url: URL, workerData: LoadWorkerData, events: SlotEvents): Slot | undefined {
  let worker: Worker;
  try {
    worker = new Worker(url, { workerData });
  } catch {
    return undefined;
  }
  const slot: Slot = { worker, held: new Set(), alive: true };
  worker.on('message', (reply: LoadReply) => {
    if (slot.alive) events.onReply(slot, reply);
  });
  worker.on('error', () => events.onFailure(slot));
  worker.on('messageerror', () => events.onFailure(slot));
  worker.on('exit', () => events.onFailure(slot));
  return slot;
}

/**
 * The worker thread of the parallel loader: it receives file paths, reads and converts each one
 * alone (file-part.ts) and posts the part back. Started to scan Lists, it posts a file that is one
 * JSON List back read and scanned instead, for the main thread to convert. Importing this module on
 * the main thread does nothing but give the loader the message shapes and the worker's own URL,
 * which is how the loader finds the compiled file in whichever build it runs from (dist/, the
 * bench build).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { loadFilePart, scanOrLoadFilePart } from './file-part.js';
import type { FilePart, ScannedFile } from './file-part.js';

/** This module: the file a Worker is started from. A `.ts` URL means there is no compiled worker. */
export const LOAD_WORKER_URL = new URL(import.meta.url);

/** What the worker is started with. */
export interface LoadWorkerData {
  role: typeof ROLE;
  defaultNamespace: string;
  /** Post JSON List files back scanned instead of converted. */
  scanLists: boolean;
}

/** One file to load; `index` is its place in the input order. */
export interface LoadTask {
  index: number;
  path: string;
}

/** The answer to one task: its part, the file scanned, or why neither (the main thread then loads the file). */
export type LoadReply = { index: number; part: FilePart } | { index: number; scanned: ScannedFile } | { index: number; error: string };

const ROLE = 'kreach-load-worker';

export function loadWorkerData(defaultNamespace: string, scanLists: boolean): LoadWorkerData {
  return { role: ROLE, defaultNamespace, scanLists };
}

function isLoadWorkerData(data: unknown): data is LoadWorkerData {
  return typeof data === 'object' && data !== null && (data as { role?: unknown }).role === ROLE;
}

// Tasks are answered one at a time, in the order they arrive.
if (!isMainThread && parentPort && isLoadWorkerData(workerData)) {
  const port = parentPort;
  const { defaultNamespace, scanLists } = workerData;
  const answer = async (path: string) => (scanLists ? scanOrLoadFilePart(path, defaultNamespace) : { part: await loadFilePart(path, defaultNamespace) });
  let queue = Promise.resolve();
  port.on('message', (task: LoadTask) => {
    queue = queue.then(async () => {
      try {
        // Posting clones the part; a part that cannot be cloned is answered with the error too.
        port.postMessage({ index: task.index, ...(await answer(task.path)) } satisfies LoadReply);
      } catch (error) {
        const reply: LoadReply = { index: task.index, error: error instanceof Error ? error.message : String(error) };
        port.postMessage(reply);
      }
    });
  });
}

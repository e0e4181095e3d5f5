/**
 * What `-f` names → the texts to parse, the way kubectl expands it: each value may be a
 * comma-separated list; `-` is standard input (read once); a folder yields its `.json`, `.yaml` and
 * `.yml` files in name order, descending into subfolders only with `-R`; a file named directly is
 * read whatever its extension. Problems (a missing path, a file over the size limit) are findings,
 * never exceptions.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Finding, SourceRef } from '../model/index.js';
import { CODE, MSG } from './messages.js';
import { MAX_FILE_BYTES } from './yaml.js';

/** kubectl's `FileExtensions` (k8s.io/cli-runtime resource/visitor.go); matched case-sensitively. */
export const MANIFEST_EXTENSIONS: readonly string[] = ['.json', '.yaml', '.yml'];

/** The name findings use for standard input. */
export const STDIN_NAME = '<stdin>';

export type InputSource = { kind: 'file'; path: string } | { kind: 'stdin' };

export interface InputText {
  /** The path as the user gave it (joined under a folder), or `<stdin>`. */
  file: string;
  text: string;
}

type Report = (finding: Finding) => void;

/** Split `-f` values on commas, as kubectl's string-slice flag does; empty parts are dropped. */
export function splitInputs(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(',')).map((part) => part.trim()).filter((part) => part !== '');
}

/** Every source `values` name, in order. */
export async function resolveInputs(
  values: readonly string[],
  options: { recursive: boolean },
  report: Report,
): Promise<InputSource[]> {
  const out: InputSource[] = [];
  let stdinSeen = false;
  for (const value of splitInputs(values)) {
    if (value === '-') {
      if (stdinSeen) report({ code: CODE.inputStdinRepeated, severity: 'warning', message: MSG.stdinTwice() });
      else out.push({ kind: 'stdin' });
      stdinSeen = true;
      continue;
    }
    if (/^https?:\/\//i.test(value)) {
      report({ code: CODE.inputUnreadable, severity: 'error', message: MSG.inputUrl(value) });
      continue;
    }
    const info = await stat(value).catch((error: unknown) => error as NodeJS.ErrnoException);
    if (info instanceof Error) {
      report(statFinding(value, info));
    } else if (info.isDirectory()) {
      const files: string[] = [];
      await listFolder(value, options.recursive, files, report);
      // A folder without manifests is most likely a wrong path: an input error, as kubectl's "no objects passed".
      if (files.length === 0) report({ code: CODE.inputNoManifests, severity: 'error', message: MSG.inputNoManifests(value) });
      out.push(...files.map((path): InputSource => ({ kind: 'file', path })));
    } else {
      out.push({ kind: 'file', path: value });
    }
  }
  return out;
}

/**
 * Manifest files under `dir` in the order filepath.Walk visits them (entries sorted by name,
 * subfolders entered where they sort). Symbolic links to folders are not followed, as Walk does not.
 */
async function listFolder(dir: string, recursive: boolean, out: string[], report: Report): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => error as NodeJS.ErrnoException);
  if (entries instanceof Error) {
    report(statFinding(dir, entries));
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) await listFolder(path, recursive, out, report);
      continue;
    }
    if (!MANIFEST_EXTENSIONS.includes(extname(entry.name))) continue;
    if (entry.isFile()) out.push(path);
    else if (entry.isSymbolicLink() && (await stat(path).catch(() => undefined))?.isFile()) out.push(path);
  }
}

/** Read one source; undefined (and a finding) when it cannot be read or is over the size limit. */
export async function readInput(
  source: InputSource,
  stdin: string | NodeJS.ReadableStream,
  report: Report,
): Promise<InputText | undefined> {
  if (source.kind === 'stdin') {
    const text = typeof stdin === 'string' ? stdin : await readStream(stdin, MAX_FILE_BYTES);
    if (text === undefined || Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES) {
      report({
        code: CODE.inputTooLarge,
        severity: 'error',
        message: MSG.inputTooLarge(STDIN_NAME, MAX_FILE_BYTES),
        source: startOf(STDIN_NAME),
      });
      return undefined;
    }
    return { file: STDIN_NAME, text: stripBom(text) };
  }
  const { path } = source;
  try {
    const info = await stat(path);
    if (info.size > MAX_FILE_BYTES) {
      report({
        code: CODE.inputTooLarge,
        severity: 'error',
        message: MSG.inputTooLarge(path, MAX_FILE_BYTES),
        source: startOf(path),
      });
      return undefined;
    }
    // Decoded at once, not per chunk as readFile(path, 'utf8') does: one flat string, which the
    // parsers then read without first copying it together.
    return { file: path, text: stripBom((await readFile(path)).toString('utf8')) };
  } catch (error) {
    report(statFinding(path, error as NodeJS.ErrnoException));
    return undefined;
  }
}

/** The whole stream as text, or undefined once it passes `limit` bytes (reading stops there). */
async function readStream(stream: NodeJS.ReadableStream, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    size += buffer.length;
    if (size > limit) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function statFinding(path: string, error: NodeJS.ErrnoException): Finding {
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR') {
    return { code: CODE.inputNotFound, severity: 'error', message: MSG.inputNotFound(path) };
  }
  const cause = error.code ?? error.message;
  return { code: CODE.inputUnreadable, severity: 'error', message: MSG.inputUnreadable(path, cause), source: startOf(path) };
}

/** A file-level position: the file exists, the problem is not at any one line. */
function startOf(file: string): SourceRef {
  return { file, docIndex: 0, line: 1, col: 1 };
}

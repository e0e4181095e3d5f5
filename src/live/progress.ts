/**
 * The progress line of a live read: one line on stderr, rewritten in place, only when stderr is a
 * terminal (DESIGN.md: long work shows progress on a TTY and stays quiet when piped). Updates are
 * throttled so a fast read does not spend its time repainting.
 */

export interface Progress {
  update(text: string): void;
  /** Erase the line. */
  done(): void;
}

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** A progress line on `stream` (stderr) prefixed with `prefix`; silent unless it is a TTY. */
export function progressLine(stream: ProgressStream, prefix: string, intervalMs = 100, now = Date.now): Progress {
  if (stream.isTTY !== true) return { update: () => undefined, done: () => undefined };
  let last = 0;
  let shown = false;
  return {
    update(text) {
      const t = now();
      if (shown && t - last < intervalMs) return;
      last = t;
      shown = true;
      stream.write(`\r\x1b[K${prefix}${text}…`);
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}

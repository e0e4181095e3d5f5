/**
 * The query log of `kreach dns serve`: one line per received message, in the spirit of CoreDNS's
 * `log` plugin but shorter — who asked, what, over which transport, the response code, how many
 * answer records went back and how long it took. Dropped messages and failures get a line too, with
 * the reason, so a silent client can be told apart from a refused one. Every field that came off the
 * wire is already escaped by the decoder; free text (reasons, error messages) is JSON-quoted here so
 * no input can forge a second line.
 */

export interface QueryLogEntry {
  /** `127.0.0.1:53211` or `[::1]:53211`. */
  client: string;
  transport: 'udp' | 'tcp';
  /** Presentation form without the trailing dot (root is `''`); undefined when no question was read. */
  name?: string;
  /** Type mnemonic (`A`, `TYPE65534`). */
  type?: string;
  /** Response code sent (a relayed one too), or `DROP` when nothing was sent. */
  rcode: string;
  answers: number;
  latencyMs: number;
  /** Extra facts: `tc`, `forwarded`, or why it was dropped or failed. */
  flags?: string[];
  error?: string;
}

/** Receives finished log lines (no trailing newline). */
export type QueryLogSink = (line: string) => void;

/**
 * `127.0.0.1:53211 udp A web.default.svc.cluster.local. NOERROR answers=1 0.21ms tc error="…"`.
 */
export function formatQueryLog(entry: QueryLogEntry): string {
  const name = entry.name === undefined ? '-' : `${entry.name}.`;
  const parts = [entry.client, entry.transport, entry.type ?? '-', name, entry.rcode, `answers=${entry.answers}`, `${entry.latencyMs.toFixed(2)}ms`];
  for (const flag of entry.flags ?? []) parts.push(flag);
  if (entry.error !== undefined) parts.push(`error=${JSON.stringify(entry.error)}`);
  return parts.join(' ');
}

/** `host:port`, with IPv6 hosts in brackets. */
export function formatClient(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** A sink writing to a stream, one line each; a failed write never reaches the server. */
export function streamSink(stream: NodeJS.WritableStream): QueryLogSink {
  return (line) => {
    try {
      stream.write(line + '\n');
    } catch {
      // logging must never take the server down
    }
  };
}

/**
 * Query-log lines: field order, the root name, IPv6 clients, and free text that cannot break a line.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatClient, formatQueryLog, streamSink } from './query-log.js';

describe('formatQueryLog', () => {
  const rows: Array<{ name: string; entry: Parameters<typeof formatQueryLog>[0]; line: string }> = [
    {
      name: 'answered',
      entry: { client: '127.0.0.1:5000', transport: 'udp', name: 'web.default.svc.cluster.local', type: 'A', rcode: 'NOERROR', answers: 1, latencyMs: 0.123 },
      line: '127.0.0.1:5000 udp A web.default.svc.cluster.local. NOERROR answers=1 0.12ms',
    },
    { name: 'root name', entry: { client: 'c', transport: 'tcp', name: '', type: 'NS', rcode: 'REFUSED', answers: 0, latencyMs: 1 }, line: 'c tcp NS . REFUSED answers=0 1.00ms' },
    {
      name: 'dropped, with flags and an error holding a newline',
      entry: { client: 'c', transport: 'udp', rcode: 'DROP', answers: 0, latencyMs: 0, flags: ['tc'], error: 'bad\nline "x"' },
      line: 'c udp - - DROP answers=0 0.00ms tc error="bad\\nline \\"x\\""',
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      expect(formatQueryLog(row.entry)).toBe(row.line);
    });
  }

  it('brackets IPv6 clients', () => {
    expect(formatClient('::1', 53)).toBe('[::1]:53');
    expect(formatClient('10.0.0.1', 53)).toBe('10.0.0.1:53');
  });

  it('writes one line per call and survives a broken stream', () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c.toString()));
    streamSink(stream)('one');
    expect(chunks).toEqual(['one\n']);
    const broken = { write: () => { throw new Error('EPIPE'); } } as unknown as NodeJS.WritableStream;
    expect(() => streamSink(broken)('two')).not.toThrow();
  });
});

/**
 * The progress line: rewritten in place on a terminal, throttled, erased at the end, and silent
 * when stderr is piped.
 */
import { describe, expect, it } from 'vitest';
import { progressLine } from './progress.js';

describe('progressLine', () => {
  it('draws on a TTY, throttled, and erases itself', () => {
    const out: string[] = [];
    let now = 0;
    const p = progressLine({ isTTY: true, write: (t) => out.push(t) }, 'reading: ', 100, () => now);
    p.update('pods 500');
    now = 50;
    p.update('pods 1000'); // too soon: skipped
    now = 200;
    p.update('services');
    p.done();
    expect(out).toEqual(['\r\x1b[Kreading: pods 500…', '\r\x1b[Kreading: services…', '\r\x1b[K']);
  });

  it('writes nothing when not a TTY', () => {
    const out: string[] = [];
    const p = progressLine({ isTTY: false, write: (t) => out.push(t) }, 'reading: ');
    p.update('pods');
    p.done();
    expect(out).toEqual([]);
  });
});

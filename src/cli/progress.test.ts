import { describe, expect, it } from 'vitest';
import { manualClock } from '../platform/clock.ts';
import { progress } from './progress.ts';

const sink = (isTTY: boolean) => {
  const written: string[] = [];
  return { written, out: { isTTY, write: (t: string) => written.push(t) } };
};

describe('progress on standard error', () => {
  it('writes a line per 100,000 entries to a log, and nothing for a short walk', () => {
    const { out, written } = sink(false);
    const p = progress(out, { label: 'org_a', total: 250_000, unit: 'entries' });
    for (let done = 1_000; done <= 250_000; done += 1_000) p.update(done);
    p.end();
    expect(written).toEqual(['org_a: 100,000 of 250,000 entries checked (40 %)\n', 'org_a: 200,000 of 250,000 entries checked (80 %)\n']);

    const short = sink(false);
    const q = progress(short.out, { label: 'org_b', total: 99_000, unit: 'entries' });
    for (let done = 1_000; done <= 99_000; done += 1_000) q.update(done);
    q.end();
    expect(short.written).toEqual([]);
  });

  it('redraws one terminal line at most four times a second and clears it at the end', () => {
    const clock = manualClock();
    const { out, written } = sink(true);
    const p = progress(out, { label: 'org_a', total: 5_000, unit: 'entries' }, clock);
    p.update(1_000);
    expect(written).toEqual([]);
    clock.advance(250);
    p.update(2_000);
    clock.advance(100);
    p.update(3_000);
    clock.advance(150);
    p.update(4_000);
    p.end();
    expect(written).toEqual(['\r\x1b[2Korg_a: 2,000 of 5,000 entries checked (40 %)', '\r\x1b[2Korg_a: 4,000 of 5,000 entries checked (80 %)', '\r\x1b[2K']);
  });

  it('leaves a terminal untouched when the walk ended before the first redraw', () => {
    const { out, written } = sink(true);
    const p = progress(out, { label: 'org_a', total: 10, unit: 'entries' }, manualClock());
    p.update(10);
    p.end();
    expect(written).toEqual([]);
  });
});

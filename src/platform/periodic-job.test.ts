import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { periodicJob } from './periodic-job.ts';

describe('periodic job', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs the first pass after one interval (or firstAfterMs), then every interval', async () => {
    let passes = 0;
    const job = periodicJob({
      intervalMs: 1000,
      run: async () => {
        passes++;
      },
      onError: () => {},
    });
    job.start();
    await vi.advanceTimersByTimeAsync(999);
    expect(passes).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(passes).toBe(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(passes).toBe(3);
    await job.stop();
    const eager = periodicJob({
      intervalMs: 1000,
      firstAfterMs: 0,
      run: async () => {
        passes++;
      },
      onError: () => {},
    });
    eager.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toBe(4);
    await eager.stop();
  });

  it('never overlaps passes: the next interval starts when a slow pass has finished', async () => {
    let active = 0;
    let most = 0;
    let passes = 0;
    const job = periodicJob({
      intervalMs: 100,
      run: async () => {
        active++;
        most = Math.max(most, active);
        await new Promise((r) => setTimeout(r, 1000));
        active--;
        passes++;
      },
      onError: () => {},
    });
    job.start();
    await vi.advanceTimersByTimeAsync(100 + 1000 + 100 + 1000);
    expect(passes).toBe(2);
    expect(most).toBe(1);
    await job.stop();
  });

  it('stop() waits for the pass in flight, and no pass starts after it', async () => {
    let finished = false;
    let started = 0;
    const job = periodicJob({
      intervalMs: 10,
      run: async () => {
        started++;
        await new Promise((r) => setTimeout(r, 500));
        finished = true;
      },
      onError: () => {},
    });
    job.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(started).toBe(1);
    const stopping = job.stop();
    await vi.advanceTimersByTimeAsync(500);
    await stopping;
    expect(finished).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toBe(1);
  });

  it('reports a failed pass and keeps going', async () => {
    const errors: unknown[] = [];
    let passes = 0;
    const job = periodicJob({
      intervalMs: 10,
      run: async () => {
        passes++;
        if (passes === 1) throw new Error('database gone');
      },
      onError: (e) => errors.push(e),
    });
    job.start();
    await vi.advanceTimersByTimeAsync(20);
    expect(passes).toBe(2);
    expect(errors).toEqual([new Error('database gone')]);
    await job.stop();
  });

  it('starts the next pass at once after one that says more is left, and after the interval otherwise', async () => {
    const left = ['more', 'more', undefined];
    let passes = 0;
    const job = periodicJob({
      intervalMs: 60_000,
      firstAfterMs: 0,
      run: async () => left[passes++],
      onError: () => {},
    });
    job.start();
    // A timer of 0 fires after 1 ms (Node): three passes within a few ms, the third saying nothing is left.
    await vi.advanceTimersByTimeAsync(10);
    expect(passes).toBe(3);
    await vi.advanceTimersByTimeAsync(59_980);
    expect(passes).toBe(3);
    await vi.advanceTimersByTimeAsync(20);
    expect(passes).toBe(4);
    await job.stop();
  });
});

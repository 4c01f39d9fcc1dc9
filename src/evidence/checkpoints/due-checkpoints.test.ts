// The checkpoint cadence: every 100th entry, hourly when entries arrived, the first at once.
import { describe, expect, it } from 'vitest';
import { CHECKPOINT_EVERY_MS, MAX_CHECKPOINTS_PER_PASS, dueCheckpoints } from './due-checkpoints.ts';

const T = Date.UTC(2026, 11, 5, 9);

describe('dueCheckpoints', () => {
  it('makes nothing for an empty trail and a first checkpoint at the head at once', () => {
    expect(dueCheckpoints(0, undefined, T)).toEqual([]);
    expect(dueCheckpoints(7, undefined, T)).toEqual([{ seq: 7, cause: 'first' }]);
  });

  it('signs every 100th entry, however many arrived since the last pass', () => {
    expect(dueCheckpoints(99, { seq: 7, at: T }, T)).toEqual([]);
    expect(dueCheckpoints(100, { seq: 7, at: T }, T)).toEqual([{ seq: 100, cause: 'entries' }]);
    expect(dueCheckpoints(350, { seq: 100, at: T }, T)).toEqual([
      { seq: 200, cause: 'entries' },
      { seq: 300, cause: 'entries' },
    ]);
    expect(dueCheckpoints(250, { seq: 130, at: T }, T)).toEqual([{ seq: 200, cause: 'entries' }]);
    expect(dueCheckpoints(100_000, { seq: 1, at: T }, T)).toHaveLength(MAX_CHECKPOINTS_PER_PASS);
  });

  it('signs the head once an hour has passed with new entries, and not without them', () => {
    expect(dueCheckpoints(12, { seq: 7, at: T }, T + CHECKPOINT_EVERY_MS - 1)).toEqual([]);
    expect(dueCheckpoints(12, { seq: 7, at: T }, T + CHECKPOINT_EVERY_MS)).toEqual([{ seq: 12, cause: 'hourly' }]);
    expect(dueCheckpoints(7, { seq: 7, at: T }, T + 10 * CHECKPOINT_EVERY_MS)).toEqual([]);
  });
});

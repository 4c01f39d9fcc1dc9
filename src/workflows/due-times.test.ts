// Due-date arithmetic: the reminder points, the single reminder of short steps, and nothing after overdue.
import { describe, expect, it } from 'vitest';
import { DAY_MS, dueAtOf, dueWork, HOUR_MS, type RoundTimes } from './due-times.ts';

const round = (hours: number, patch: Partial<RoundTimes> = {}): RoundTimes => ({
  openedAt: 0,
  dueAt: hours * HOUR_MS,
  remindedHalfAt: null,
  remindedDayAt: null,
  overdueAt: null,
  ...patch,
});

describe('due times', () => {
  it('sets the due time from dueInHours, and none without it', () => {
    expect(dueAtOf({ dueInHours: 72 }, 1000)).toBe(1000 + 72 * HOUR_MS);
    expect(dueAtOf({}, 1000)).toBeNull();
  });

  it('reminds at half the time, then a day before, then marks the round overdue', () => {
    const r = round(96);
    expect(dueWork(r, 47 * HOUR_MS)).toBeUndefined();
    expect(dueWork(r, 48 * HOUR_MS)).toEqual({ kind: 'reminder', reminder: 'half' });
    expect(dueWork({ ...r, remindedHalfAt: 1 }, 60 * HOUR_MS)).toBeUndefined();
    expect(dueWork({ ...r, remindedHalfAt: 1 }, 72 * HOUR_MS)).toEqual({ kind: 'reminder', reminder: 'day_before' });
    expect(dueWork({ ...r, remindedHalfAt: 1, remindedDayAt: 1 }, 95 * HOUR_MS)).toBeUndefined();
    expect(dueWork({ ...r, remindedHalfAt: 1, remindedDayAt: 1 }, 96 * HOUR_MS)).toEqual({ kind: 'overdue' });
  });

  it('sends only the half-time reminder when a day before is not after it (a step due within 48 hours)', () => {
    const r = round(30);
    expect(dueWork(r, 6 * HOUR_MS)).toBeUndefined();
    expect(dueWork(r, 15 * HOUR_MS)).toEqual({ kind: 'reminder', reminder: 'half' });
    expect(dueWork({ ...r, remindedHalfAt: 1 }, 29 * HOUR_MS)).toBeUndefined();
    expect(dueWork(round(48), DAY_MS)).toEqual({ kind: 'reminder', reminder: 'half' });
    expect(dueWork({ ...round(48), remindedHalfAt: 1 }, DAY_MS + 1)).toBeUndefined();
  });

  it('after an outage sends the later reminder only, and nothing once overdue', () => {
    expect(dueWork(round(96), 80 * HOUR_MS)).toEqual({ kind: 'reminder', reminder: 'day_before' });
    expect(dueWork(round(96), 100 * HOUR_MS)).toEqual({ kind: 'overdue' });
    expect(dueWork(round(96, { overdueAt: 1 }), 200 * HOUR_MS)).toBeUndefined();
  });
});

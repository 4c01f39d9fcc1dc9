// Reminder periods: ISO 8601 weeks at the year boundaries, UTC days, and the mode in the key.
import { describe, expect, it } from 'vitest';
import { isoWeek, reminderPeriod } from './reminder-period.ts';

describe('reminderPeriod', () => {
  it('numbers weeks as ISO 8601 does, across year boundaries', () => {
    expect(isoWeek(Date.UTC(2026, 10, 23))).toBe('2026-W48'); // a Monday
    expect(isoWeek(Date.UTC(2026, 10, 29, 23, 59))).toBe('2026-W48'); // the Sunday after
    expect(isoWeek(Date.UTC(2026, 10, 30))).toBe('2026-W49');
    expect(isoWeek(Date.UTC(2021, 0, 3))).toBe('2020-W53'); // early January in last year's week 53
    expect(isoWeek(Date.UTC(2024, 11, 30))).toBe('2025-W01'); // late December in next year's week 1
    expect(isoWeek(Date.UTC(2026, 0, 1))).toBe('2026-W01');
  });

  it('keys soft reminders by week and hard ones by UTC day, with the mode in the key', () => {
    expect(reminderPeriod('soft', Date.UTC(2026, 10, 23, 12))).toBe('soft:2026-W48');
    expect(reminderPeriod('hard', Date.UTC(2026, 10, 23, 23, 59, 59))).toBe('hard:2026-11-23');
    expect(reminderPeriod('hard', Date.UTC(2026, 10, 24))).toBe('hard:2026-11-24');
  });
});

// Which reminder period a moment falls in (docs/guide.md §4: a weekly reminder under soft
// enforcement, a daily one under hard). The ledger's primary key is (user_id, period), so the
// period string is what makes "one reminder per user per period" hold across instances.
//
// Decision: the key carries the mode, `soft:2026-W48` or `hard:2026-11-23`. An organisation
// that moves from soft to hard during a week then sends the first daily reminder at once
// (the weekly one does not use up the day), and moving back to soft starts a fresh week
// instead of colliding with a day key. The cost is at most one extra reminder on the day the
// mode changes, which is the moment the user most needs to hear about it.
//
// Periods are in UTC, so every instance agrees whatever its time zone. ISO 8601 weeks start on
// Monday, and week 1 is the week holding the year's first Thursday, so late December can
// belong to week 1 of the next year and early January to week 52/53 of the last.

export type ReminderMode = 'soft' | 'hard';

export function reminderPeriod(mode: ReminderMode, nowMs: number): string {
  return mode === 'hard' ? `hard:${new Date(nowMs).toISOString().slice(0, 10)}` : `soft:${isoWeek(nowMs)}`;
}

/** ISO 8601 week date of a UTC moment, as `YYYY-Www`. */
export function isoWeek(nowMs: number): string {
  const d = new Date(nowMs);
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const weekday = day.getUTCDay() || 7; // Monday 1 … Sunday 7
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const year = day.getUTCFullYear();
  const week = Math.ceil(((day.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

// Due-date arithmetic, pure (issue 13 item 3): when a round is due, when its reminders are, and
// which reminder a moment calls for.
//
// Decision: reviewers who have not decided are reminded at half the time and a day before the
// due time. When "a day before" is not after the half-time point (a step due within 48 hours),
// only the half-time reminder is sent: two reminders hours apart, or one at the moment the
// step opens, would be noise. When the job missed both points (an outage), it sends the later
// one only; once the round is overdue no reminder is sent any more.
import type { StepDefinition } from './definitions.ts';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The due time of a round of this step opened at `openedAt`, or null when the step has none. */
export const dueAtOf = (step: Pick<StepDefinition, 'dueInHours'>, openedAt: number): number | null =>
  step.dueInHours ? openedAt + step.dueInHours * HOUR_MS : null;

export type ReminderKind = 'half' | 'day_before';
export type RoundTimes = { openedAt: number; dueAt: number; remindedHalfAt: number | null; remindedDayAt: number | null; overdueAt: number | null };

const halfTimeOf = (r: Pick<RoundTimes, 'openedAt' | 'dueAt'>) => r.openedAt + Math.floor((r.dueAt - r.openedAt) / 2);
/** Whether the round gets a day-before reminder besides the half-time one. */
export const hasDayBefore = (r: Pick<RoundTimes, 'openedAt' | 'dueAt'>) => r.dueAt - DAY_MS > halfTimeOf(r);

/** What the round needs at `now`: the overdue action, a reminder, or nothing. */
export function dueWork(r: RoundTimes, now: number): { kind: 'overdue' } | { kind: 'reminder'; reminder: ReminderKind } | undefined {
  if (r.overdueAt !== null) return undefined;
  if (now >= r.dueAt) return { kind: 'overdue' };
  if (hasDayBefore(r) && now >= r.dueAt - DAY_MS) return r.remindedDayAt === null ? { kind: 'reminder', reminder: 'day_before' } : undefined;
  if (now >= halfTimeOf(r) && r.remindedHalfAt === null) return { kind: 'reminder', reminder: 'half' };
  return undefined;
}

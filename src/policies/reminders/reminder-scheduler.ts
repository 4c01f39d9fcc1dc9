// The enrollment-reminder scheduler: every instance runs one, on a timer, and each pass walks
// the organisations one at a time (sendOrgReminders). Nothing is held in memory between
// passes: the ledger table is the state, so a restart, a crash half way, or several instances
// passing at the same moment neither lose nor duplicate a reminder (one per user per period).
//
// A periodic job (platform/periodic-job.ts), like the mail worker. The first pass waits a full
// interval after start(): reminders are
// weekly or daily, so ten minutes after boot is soon enough, and a freshly started instance
// (or a short-lived test server) does no reminder work before it has settled.
import { periodicJob } from '../../platform/periodic-job.ts';
import { sendOrgReminders, type RemindersDeps } from './send-org-reminders.ts';

/** How often each instance looks for reminders due. Periods are a day or a week long. */
const REMINDER_INTERVAL_MS = 10 * 60_000;

export type ReminderLog = { error(obj: object, msg: string): void };

export type ReminderScheduler = {
  /** One pass over every organisation now; returns how many reminders this call sent. */
  runOnce(): Promise<number>;
  /** Passes every `intervalMs` (the first after one interval) until stop(). */
  start(): void;
  /** Stops the timer and waits for a pass in flight. */
  stop(): Promise<void>;
};

export function createReminderScheduler(deps: RemindersDeps & { intervalMs?: number; log?: ReminderLog }): ReminderScheduler {
  async function runOnce(): Promise<number> {
    let sent = 0;
    for (const orgId of await deps.accounts.listOrganizationIds(deps.db)) {
      // One organisation's failure (a damaged row, a lost connection) does not stop the others;
      // the next pass retries it, and the ledger keeps what was already sent.
      try {
        sent += await sendOrgReminders(deps, orgId);
      } catch (err) {
        deps.log?.error({ orgId, error: err instanceof Error ? err.message : String(err) }, 'enrollment reminders failed for an organisation');
      }
    }
    return sent;
  }
  const job = periodicJob({
    intervalMs: deps.intervalMs ?? REMINDER_INTERVAL_MS,
    run: runOnce,
    onError: (err) => deps.log?.error({ error: err instanceof Error ? err.message : String(err) }, 'enrollment reminder pass failed'),
  });
  return { runOnce, start: job.start, stop: job.stop };
}

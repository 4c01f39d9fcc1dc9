// When an open step is due, as people read it: "Due in 5 hours" with the local date, time and
// zone, or an "Overdue" badge (a word and an icon, not a colour alone) with when it was due.
// Shared by the task list and the item page.
import { Badge } from '../../ui/badge.tsx';
import { formatDateTime } from '../../ui/format.ts';

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'always' });

/** "in 40 minutes", "in 5 hours", "in 3 days", "2 hours ago": minutes under 90, hours under 48, then days. */
export function relativeTo(iso: string, now: number): string {
  const ms = new Date(iso).getTime() - now;
  const minutes = Math.round(ms / 60_000);
  if (Math.abs(minutes) < 90) return relative.format(minutes, 'minute');
  const hours = Math.round(ms / 3_600_000);
  if (Math.abs(hours) < 48) return relative.format(hours, 'hour');
  return relative.format(Math.round(ms / 86_400_000), 'day');
}

export function ClockIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}

export function DueState({ dueAt, overdue, now = Date.now() }: { dueAt: string | null | undefined; overdue: boolean | undefined; now?: number }) {
  if (!dueAt) return <span className="muted">No due date</span>;
  const at = <time dateTime={dueAt}>{formatDateTime(dueAt)}</time>;
  if (overdue) {
    return (
      <span className="due-state" data-testid="due-state">
        <Badge tone="danger">
          <ClockIcon /> Overdue
        </Badge>
        <span className="cell-secondary">
          was due {relativeTo(dueAt, now)}, {at}
        </span>
      </span>
    );
  }
  return (
    <span className="due-state" data-testid="due-state">
      <span>Due {relativeTo(dueAt, now)}</span>
      <span className="cell-secondary">{at}</span>
    </span>
  );
}

// Per user type: how many of those in scope are enrolled, as one bar each (SVG rects sized by
// attributes; the rest of the bar is the not-yet-enrolled part).
import type { Coverage } from '../../../api/types.ts';
import { USER_TYPE_LABELS } from '../users/user-labels.ts';

const label = (t: string) => USER_TYPE_LABELS[t as keyof typeof USER_TYPE_LABELS] ?? t;

export function UserTypeBars({ rows }: { rows: Coverage['byUserType'] }) {
  if (rows.length === 0) return <p className="muted">Nobody is in scope yet.</p>;
  return (
    <ul className="type-bars" aria-label="Enrolled by user type">
      {rows.map((r) => {
        const share = r.inScope > 0 ? Math.min(1, r.enrolled / r.inScope) : 0;
        const text = r.inScope > 0 ? `${r.enrolled} of ${r.inScope} enrolled` : 'Nobody in scope';
        return (
          <li key={r.userType} className="type-bar">
            <span className="type-bar-name">{label(r.userType)}</span>
            <svg
              className="type-bar-svg"
              viewBox="0 0 100 10"
              preserveAspectRatio="none"
              width="100%"
              height="12"
              role="img"
              aria-label={`${label(r.userType)}: ${text}`}
            >
              <rect className="bar-track chart-not-enrolled" x="0" y="0" width="100" height="10" rx="0" />
              {share > 0 ? <rect className="bar-fill chart-enrolled" data-segment="enrolled" x="0" y="0" width={share * 100} height="10" /> : null}
            </svg>
            <span className="type-bar-count">{text}</span>
          </li>
        );
      })}
    </ul>
  );
}

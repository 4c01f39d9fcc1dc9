// Coverage (docs/guide.md §3, §4): of the users a policy covers, how many are enrolled, pending or
// not enrolled, per user type, and how many reminder emails went out; then the people outside
// every policy's scope who use 2FA anyway or were added, so the chart's numbers and the lists
// below (which show everyone) add up and never seem to contradict each other. GET
// /admin/two-factor/coverage; a server without it (404) gets a friendly note, not an error.
import { useQuery } from '@tanstack/react-query';
import { describeError, isApiProblem } from '../../../api/problem.ts';
import { coverageQuery } from '../../../api/queries.ts';
import type { Coverage } from '../../../api/types.ts';
import { Link } from '../../../router.tsx';
import { Alert } from '../../../ui/alert.tsx';
import { Badge } from '../../../ui/badge.tsx';
import { Loading } from '../../../ui/loading.tsx';
import { CoverageDonut } from './coverage-donut.tsx';
import { UserTypeBars } from './user-type-bars.tsx';

const MODE_LABELS: Record<Coverage['mode'], string> = { off: 'Enforcement off', soft: 'Soft enforcement', hard: 'Hard enforcement' };

const percent = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)}%` : '–');

export function CoveragePanel() {
  const coverage = useQuery(coverageQuery);
  const c = coverage.data;
  return (
    <section className="section" aria-labelledby="coverage-title">
      <div className="section-head">
        <h2 id="coverage-title" className="section-title">
          Coverage
          {c ? <Badge tone={c.mode === 'hard' ? 'danger' : c.mode === 'soft' ? 'warning' : 'neutral'}>{MODE_LABELS[c.mode]}</Badge> : null}
          {c?.locked ? <Badge tone="accent">Mandatory: financial integration</Badge> : null}
        </h2>
        <p className="muted">
          The chart counts only the people in scope of a policy (sign-in or enforcement), and how far their enrollment has come. Policies are in{' '}
          <Link to="/admin/settings">Settings</Link>.
        </p>
      </div>
      {!c ? (
        coverage.isFetching ? (
          <Loading label="Loading coverage…" />
        ) : isApiProblem(coverage.error) && coverage.error.status === 404 ? (
          <Alert tone="info" title="Coverage figures are not available yet">
            This Signoff server does not report coverage yet. The lists of pending, active and not-enrolled users below are complete.
          </Alert>
        ) : coverage.error ? (
          <Alert tone="error" title="Coverage could not be loaded">
            {describeError(coverage.error)}
          </Alert>
        ) : null
      ) : (
        <div className="panel coverage">
          <div className="coverage-overview">
            <CoverageDonut
              caption={`In scope of a policy: ${c.inScope}; of them ${c.enrolled} enrolled, ${c.pending} pending, ${c.notEnrolled} not enrolled`}
              center={percent(c.enrolled, c.enrolled + c.pending + c.notEnrolled)}
              segments={[
                { key: 'enrolled', label: 'Enrolled', value: c.enrolled },
                { key: 'pending', label: 'Pending', value: c.pending },
                { key: 'not-enrolled', label: 'Not enrolled', value: c.notEnrolled },
              ]}
            />
            <dl className="stat-grid">
              <div className="stat">
                <dt>In scope of a policy</dt>
                <dd className="stat-value">{c.inScope}</dd>
              </div>
              <div className="stat stat-enrolled">
                <dt>
                  <span className="legend-dot chart-enrolled" aria-hidden="true" />
                  <span>Enrolled in scope</span>
                </dt>
                <dd className="stat-value">{c.enrolled}</dd>
              </div>
              <div className="stat stat-pending">
                <dt>
                  <span className="legend-dot chart-pending" aria-hidden="true" />
                  <span>Pending in scope</span>
                </dt>
                <dd className="stat-value">{c.pending}</dd>
              </div>
              <div className="stat stat-not-enrolled">
                <dt>
                  <span className="legend-dot chart-not-enrolled" aria-hidden="true" />
                  <span>Not enrolled in scope</span>
                </dt>
                <dd className="stat-value">{c.notEnrolled}</dd>
              </div>
              {c.outsideScope ? (
                <div className="stat stat-wide" data-testid="coverage-outside-scope">
                  <dt>Outside every policy's scope</dt>
                  <dd className="stat-value">
                    {c.outsideScope.enrolled} <span className="stat-unit">{c.outsideScope.enrolled === 1 ? 'person uses' : 'people use'} 2FA anyway</span>
                  </dd>
                  <dd className="stat-note">{c.outsideScope.pending} pending. Not in the chart; the lists below show everyone.</dd>
                </div>
              ) : null}
              <div className="stat stat-wide">
                <dt>Reminder emails</dt>
                <dd className="stat-value">
                  {c.remindersSent.last7Days} <span className="stat-unit">in the last 7 days</span>
                </dd>
                <dd className="stat-note">{c.remindersSent.total} in total</dd>
              </div>
            </dl>
          </div>
          <div className="coverage-types">
            <h3 className="subsection-title">By user type</h3>
            <UserTypeBars rows={c.byUserType} />
          </div>
        </div>
      )}
    </section>
  );
}

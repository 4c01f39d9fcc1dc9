// "Why 2FA is required for this user": GET /admin/users/{id}/two-factor, in words. The server
// names each reason ('role:admin', 'group:<id>', 'financial_integration', …) and the UI
// writes it out, with group names from the groups list.
import { describeError } from '../../../api/problem.ts';
import { useQuery } from '@tanstack/react-query';
import type { Group, TwoFactorExplanation } from '../../../api/types.ts';
import { userTwoFactorQuery } from '../../../api/queries.ts';
import { Alert } from '../../../ui/alert.tsx';
import { Badge } from '../../../ui/badge.tsx';
import { Loading } from '../../../ui/loading.tsx';
import { describeReason } from '../policies/scope-labels.ts';
import { FACTOR_TYPE_LABELS, METHOD_LABELS } from '../../security/method-labels.ts';

const MODE_TEXT = {
  soft: 'Soft enforcement applies (a skippable prompt on every page, a weekly reminder)',
  hard: 'Hard enforcement applies (nothing but setup until enrolled, a daily reminder)',
} as const;

export function UserTwoFactor({ userId, groups }: { userId: string; groups: readonly Group[] }) {
  const explained = useQuery(userTwoFactorQuery(userId));
  const e = explained.data;
  const required = !!e && (e.login.inScope || e.enforcement.required);
  return (
    <section className="user-2fa" aria-labelledby="user-2fa-title">
      <h3 id="user-2fa-title" className="subsection-title">
        {!e || required ? 'Why 2FA is required for this user' : 'Two-factor authentication for this user'}
      </h3>
      {explained.error ? (
        <Alert tone="error" title="This could not be loaded">
          {describeError(explained.error)}
        </Alert>
      ) : null}
      {!e ? explained.isFetching ? <Loading label="Checking the policies…" /> : null : <Explanation e={e} groups={groups} required={required} />}
    </section>
  );
}

function Reasons({ reasons, groups }: { reasons: string[]; groups: readonly Group[] }) {
  return (
    <ul className="reason-list">
      {reasons.map((r) => (
        <li key={r}>{describeReason(r, { groups })}</li>
      ))}
    </ul>
  );
}

function Explanation({ e, groups, required }: { e: TwoFactorExplanation; groups: readonly Group[]; required: boolean }) {
  const loginScope = e.login.reasons.filter((r) => r !== 'has_active_factor');
  return (
    <div className="user-2fa-body">
      <p className="user-2fa-status">
        {e.enrolled ? <Badge tone="success">Enrolled</Badge> : <Badge tone={required ? 'danger' : 'neutral'}>Not enrolled</Badge>}
        {e.methods.length ? (
          <span className="muted"> with {e.methods.map((m) => FACTOR_TYPE_LABELS[m] ?? METHOD_LABELS[m as keyof typeof METHOD_LABELS] ?? m).join(', ')}</span>
        ) : null}
      </p>
      {!required ? <p className="muted">No policy requires two-factor authentication of this user.</p> : null}
      <dl className="explain-list">
        <div className="explain-item">
          <dt>At sign-in</dt>
          <dd>
            {loginScope.length ? (
              <>
                Required by the sign-in policy, because of:
                <Reasons reasons={loginScope} groups={groups} />
              </>
            ) : e.login.required ? (
              'Asked for, because the user has a second factor (no sign-in policy covers them).'
            ) : (
              'Not required: no sign-in policy covers this user.'
            )}
          </dd>
        </div>
        <div className="explain-item">
          <dt>Enrollment enforcement</dt>
          <dd>
            {e.enforcement.mode === 'off' ? (
              'Off for the organisation.'
            ) : e.enforcement.required ? (
              <>
                {MODE_TEXT[e.enforcement.mode]}
                {e.enforcement.locked ? ', mandatory while a financial integration is connected' : ''}, because of:
                <Reasons reasons={e.enforcement.reasons} groups={groups} />
                {e.enrolled ? <span className="muted">Already enrolled, so nothing is asked of them.</span> : null}
              </>
            ) : (
              `Enforcement is ${e.enforcement.mode}, but this user is not in its scope.`
            )}
          </dd>
        </div>
        <div className="explain-item">
          <dt>At protected steps</dt>
          <dd>Accepted methods: {e.stepUpMethods.map((m) => METHOD_LABELS[m as keyof typeof METHOD_LABELS] ?? m).join(', ')}.</dd>
        </div>
      </dl>
    </div>
  );
}

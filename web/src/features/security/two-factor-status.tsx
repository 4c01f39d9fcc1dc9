// The banner atop the Security page: two-factor authentication is on or off, and what that means.
import { isEnrolled } from './my-factors.ts';
import { useMyFactors } from './use-my-factors.ts';

export function TwoFactorStatus() {
  const enrolled = isEnrolled(useMyFactors()?.factors ?? []);
  return (
    <div className={`status-banner ${enrolled ? 'status-on' : 'status-off'}`} role="status">
      <span className="status-dot" aria-hidden="true" />
      <div>
        <p className="status-title">Two-factor authentication is {enrolled ? 'on' : 'off'}</p>
        <p className="muted">
          {enrolled
            ? 'You are asked for a second factor when you sign in, and again when a decision needs it.'
            : 'Set up an authenticator app (recommended), a passkey or an email address below.'}
        </p>
      </div>
    </div>
  );
}

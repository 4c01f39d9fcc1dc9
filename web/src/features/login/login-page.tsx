import { useCallback } from 'react';
import type { LoginResult } from '../../api/types.ts';
import { navigate, useLocation } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { useSession } from '../session/session-context.tsx';
import { AuthLayout } from '../shell/auth-layout.tsx';
import { LoginForm } from './login-form.tsx';
import { nextLoginStep, safeNext } from './login-steps.ts';
import { describeSsoError } from './sso-errors.ts';
import { SsoSignIn } from './sso-sign-in.tsx';

const NOTICES: Record<string, string> = {
  reset: 'Your password has been changed. Sign in with the new one.',
  invite: 'Your password is set. Sign in to start using Signoff.',
  expired: 'Your session has ended. Sign in again to continue.',
  recovered: 'Your second factors were removed and you were signed out everywhere. Sign in to set two-factor authentication up again.',
};

export function LoginPage() {
  const { search } = useLocation();
  const { signedIn } = useSession();
  const notice = NOTICES[new URLSearchParams(search).get('notice') ?? ''];
  const ssoError = describeSsoError(new URLSearchParams(search).get('sso_error'));

  const onSignedIn = useCallback(
    async (result: LoginResult) => {
      await signedIn(result);
      // Second-factor and enrollment steps are rendered by the app for any signed-in,
      // not-yet-active session (keeping ?next= for afterwards); home is where an active one lands.
      const step = nextLoginStep(result.state);
      const next = new URLSearchParams(search).get('next');
      const keep = next ? `?${new URLSearchParams({ next }).toString()}` : '';
      navigate(step === 'done' ? safeNext(search) : step === 'enrollment' ? `/login/two-factor-setup${keep}` : `/login/second-factor${keep}`, {
        replace: true,
      });
    },
    [signedIn, search],
  );

  return (
    <AuthLayout title="Sign in to Signoff" subtitle="Approvals for your organisation, with a second factor where it matters.">
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {ssoError ? (
        <Alert tone="error" title="Could not sign in with single sign-on">
          {ssoError}
        </Alert>
      ) : null}
      <LoginForm onSignedIn={onSignedIn} />
      <SsoSignIn />
    </AuthLayout>
  );
}

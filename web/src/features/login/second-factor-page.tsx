import { useState } from 'react';
import type { SessionState } from '../../api/types.ts';
import { navigate } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { useSession } from '../session/session-context.tsx';
import { AuthLayout } from '../shell/auth-layout.tsx';

/**
 * Step two of login, for sessions whose state is not `active`. A placeholder until second
 * factors land: it will offer the methods from the login response (authenticator code,
 * backup code, email code, security key) and POST /auth/second-factor.
 */
export function SecondFactorPage({ state }: { state: SessionState }) {
  const { signOut } = useSession();
  const [busy, setBusy] = useState(false);
  const enrollment = state === 'enrollment_required';

  const cancel = async () => {
    setBusy(true);
    try {
      await signOut();
    } finally {
      navigate('/login', { replace: true });
    }
  };

  return (
    <AuthLayout title={enrollment ? 'Set up two-factor authentication' : 'Second factor required'}>
      <Alert tone="info">
        {enrollment
          ? 'Your organisation requires two-factor authentication before you continue. Setting it up from the web app is coming soon; ask your administrator for help in the meantime.'
          : 'Your organisation asks for a second factor to finish signing in. Entering it from the web app is coming soon; ask your administrator for help in the meantime.'}
      </Alert>
      <Button variant="secondary" busy={busy} onClick={cancel} className="btn-block">
        Sign out
      </Button>
    </AuthLayout>
  );
}

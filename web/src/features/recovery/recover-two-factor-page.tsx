// /recover-2fa#token=…: the link from "Lost your device?". Using it removes every second factor
// and trusted device and ends every session; it never signs anyone in, so afterwards the user
// signs in with the password and sets 2FA up again. The click is explicit (mail scanners open
// links), and the token leaves the address bar once read.
import { useEffect, useState } from 'react';
import { confirmTwoFactorRecovery } from '../../api/factors.ts';
import { describeError, isApiProblem } from '../../api/problem.ts';
import { Link, navigate } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { forgetResetFragment, readResetFragment } from '../password-reset/read-reset-fragment.ts';
import { useSession } from '../session/session-context.tsx';
import { AuthLayout } from '../shell/auth-layout.tsx';

export function RecoverTwoFactorPage() {
  const { forget } = useSession();
  const [token] = useState(() => readResetFragment(window.location.hash).token);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  useEffect(forgetResetFragment, []);

  const confirm = async () => {
    if (!token) return;
    setBusy(true);
    setError(undefined);
    try {
      await confirmTwoFactorRecovery(token);
      forget();
      navigate('/login?notice=recovered', { replace: true });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const back = (
    <Link to="/login" className="text-link">
      Back to sign in
    </Link>
  );
  const invalid = !token || (isApiProblem(error) && error.code === 'reset_token_invalid');

  return (
    <AuthLayout title="Reset two-factor authentication" footer={back}>
      {invalid ? (
        <Alert tone="error" title="This link is not valid any more">
          Recovery links work once and expire after 24 hours. Sign in and choose “Lost your device?” to get a new one.
        </Alert>
      ) : (
        <>
          {error ? (
            <Alert tone="error" title="Nothing was changed">
              {describeError(error)}
            </Alert>
          ) : null}
          <p>
            This removes every second factor from your account — authenticator app, passkeys, email codes and backup codes — forgets your trusted devices and
            signs you out everywhere.
          </p>
          <p>Then sign in with your password and set two-factor authentication up again.</p>
          <Button variant="danger" busy={busy} className="btn-block" onClick={confirm}>
            Remove my second factors
          </Button>
        </>
      )}
    </AuthLayout>
  );
}

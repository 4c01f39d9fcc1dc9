// Signed in with the password, but the organisation requires 2FA and this user has none yet
// (session state `enrollment_required`): set up a first factor here, save the backup codes,
// then continue into the app (the activation rotated the session to `active`).
import { useCallback, useState } from 'react';
import { startTotp } from '../../api/factors.ts';
import { describeError, isApiProblem } from '../../api/problem.ts';
import type { Activated, Proof, TotpStart, User } from '../../api/types.ts';
import { navigate, useLocation } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { safeNext } from '../login/login-steps.ts';
import { useSession } from '../session/session-context.tsx';
import { AuthLayout } from '../shell/auth-layout.tsx';
import { BackupCodesView } from './backup-codes-view.tsx';
import { EmailSetup } from './email-setup.tsx';
import { PasskeySetup } from './passkey-setup.tsx';
import { NotifyAdminsButton } from './notify-admins.tsx';
import { TotpSetup } from './totp-setup.tsx';

type Step =
  | { kind: 'choose' }
  | { kind: 'totp'; start: TotpStart }
  | { kind: 'email' }
  | { kind: 'passkey' }
  | { kind: 'codes'; codes: string[] }
  | { kind: 'not-enabled' };

// No factor yet, so nothing to step up with: calls go straight through.
const direct = <T,>(call: (proof?: Proof) => Promise<T>) => call(undefined);

export function EnrollmentPage({ user }: { user: User }) {
  const { signedIn, signOut, rotated, status } = useSession();
  const { search } = useLocation();
  // One who may not set up (admin-controlled, not added) sees the way forward at once, not after a refusal.
  const canEnroll = status.kind !== 'signed-in' || status.session.enforcement.canEnroll;
  const [step, setStep] = useState<Step>(canEnroll ? { kind: 'choose' } : { kind: 'not-enabled' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const finish = useCallback(
    async (csrfToken?: string) => {
      await signedIn({ csrfToken, state: 'active', user });
      navigate(safeNext(search), { replace: true });
    },
    [signedIn, user, search],
  );

  const onActivated = useCallback(
    (r: Activated) => {
      rotated(r.csrfToken);
      if (r.backupCodes?.length) setStep({ kind: 'codes', codes: r.backupCodes });
      else void finish(r.csrfToken);
    },
    [rotated, finish],
  );

  /** Admin-controlled organisations refuse users nobody added: say so, and offer to notify the admins. */
  const guarded = async <T,>(call: (proof?: Proof) => Promise<T>): Promise<T | undefined> => {
    try {
      return await direct(call);
    } catch (e) {
      if (isApiProblem(e) && e.code === 'two_factor_not_enabled_for_account') {
        setStep({ kind: 'not-enabled' });
        return undefined;
      }
      throw e;
    }
  };

  const chooseTotp = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const start = await guarded((p) => startTotp(p));
      if (start) setStep({ kind: 'totp', start });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    await signOut();
    navigate('/login', { replace: true });
  };
  const back = () => setStep({ kind: 'choose' });
  const signOutLink = (
    <button type="button" className="link-button" onClick={cancel}>
      Sign out
    </button>
  );

  switch (step.kind) {
    case 'choose':
      return (
        <AuthLayout
          title="Set up two-factor authentication"
          subtitle="Your organisation requires a second factor for your account. It takes about a minute."
          footer={signOutLink}
        >
          {error ? <Alert tone="error">{describeError(error)}</Alert> : null}
          <div className="choice-list">
            <button type="button" className="choice" onClick={chooseTotp} disabled={busy}>
              <span className="choice-title">
                Authenticator app <span className="badge badge-accent">Recommended</span>
              </span>
              <span className="choice-text">Scan a QR code with an app such as Google Authenticator, Microsoft Authenticator or 1Password.</span>
            </button>
            <button type="button" className="choice" onClick={() => setStep({ kind: 'passkey' })} disabled={busy}>
              <span className="choice-title">Passkey or security key</span>
              <span className="choice-text">Use your device's screen lock or a hardware key.</span>
            </button>
            <button type="button" className="choice" onClick={() => setStep({ kind: 'email' })} disabled={busy}>
              <span className="choice-title">Email codes</span>
              <span className="choice-text">Receive a one-time code by email each time you sign in.</span>
            </button>
          </div>
        </AuthLayout>
      );
    case 'totp':
      return (
        <AuthLayout title="Set up your authenticator app" footer={signOutLink} wide>
          <TotpSetup start={step.start} onActivated={onActivated} onCancel={back} />
        </AuthLayout>
      );
    case 'email':
      return (
        <AuthLayout title="Receive codes by email" footer={signOutLink}>
          <EmailSetup defaultEmail={user.email} run={guarded} onActivated={onActivated} onCancel={back} />
        </AuthLayout>
      );
    case 'passkey':
      return (
        <AuthLayout title="Add a passkey" footer={signOutLink}>
          <PasskeySetup run={guarded} onActivated={onActivated} onCancel={back} />
        </AuthLayout>
      );
    case 'codes':
      return (
        <AuthLayout title="Two-factor authentication is on" subtitle="One last step: save your backup codes." wide>
          <BackupCodesView codes={step.codes} who={user.email} onDone={() => void finish()} doneLabel="Continue to Signoff" />
        </AuthLayout>
      );
    case 'not-enabled':
      return (
        <AuthLayout title="Your administrator manages two-factor authentication" footer={signOutLink}>
          <Alert tone="info">
            Your organisation requires two-factor authentication, and only an administrator can turn it on for an account. They have not done so for yours yet:
            ask them, and set it up here once they have.
          </Alert>
          <NotifyAdminsButton />
        </AuthLayout>
      );
  }
}

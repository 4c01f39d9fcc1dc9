// Step two of login, for a session in `second_factor_required`: one of the methods the login
// offered (authenticator code, passkey, email code, backup code), optionally trusting this
// browser, or — device lost — a recovery link by email.
import { useState, type FormEvent } from 'react';
import { completeSecondFactor, emailLoginCode, openLoginPasskeyChallenge } from '../../api/factors.ts';
import { codeRefusalMessage, describeError, isApiProblem } from '../../api/problem.ts';
import type { Method, Proof, User } from '../../api/types.ts';
import { getPasskeyAssertion } from '../../api/webauthn.ts';
import { navigate, useLocation } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Checkbox } from '../../ui/checkbox.tsx';
import { CodeField, codeDigits } from '../../ui/code-field.tsx';
import { useCountdown } from '../../ui/use-countdown.ts';
import { useFieldError } from '../../ui/use-field-errors.ts';
import { orderMethods } from '../security/method-labels.ts';
import { useSession } from '../session/session-context.tsx';
import { AuthLayout } from '../shell/auth-layout.tsx';
import { loginMethods, safeNext } from './login-steps.ts';
import { RecoveryRequest } from './recovery-request.tsx';
import { formatWait } from '../../ui/format.ts';

const SUBTITLES: Record<Method, string> = {
  totp: 'Enter the 6-digit code from your authenticator app.',
  webauthn: 'Use your passkey or security key to finish signing in.',
  email_code: 'We emailed you a one-time code. It expires in 10 minutes.',
  backup_code: 'Enter one of your 8-digit backup codes. Each code works once.',
};

const SWITCH_LABELS: Record<Method, string> = {
  totp: 'Use your authenticator app',
  webauthn: 'Use a passkey',
  email_code: 'Email me a code',
  backup_code: 'Use a backup code',
};

export function SecondFactorPage({ user }: { user: User }) {
  const { signedIn, signOut, rotated, status } = useSession();
  const { search } = useLocation();
  const session = status.kind === 'signed-in' ? status.session : undefined;
  const methods = orderMethods(loginMethods(session?.methods ?? []));
  const trustDays = session?.trustedDeviceDays ?? null;
  const [method, setMethod] = useState<Method>(methods[0] ?? 'totp');
  const [code, setCode] = useState('');
  const [challengeId, setChallengeId] = useState<string>();
  const [sentTo, setSentTo] = useState<string>();
  const [trust, setTrust] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  // Typing another code hides the message about the refused one (use-field-errors.ts).
  const [fieldError, setFieldError] = useFieldError(code);
  const [blockedUntil, setBlockedUntil] = useState<number>();
  const [recovering, setRecovering] = useState(false);
  const wait = useCountdown(blockedUntil);

  const fail = (e: unknown) => {
    if (isApiProblem(e) && e.code === 'too_many_attempts') setBlockedUntil(Date.now() + (e.retryAfter ?? 60) * 1000);
    if (isApiProblem(e) && e.code === 'second_factor_invalid') {
      setFieldError(
        method === 'webauthn'
          ? undefined
          : method === 'backup_code'
            ? 'That backup code is not valid or was already used.'
            : method === 'totp'
              ? codeRefusalMessage(e)
              : "That code didn't work. Check it and try again.",
      );
      setError(method === 'webauthn' ? e : undefined);
    } else {
      setFieldError(undefined);
      setError(e);
    }
  };

  const finish = async (proof: Proof) => {
    const result = await completeSecondFactor({ ...proof, trustDevice: trust });
    rotated(result.csrfToken);
    await signedIn({ csrfToken: result.csrfToken, state: 'active', user });
    navigate(safeNext(search), { replace: true });
  };

  const submitCode = async (e: FormEvent) => {
    e.preventDefault();
    const digits = codeDigits(code);
    const want = method === 'backup_code' ? 8 : 6;
    if (!new RegExp(`^\\d{${want}}$`).test(digits)) {
      setFieldError(`Enter the ${want}-digit code.`);
      return;
    }
    setBusy(true);
    setError(undefined);
    setFieldError(undefined);
    try {
      await finish({ method, code: digits, ...(method === 'email_code' && challengeId ? { challengeId } : {}) });
    } catch (err) {
      setCode('');
      fail(err);
      setBusy(false);
    }
  };

  const usePasskey = async () => {
    setMethod('webauthn');
    setBusy(true);
    setError(undefined);
    setFieldError(undefined);
    try {
      const challenge = await openLoginPasskeyChallenge();
      const credential = await getPasskeyAssertion(challenge.webauthnOptions);
      await finish({ method: 'webauthn', challengeId: challenge.challengeId, credential });
    } catch (err) {
      fail(err);
      setBusy(false);
    }
  };

  const sendEmail = async () => {
    setMethod('email_code');
    setCode('');
    setBusy(true);
    setError(undefined);
    setFieldError(undefined);
    try {
      const sent = await emailLoginCode();
      setChallengeId(sent.challengeId);
      setSentTo(sent.sentTo);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const switchTo = (m: Method) => {
    if (m === 'webauthn') return void usePasskey();
    if (m === 'email_code') return void sendEmail();
    setMethod(m);
    setCode('');
    setError(undefined);
    setFieldError(undefined);
  };

  const cancel = async () => {
    await signOut();
    navigate('/login', { replace: true });
  };
  const footer = (
    <button type="button" className="link-button" onClick={cancel}>
      Not you? Sign out
    </button>
  );

  if (recovering) {
    return (
      <AuthLayout title="Lost your device?" footer={footer}>
        <RecoveryRequest
          onBack={() => setRecovering(false)}
          hasBackupCodes={methods.includes('backup_code')}
          onUseBackupCode={() => {
            setRecovering(false);
            switchTo('backup_code');
          }}
        />
      </AuthLayout>
    );
  }

  const tooMany = isApiProblem(error) && error.code === 'too_many_attempts';
  const others = methods.filter((m) => m !== method || (m === 'email_code' && !challengeId));
  const codeMethod = method === 'totp' || method === 'backup_code' || (method === 'email_code' && !!challengeId);

  return (
    <AuthLayout title="Two-factor authentication" subtitle={SUBTITLES[method]} footer={footer}>
      {tooMany ? (
        <Alert tone="error" title="Too many attempts">
          {wait > 0 ? `For your security, wait ${formatWait(wait)} before trying again.` : 'You can try again now.'}
        </Alert>
      ) : error ? (
        <Alert tone="error" title={method === 'webauthn' ? 'The passkey was not accepted' : 'Could not finish signing in'}>
          {describeError(error)}
        </Alert>
      ) : null}

      {codeMethod ? (
        <form className="form" onSubmit={submitCode} noValidate>
          <CodeField
            key={method}
            label={method === 'backup_code' ? 'Backup code' : method === 'email_code' ? 'Code from the email' : 'Authentication code'}
            value={code}
            onChange={setCode}
            error={fieldError}
            hint={method === 'email_code' && sentTo ? `Sent to ${sentTo}. It expires in 10 minutes.` : undefined}
            digits={method === 'backup_code' ? 8 : 6}
            autoComplete={method === 'backup_code' ? 'off' : 'one-time-code'}
            autoFocus
          />
          {trustDays !== null ? <TrustDevice days={trustDays} checked={trust} onChange={setTrust} /> : null}
          <Button type="submit" variant="primary" busy={busy} disabled={wait > 0} className="btn-block">
            Verify
          </Button>
        </form>
      ) : method === 'webauthn' ? (
        <div className="form">
          {trustDays !== null ? <TrustDevice days={trustDays} checked={trust} onChange={setTrust} /> : null}
          <Button variant="primary" busy={busy} disabled={wait > 0} className="btn-block" onClick={usePasskey}>
            Use a passkey
          </Button>
        </div>
      ) : (
        <div className="form">
          <p>We will email a one-time code to your verified address.</p>
          <Button variant="primary" busy={busy} disabled={wait > 0} className="btn-block" onClick={sendEmail}>
            Email me a code
          </Button>
        </div>
      )}

      {others.length > 0 || method === 'email_code' ? (
        <div className="other-methods">
          <p className="other-methods-title">Other ways to sign in</p>
          <ul className="other-methods-list">
            {method === 'email_code' && challengeId ? (
              <li>
                <button type="button" className="link-button" onClick={sendEmail} disabled={busy}>
                  Send a new code
                </button>
              </li>
            ) : null}
            {others
              .filter((m) => m !== method)
              .map((m) => (
                <li key={m}>
                  <button type="button" className="link-button" onClick={() => switchTo(m)} disabled={busy}>
                    {SWITCH_LABELS[m]}
                  </button>
                </li>
              ))}
            <li>
              <button type="button" className="link-button" onClick={() => setRecovering(true)}>
                Lost your device?
              </button>
            </li>
          </ul>
        </div>
      ) : null}
    </AuthLayout>
  );
}

function TrustDevice({ days, checked, onChange }: { days: number; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <Checkbox
      label={`Trust this device for ${days} day${days === 1 ? '' : 's'}`}
      hint="Skip the code on this browser until then. Don't tick this on a shared computer."
      checked={checked}
      onChange={onChange}
    />
  );
}

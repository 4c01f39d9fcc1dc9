import { useState, type FormEvent } from 'react';
import { describeError, isApiProblem } from '../../api/problem.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { CodeField, codeDigits } from '../../ui/code-field.tsx';
import { useCountdown } from '../../ui/use-countdown.ts';
import { useFieldError } from '../../ui/use-field-errors.ts';
import { formatWait } from '../../ui/format.ts';

type Props = {
  onVerify: (code: string) => Promise<void>;
  onResend: () => Promise<void>;
};

/** The emailed code; a wrong one keeps this screen with the field cleared. */
export function GuestCodeForm({ onVerify, onResend }: Props) {
  const [code, setCode] = useState('');
  const [fieldError, setFieldError] = useFieldError(code);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [resent, setResent] = useState(false);
  const [blockedUntil, setBlockedUntil] = useState<number>();
  const wait = useCountdown(blockedUntil);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setResent(false);
    const digits = codeDigits(code);
    if (!/^\d{4,10}$/.test(digits)) return setFieldError('Enter the code from the email.');
    setFieldError(undefined);
    setBusy(true);
    try {
      await onVerify(digits);
    } catch (err) {
      setCode('');
      if (isApiProblem(err) && err.code === 'guest_code_invalid') setFieldError("That code didn't work. Check the newest email and try again.");
      else {
        if (isApiProblem(err) && err.code === 'too_many_attempts') setBlockedUntil(Date.now() + (err.retryAfter ?? 60) * 1000);
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  const resend = async () => {
    setError(undefined);
    setFieldError(undefined);
    setBusy(true);
    try {
      await onResend();
      setCode('');
      setResent(true);
    } catch (err) {
      if (isApiProblem(err) && err.code === 'too_many_attempts') setBlockedUntil(Date.now() + (err.retryAfter ?? 60) * 1000);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const tooMany = isApiProblem(error) && error.code === 'too_many_attempts';
  return (
    <form className="form" onSubmit={submit} noValidate>
      <p>We emailed a one-time code to the invited address. Enter it here, in this browser.</p>
      {resent ? <Alert tone="success">A new code is on its way. Earlier codes no longer work.</Alert> : null}
      {tooMany ? (
        <Alert tone="error" title="Too many attempts">
          {wait > 0 ? `Wait ${formatWait(wait)}, then try again.` : 'You can try again now.'}
        </Alert>
      ) : error ? (
        <Alert tone="error">{describeError(error)}</Alert>
      ) : null}
      <CodeField label="Code" value={code} onChange={setCode} error={fieldError} digits={8} autoFocus />
      <Button type="submit" variant="primary" className="btn-block" busy={busy} disabled={wait > 0}>
        Verify
      </Button>
      <div className="auth-footer">
        <button type="button" className="link-button" onClick={() => void resend()} disabled={busy || wait > 0}>
          Send a new code
        </button>
      </div>
    </form>
  );
}

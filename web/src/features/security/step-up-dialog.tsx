// "Confirm with your second factor": changing factors needs a fresh proof from an existing
// one (API.md "Own factors"). `useStepUp().run(call)` tries the call without a proof; when
// the server answers 403 second_factor_required it opens this dialog with the `methods` it
// named, and retries the call with the proof the user gives. Backup codes never count here.
import { useCallback, useState, type ReactNode } from 'react';
import { openStepUpChallenge } from '../../api/factors.ts';
import { codeRefusalMessage, describeError, isApiProblem } from '../../api/problem.ts';
import type { Method, Proof } from '../../api/types.ts';
import { getPasskeyAssertion } from '../../api/webauthn.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { CodeField, codeDigits } from '../../ui/code-field.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { useCountdown } from '../../ui/use-countdown.ts';
import { useMessageAbout } from '../../ui/use-field-errors.ts';
import { METHOD_LABELS, orderMethods } from './method-labels.ts';

type Request = { methods: Method[]; attempt: (proof: Proof) => Promise<void>; cancel: () => void };

/** Refusals the dialog answers itself; anything else closes it and goes to the caller. */
const RETRYABLE = new Set(['second_factor_invalid', 'second_factor_required', 'too_many_attempts']);

/** `description` says what the proof is for (default: changing how you sign in). */
export function useStepUp(opts: { description?: string } = {}): { run: <T>(call: (proof?: Proof) => Promise<T>) => Promise<T | undefined>; dialog: ReactNode } {
  const [request, setRequest] = useState<Request>();

  const run = useCallback(async <T,>(call: (proof?: Proof) => Promise<T>): Promise<T | undefined> => {
    try {
      return await call(undefined);
    } catch (e) {
      if (!(isApiProblem(e) && e.code === 'second_factor_required')) throw e;
      const methods = orderMethods(e.methods).filter((m) => m !== 'backup_code');
      return new Promise<T | undefined>((resolve, reject) => {
        setRequest({
          methods,
          attempt: async (proof) => {
            try {
              const result = await call(proof);
              setRequest(undefined);
              resolve(result);
            } catch (err) {
              if (isApiProblem(err) && RETRYABLE.has(err.code)) throw err;
              setRequest(undefined);
              reject(err);
            }
          },
          cancel: () => {
            setRequest(undefined);
            resolve(undefined);
          },
        });
      });
    }
  }, []);

  const dialog = (
    <Dialog
      open={!!request}
      onClose={() => request?.cancel()}
      title="Confirm it's you"
      description={opts.description ?? 'Changing how you sign in needs a fresh confirmation with one of your second factors.'}
    >
      {request ? <StepUpForm request={request} /> : null}
    </Dialog>
  );
  return { run, dialog };
}

function StepUpForm({ request }: { request: Request }) {
  const [method, setMethod] = useState<Method | undefined>(request.methods[0]);
  const [code, setCode] = useState('');
  const [challengeId, setChallengeId] = useState<string>();
  const [sentTo, setSentTo] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const codeMessage = useMessageAbout(isApiProblem(error) && error.code === 'second_factor_invalid' ? codeRefusalMessage(error) : undefined, code);
  const [blockedUntil, setBlockedUntil] = useState<number>();
  const wait = useCountdown(blockedUntil);

  const attempt = async (work: () => Promise<Proof>) => {
    setBusy(true);
    setError(undefined);
    try {
      await request.attempt(await work());
    } catch (e) {
      if (isApiProblem(e) && e.code === 'too_many_attempts') setBlockedUntil(Date.now() + (e.retryAfter ?? 60) * 1000);
      setError(e);
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  const choose = (m: Method) => {
    setMethod(m);
    setCode('');
    setError(undefined);
  };

  const sendEmail = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const sent = await openStepUpChallenge('email_code');
      setChallengeId(sent.challengeId);
      setSentTo(sent.sentTo);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!method) {
    return (
      <Alert tone="error" title="No second factor to confirm with">
        Ask your administrator to reset your two-factor authentication.
      </Alert>
    );
  }

  const refused = isApiProblem(error) && error.code === 'second_factor_invalid';
  // The message about a refused code goes as soon as another one is typed (use-field-errors.ts).
  const codeError = refused && method !== 'webauthn' ? codeMessage : undefined;
  const otherError =
    error && !refused
      ? isApiProblem(error) && error.code === 'too_many_attempts'
        ? wait > 0
          ? `Too many attempts. Try again in ${wait} seconds.`
          : 'You can try again now.'
        : describeError(error)
      : undefined;

  return (
    <div className="form">
      {request.methods.length > 1 ? (
        <div className="segmented" role="group" aria-label="Confirm with">
          {request.methods.map((m) => (
            <button key={m} type="button" aria-pressed={m === method} onClick={() => choose(m)}>
              {METHOD_LABELS[m]}
            </button>
          ))}
        </div>
      ) : null}
      {otherError ? <Alert tone="error">{otherError}</Alert> : null}

      {method === 'totp' ? (
        <form
          className="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (codeDigits(code)) void attempt(async () => ({ method: 'totp', code: codeDigits(code) }));
          }}
        >
          <CodeField label="Code from your authenticator app" value={code} onChange={setCode} error={codeError} autoFocus />
          <div className="form-actions">
            <Button onClick={request.cancel}>Cancel</Button>
            <Button type="submit" variant="primary" busy={busy} disabled={wait > 0}>
              Confirm
            </Button>
          </div>
        </form>
      ) : method === 'email_code' ? (
        challengeId ? (
          <form
            className="form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (codeDigits(code)) void attempt(async () => ({ method: 'email_code', code: codeDigits(code), challengeId }));
            }}
          >
            <CodeField
              label="Code from the email"
              value={code}
              onChange={setCode}
              error={codeError}
              hint={sentTo ? `Sent to ${sentTo}. It expires in 10 minutes.` : 'It expires in 10 minutes.'}
              autoFocus
            />
            <div className="form-actions">
              <Button onClick={sendEmail} disabled={busy}>
                Send a new code
              </Button>
              <Button type="submit" variant="primary" busy={busy} disabled={wait > 0}>
                Confirm
              </Button>
            </div>
          </form>
        ) : (
          <div className="form">
            <p>We will email a one-time code to your verified address.</p>
            <div className="form-actions">
              <Button onClick={request.cancel}>Cancel</Button>
              <Button variant="primary" busy={busy} onClick={sendEmail}>
                Email me a code
              </Button>
            </div>
          </div>
        )
      ) : method === 'webauthn' ? (
        <div className="form">
          <p>Use your passkey or security key when your browser asks.</p>
          {refused ? <Alert tone="error">That passkey was not accepted. Try again or use another method.</Alert> : null}
          <div className="form-actions">
            <Button onClick={request.cancel}>Cancel</Button>
            <Button
              variant="primary"
              busy={busy}
              disabled={wait > 0}
              onClick={() =>
                void attempt(async () => {
                  const challenge = await openStepUpChallenge('webauthn');
                  const credential = await getPasskeyAssertion(challenge.webauthnOptions);
                  return { method: 'webauthn', challengeId: challenge.challengeId, credential };
                })
              }
            >
              Use a passkey
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

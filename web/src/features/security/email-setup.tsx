// Email codes as a factor: the account email or a backup address. A code is sent to it, and
// typing that code back proves the address (pending → active).
import { useCallback, useState } from 'react';
import { confirmFactor, startEmailFactor } from '../../api/factors.ts';
import { describeError, isApiProblem } from '../../api/problem.ts';
import type { Activated, Proof } from '../../api/types.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { CodeField, codeDigits } from '../../ui/code-field.tsx';
import { TextField } from '../../ui/field.tsx';
import { useSubmit } from '../../ui/use-submit.ts';

type Run = <T>(call: (proof?: Proof) => Promise<T>) => Promise<T | undefined>;

export function EmailSetup({
  defaultEmail,
  run,
  onActivated,
  onCancel,
}: {
  defaultEmail: string;
  run: Run;
  onActivated: (r: Activated) => void;
  onCancel?: () => void;
}) {
  const [email, setEmail] = useState(defaultEmail);
  const [pending, setPending] = useState<{ id: string; email: string }>();
  const [code, setCode] = useState('');

  const send = useCallback(async () => {
    const address = email.trim();
    const started = await run((proof) => startEmailFactor(address, proof));
    if (started) setPending({ id: started.id, email: address });
  }, [email, run]);
  const validateEmail = useCallback(
    (): Record<string, string> => (/^[^\s@]+@[^\s@]+$/.test(email.trim()) ? {} : { email: 'Enter an email address.' }),
    [email],
  );
  const sending = useSubmit(send, validateEmail, { email });

  const confirm = useCallback(async () => {
    if (!pending) return;
    try {
      onActivated(await confirmFactor(pending.id, codeDigits(code)));
    } catch (e) {
      setCode('');
      throw e;
    }
  }, [pending, code, onActivated]);
  const validateCode = useCallback((): Record<string, string> => (codeDigits(code) ? {} : { code: 'Enter the code from the email.' }), [code]);
  const confirming = useSubmit(confirm, validateCode, { code });

  if (!pending) {
    return (
      <form className="form" onSubmit={sending.onSubmit} noValidate>
        {sending.error ? (
          <Alert tone="error" title="The code was not sent">
            {describeError(sending.error)}
          </Alert>
        ) : null}
        <TextField
          label="Email address"
          type="email"
          name="email"
          value={email}
          onChange={setEmail}
          error={sending.fieldErrors['email']}
          hint="Your account email, or a backup address you can still reach if you lose access to the first one."
          autoComplete="email"
          autoFocus
        />
        <div className="form-actions">
          {onCancel ? <Button onClick={onCancel}>Cancel</Button> : null}
          <Button type="submit" variant="primary" busy={sending.busy}>
            Send a code
          </Button>
        </div>
      </form>
    );
  }

  const wrong = isApiProblem(confirming.error) && confirming.error.code === 'second_factor_invalid';
  return (
    <form className="form" onSubmit={confirming.onSubmit} noValidate>
      <Alert tone="info">
        We sent a code to <strong>{pending.email}</strong>. It expires in 10 minutes.
      </Alert>
      {wrong ? (
        <Alert tone="error" title="That code didn't match">
          Check the newest email from Signoff and try again.
        </Alert>
      ) : confirming.error ? (
        <Alert tone="error" title="The address was not confirmed">
          {describeError(confirming.error)}
        </Alert>
      ) : null}
      <CodeField label="Code from the email" value={code} onChange={setCode} error={confirming.fieldErrors['code']} autoFocus />
      <div className="form-actions">
        <Button
          onClick={() => {
            setPending(undefined);
            setCode('');
          }}
        >
          Use another address
        </Button>
        <Button type="submit" variant="primary" busy={confirming.busy}>
          Confirm address
        </Button>
      </div>
    </form>
  );
}

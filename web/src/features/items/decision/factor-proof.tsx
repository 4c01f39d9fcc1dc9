// The second-factor part of the confirmation: the methods this decision accepts, and the input
// for the chosen one. Email codes are sent on request, bound to this exact decision.
import type { Method } from '../../../api/types.ts';
import { Button } from '../../../ui/button.tsx';
import { CodeField } from '../../../ui/code-field.tsx';
import { METHOD_LABELS } from '../../security/method-labels.ts';

type Props = {
  methods: readonly Method[];
  method: Method;
  onMethod: (m: Method) => void;
  code: string;
  onCode: (c: string) => void;
  codeError: string | undefined;
  /** An email code was sent for this decision. */
  emailSent: boolean;
  /** Where the emailed code went, masked ("r•••@acme.test"). */
  sentTo?: string | undefined;
  onSendEmail: () => void;
  busy: boolean;
};

const HINTS: Partial<Record<Method, string>> = {
  totp: 'The 6-digit code your authenticator app shows now.',
  backup_code: 'One of your 8-digit backup codes. Each one works once.',
  email_code: 'The 6-digit code in the email we just sent you. It expires in 10 minutes.',
};

export function FactorProof({ methods, method, onMethod, code, onCode, codeError, emailSent, sentTo, onSendEmail, busy }: Props) {
  return (
    <fieldset className="fieldset factor-proof">
      <legend className="subsection-title">Confirm with your second factor</legend>
      {methods.length > 1 ? (
        <div className="segmented" role="group" aria-label="Confirm with">
          {methods.map((m) => (
            <button key={m} type="button" aria-pressed={m === method} onClick={() => onMethod(m)}>
              {METHOD_LABELS[m]}
            </button>
          ))}
        </div>
      ) : null}
      {method === 'webauthn' ? (
        <p className="muted">When you confirm, your browser asks for your passkey or security key.</p>
      ) : method === 'email_code' && !emailSent ? (
        <div className="send-code">
          <p className="muted">We email a one-time code to your verified address. It only works for this decision.</p>
          <div>
            <Button onClick={onSendEmail} busy={busy}>
              Send code
            </Button>
          </div>
          {codeError ? <p className="field-error">{codeError}</p> : null}
        </div>
      ) : (
        <>
          <CodeField
            key={method}
            label="Code"
            value={code}
            onChange={onCode}
            error={codeError}
            hint={method === 'email_code' && sentTo ? `The 6-digit code we just sent to ${sentTo}. It expires in 10 minutes.` : HINTS[method]}
            digits={method === 'backup_code' ? 8 : 6}
            autoComplete={method === 'backup_code' ? 'off' : 'one-time-code'}
            autoFocus
          />
          {method === 'email_code' ? (
            <div>
              <button type="button" className="link-button" onClick={onSendEmail} disabled={busy}>
                Send a new code
              </button>
            </div>
          ) : null}
        </>
      )}
    </fieldset>
  );
}

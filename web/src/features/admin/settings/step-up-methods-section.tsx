// Methods that count at protected steps and e-signatures (docs/guide.md §4 `stepUpMethods`).
// docs/security.md D7: email codes are labelled weaker, and an organisation can exclude them.
import { METHODS, type Method } from '../../../api/types.ts';
import { CheckboxGroup } from '../../../ui/checkbox-group.tsx';
import { METHOD_LABELS } from '../../security/method-labels.ts';

/** Strongest first. */
const STRENGTH: Record<Method, number> = { webauthn: 0, totp: 1, backup_code: 2, email_code: 3 };
const ORDER = [...METHODS].sort((a, b) => STRENGTH[a] - STRENGTH[b]);

const HINTS: Record<Method, string> = {
  webauthn: 'Strongest: bound to this site, so it cannot be phished.',
  totp: 'A 6-digit code from an app on the user’s phone.',
  backup_code: 'Single-use codes saved at setup, for when a device is lost.',
  email_code: 'A code sent to the user’s email. Weaker: see below.',
};

export function StepUpMethodsSection({ value, onChange, error }: { value: Method[]; onChange: (v: Method[]) => void; error: string | undefined }) {
  return (
    <div className="settings-subsection" aria-labelledby="policy-step-up">
      <div className="settings-subsection-head">
        <h3 id="policy-step-up" className="subsection-title">
          Protected steps
        </h3>
        <p className="muted">
          Which second factors count when a workflow step requires 2FA or an electronic signature. Every decision records the method used.
        </p>
      </div>
      <CheckboxGroup<Method>
        legend="Methods accepted at protected steps"
        name="stepUpMethods"
        options={ORDER.map((m) => ({ value: m, label: METHOD_LABELS[m], hint: HINTS[m] }))}
        selected={value}
        onChange={(v) => onChange(v)}
        error={error}
      />
      <aside className="callout" aria-labelledby="email-weaker">
        <p id="email-weaker" className="callout-title">
          Why email codes are weaker
        </p>
        <p>
          An emailed code proves access to a mailbox, not possession of a device: anyone who has the user’s email password, or who can read mail on its way,
          passes the check. NIST SP 800-63B does not accept email as an out-of-band authenticator (“Email SHALL NOT be used for out-of-band authentication”).
          For decisions that must stand up to an inspection, accept an authenticator app or a passkey and leave email codes out.
        </p>
      </aside>
    </div>
  );
}

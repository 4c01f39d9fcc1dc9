// The e-signature part of the confirmation (21 CFR 11.50, 11.200): printed name, meaning,
// password, and the statement that the signature binds like a handwritten one. Where the
// organisation signs in through its identity provider, a new sign-in there may stand in for the
// password (the password stays the default; a user who has one may use either).
import type { User } from '../../../api/types.ts';
import { Alert } from '../../../ui/alert.tsx';
import { Button } from '../../../ui/button.tsx';
import { TextField } from '../../../ui/field.tsx';
import { shortHash } from '../../../ui/format.ts';
import { SelectField } from '../../../ui/select-field.tsx';
import type { ReauthProblem } from './sso-reauth.ts';

/** Signing after a new sign-in at the organisation's identity provider. */
type SsoSigning = {
  /** The organisation has SSO: offer the sign-in as an alternative to the password. */
  offered: boolean;
  /** Back from the provider with a proof: it stands in for the password. */
  reauthenticated: boolean;
  /** Why the last sign-in there gave no usable proof. */
  problem: ReauthProblem | undefined;
  /** On the way to the provider (full-page navigation). */
  leaving: boolean;
  onReauthenticate: () => void;
  onUsePassword: () => void;
};

type Props = {
  user: User;
  meanings: readonly string[];
  meaning: string;
  onMeaning: (m: string) => void;
  password: string;
  onPassword: (p: string) => void;
  passwordError: string | undefined;
  contentHash: string;
  sso: SsoSigning;
  busy: boolean;
};

export function SignatureFields({ user, meanings, meaning, onMeaning, password, onPassword, passwordError, contentHash, sso, busy }: Props) {
  return (
    <fieldset className="fieldset signature-fields">
      <legend className="subsection-title">Electronic signature</legend>
      <p className="signer">
        Signing as <strong>{user.name}</strong> <span className="muted">({user.email})</span>
      </p>
      <SelectField label="Meaning" value={meaning} onChange={onMeaning} options={meanings.map((m) => ({ value: m, label: m }))} />
      {sso.problem ? (
        <Alert tone="error" title={sso.problem.title}>
          {sso.problem.text}
        </Alert>
      ) : null}
      {sso.reauthenticated ? (
        <div className="send-code" data-testid="reauthenticated">
          <Alert tone="success" title="Re-authenticated at your identity provider">
            It stands in for your password, for this signature only, within 5 minutes.
          </Alert>
          <div>
            <button type="button" className="link-button" onClick={sso.onUsePassword} disabled={busy}>
              Use your password instead
            </button>
          </div>
        </div>
      ) : (
        // One wrapper either way, so the field keeps its focus when the SSO option appears.
        <div className="field">
          <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={onPassword} error={passwordError} required />
          {sso.offered ? (
            <>
              <p className="sso-divider">or</p>
              <Button onClick={sso.onReauthenticate} busy={sso.leaving} disabled={busy}>
                Sign in again at your identity provider
              </Button>
              <p className="field-hint">Instead of your password. You come back here with your decision, comment and meaning kept.</p>
            </>
          ) : null}
        </div>
      )}
      <p className="sign-statement">
        By signing, you confirm that this electronic signature is the legally binding equivalent of your handwritten signature. The record shows your name, the
        meaning you choose and the time (UTC), and is bound to this version of the content (SHA-256 <code title={contentHash}>{shortHash(contentHash)}</code>).
      </p>
    </fieldset>
  );
}

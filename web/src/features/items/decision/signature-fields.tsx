// The e-signature part of the confirmation (21 CFR 11.50, 11.200): printed name, meaning,
// password, and the statement that the signature binds like a handwritten one.
import type { User } from '../../../api/types.ts';
import { TextField } from '../../../ui/field.tsx';
import { shortHash } from '../../../ui/format.ts';
import { SelectField } from '../../../ui/select-field.tsx';

type Props = {
  user: User;
  meanings: readonly string[];
  meaning: string;
  onMeaning: (m: string) => void;
  password: string;
  onPassword: (p: string) => void;
  passwordError: string | undefined;
  contentHash: string;
};

export function SignatureFields({ user, meanings, meaning, onMeaning, password, onPassword, passwordError, contentHash }: Props) {
  return (
    <fieldset className="fieldset signature-fields">
      <legend className="subsection-title">Electronic signature</legend>
      <p className="signer">
        Signing as <strong>{user.name}</strong> <span className="muted">({user.email})</span>
      </p>
      <SelectField label="Meaning" value={meaning} onChange={onMeaning} options={meanings.map((m) => ({ value: m, label: m }))} />
      <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={onPassword} error={passwordError} required />
      <p className="sign-statement">
        By signing, you confirm that this electronic signature is the legally binding equivalent of your handwritten signature.
        The record shows your name, the meaning you choose and the time (UTC), and is bound to this version of the content
        (SHA-256 <code title={contentHash}>{shortHash(contentHash)}</code>).
      </p>
    </fieldset>
  );
}

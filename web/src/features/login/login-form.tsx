import { useCallback, useState } from 'react';
import { logIn } from '../../api/auth.ts';
import { describeError, isApiProblem } from '../../api/problem.ts';
import type { LoginResult } from '../../api/types.ts';
import { Link } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { TextField } from '../../ui/field.tsx';
import { useCountdown } from '../../ui/use-countdown.ts';
import { useSubmit } from '../../ui/use-submit.ts';
import { formatWait } from '../../ui/format.ts';

type Props = { onSignedIn: (result: LoginResult) => Promise<void> };

/** Step one of login: email and password, plus the organisation when the email is ambiguous. */
export function LoginForm({ onSignedIn }: Props) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [organization, setOrganization] = useState('');
  const [needsOrg, setNeedsOrg] = useState(false);
  const [blockedUntil, setBlockedUntil] = useState<number>();
  const wait = useCountdown(blockedUntil);

  const action = useCallback(async () => {
    try {
      const result = await logIn({ email: email.trim(), password, ...(needsOrg && organization.trim() ? { organization: organization.trim() } : {}) });
      await onSignedIn(result);
    } catch (e) {
      if (isApiProblem(e) && e.code === 'organization_required') setNeedsOrg(true);
      if (isApiProblem(e) && e.code === 'too_many_attempts') setBlockedUntil(Date.now() + (e.retryAfter ?? 60) * 1000);
      throw e;
    }
  }, [email, password, organization, needsOrg, onSignedIn]);

  const validate = useCallback(() => {
    const errors: Record<string, string> = {};
    if (!email.trim()) errors['email'] = 'Enter your email address.';
    if (!password) errors['password'] = 'Enter your password.';
    if (needsOrg && !organization.trim()) errors['organization'] = 'Enter your organisation.';
    return errors;
  }, [email, password, needsOrg, organization]);

  const { busy, error, fieldErrors, onSubmit } = useSubmit(action, validate, { email, password, organization });
  const code = isApiProblem(error) ? error.code : undefined;

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {code === 'invalid_credentials' ? (
        <Alert tone="error" title="The email or password is not correct">
          Check both and try again, or <Link to="/forgot-password">reset your password</Link>.
        </Alert>
      ) : code === 'too_many_attempts' ? (
        <Alert tone="error" title="Too many sign-in attempts">
          {wait > 0 ? `For your security, sign-in is paused. Try again in ${formatWait(wait)}.` : 'You can try again now.'}
        </Alert>
      ) : code === 'organization_required' ? (
        <Alert tone="info" title="Which organisation?">
          This email belongs to accounts in several organisations. Enter the one you want to sign in to.
        </Alert>
      ) : error ? (
        <Alert tone="error" title="Could not sign in">
          {describeError(error)}
        </Alert>
      ) : null}

      <TextField
        label="Email"
        name="email"
        type="email"
        value={email}
        onChange={setEmail}
        error={fieldErrors['email']}
        required
        autoComplete="username"
        autoFocus
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        value={password}
        onChange={setPassword}
        error={fieldErrors['password']}
        required
        autoComplete="current-password"
      />
      {needsOrg ? (
        <TextField
          label="Organisation"
          name="organization"
          value={organization}
          onChange={setOrganization}
          error={fieldErrors['organization']}
          hint="The organisation's name or short name, as your administrator gave it."
          required
          autoComplete="organization"
        />
      ) : null}
      <div className="form-row-between">
        <Link to="/forgot-password" className="text-link">
          Forgot password?
        </Link>
      </div>
      <Button type="submit" variant="primary" busy={busy} disabled={wait > 0} className="btn-block">
        Sign in
      </Button>
    </form>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { confirmPasswordReset, logIn } from '../../api/auth.ts';
import { describeError, isApiProblem } from '../../api/problem.ts';
import { Link, navigate } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { TextField } from '../../ui/field.tsx';
import { useSubmit } from '../../ui/use-submit.ts';
import { nextLoginStep } from '../login/login-steps.ts';
import { useSession } from '../session/session-context.tsx';
import { AuthLayout } from '../shell/auth-layout.tsx';
import { MIN_PASSWORD_LENGTH, PASSWORD_HINT } from './password-rules.ts';
import { forgetResetFragment, readResetFragment } from './read-reset-fragment.ts';

/**
 * An accepted invitation signs the new user in through the ordinary login (audited as a
 * sign-in; 2FA rules apply: the session may start at the second factor or at the setup).
 * False when that login fails (e.g. the address is in several organisations): the login page.
 */
async function signInAfterInvite(email: string, password: string, signedIn: ReturnType<typeof useSession>['signedIn']): Promise<boolean> {
  try {
    const result = await logIn({ email, password });
    await signedIn(result);
    const step = nextLoginStep(result.state);
    navigate(step === 'done' ? '/' : step === 'enrollment' ? '/login/two-factor-setup' : '/login/second-factor', { replace: true });
    return true;
  } catch {
    return false;
  }
}

/** Opened from a reset email, or from an invitation (`invite=1`): choose a password. */
export function ResetPasswordPage() {
  const [link] = useState(() => readResetFragment(window.location.hash));
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  useEffect(forgetResetFragment, []);

  const { signedIn } = useSession();
  const action = useCallback(async () => {
    await confirmPasswordReset({ token: link.token ?? '', password });
    if (link.invite && link.email && (await signInAfterInvite(link.email, password, signedIn))) return;
    navigate(`/login?notice=${link.invite ? 'invite' : 'reset'}`, { replace: true });
  }, [link, password, signedIn]);
  const validate = useCallback(() => {
    const errors: Record<string, string> = {};
    if (password.length < MIN_PASSWORD_LENGTH) errors['password'] = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
    else if (confirm !== password) errors['confirm'] = 'The two passwords are not the same.';
    return errors;
  }, [password, confirm]);
  const { busy, error, fieldErrors, onSubmit } = useSubmit(action, validate, { password, confirm });

  const title = link.invite ? 'Choose your password' : 'Choose a new password';
  const footer = (
    <Link to="/login" className="text-link">
      Back to sign in
    </Link>
  );

  if (!link.token) {
    return (
      <AuthLayout title={title} footer={footer}>
        <Alert tone="error" title="This link is incomplete">
          Open the link from your email again, or <Link to="/forgot-password">request a new one</Link>.
        </Alert>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title={title}
      subtitle={
        link.invite
          ? 'You have been invited to Signoff. Choose a password to activate your account.'
          : 'Choose the password you will use to sign in from now on.'
      }
      footer={footer}
    >
      {isApiProblem(error) && error.code === 'reset_token_invalid' ? (
        <Alert tone="error" title="This link is not valid any more">
          It may have been used already or have expired. <Link to="/forgot-password">Request a new link</Link>.
        </Alert>
      ) : error ? (
        <Alert tone="error" title="Could not set the password">
          {describeError(error)}
        </Alert>
      ) : null}
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label="New password"
          name="password"
          type="password"
          value={password}
          onChange={setPassword}
          error={fieldErrors['password']}
          hint={PASSWORD_HINT}
          required
          autoComplete="new-password"
          autoFocus
        />
        <TextField
          label="Repeat the password"
          name="confirm"
          type="password"
          value={confirm}
          onChange={setConfirm}
          error={fieldErrors['confirm']}
          required
          autoComplete="new-password"
        />
        <Button type="submit" variant="primary" busy={busy} className="btn-block">
          {link.invite ? 'Set password' : 'Change password'}
        </Button>
      </form>
    </AuthLayout>
  );
}

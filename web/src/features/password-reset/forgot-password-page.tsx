import { useCallback, useState } from 'react';
import { requestPasswordReset } from '../../api/auth.ts';
import { describeError } from '../../api/problem.ts';
import { Link } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Checkbox } from '../../ui/checkbox.tsx';
import { TextField } from '../../ui/field.tsx';
import { useSubmit } from '../../ui/use-submit.ts';
import { AuthLayout } from '../shell/auth-layout.tsx';

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [several, setSeveral] = useState(false);
  const [organization, setOrganization] = useState('');
  const [sentTo, setSentTo] = useState<string>();

  const action = useCallback(async () => {
    const body = { email: email.trim(), ...(several && organization.trim() ? { organization: organization.trim() } : {}) };
    await requestPasswordReset(body);
    setSentTo(body.email);
  }, [email, several, organization]);
  const validate = useCallback(
    (): Record<string, string> => (/^[^\s@]+@[^\s@]+$/.test(email.trim()) ? {} : { email: 'Enter the email address you sign in with.' }),
    [email],
  );
  const { busy, error, fieldErrors, onSubmit } = useSubmit(action, validate, { email, organization });

  const back = (
    <Link to="/login" className="text-link">
      Back to sign in
    </Link>
  );

  if (sentTo) {
    return (
      <AuthLayout title="Check your email" footer={back}>
        <Alert tone="success">
          If an account exists for <strong>{sentTo}</strong>, we emailed a link to reset its password. The link works once and expires soon. If nothing arrives
          within a few minutes, check your spam folder or ask your administrator.
        </Alert>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Reset your password" subtitle="Enter the email you sign in with and we will send you a link to choose a new password." footer={back}>
      {error ? (
        <Alert tone="error" title="Could not send the link">
          {describeError(error)}
        </Alert>
      ) : null}
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label="Email"
          name="email"
          type="email"
          value={email}
          onChange={setEmail}
          error={fieldErrors['email']}
          required
          autoComplete="email"
          autoFocus
        />
        <Checkbox label="I have accounts in several organisations" checked={several} onChange={setSeveral} />
        {several ? (
          <TextField
            label="Organisation"
            name="organization"
            value={organization}
            onChange={setOrganization}
            error={fieldErrors['organization']}
            autoComplete="organization"
          />
        ) : null}
        <Button type="submit" variant="primary" busy={busy} className="btn-block">
          Email me a reset link
        </Button>
      </form>
    </AuthLayout>
  );
}

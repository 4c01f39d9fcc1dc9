import { useCallback, useState } from 'react';
import { setUp } from '../../api/auth.ts';
import { describeError, isApiProblem } from '../../api/problem.ts';
import { Link, navigate } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { TextField } from '../../ui/field.tsx';
import { useSubmit } from '../../ui/use-submit.ts';
import { PASSWORD_HINT } from '../password-reset/password-rules.ts';
import { useSession } from '../session/session-context.tsx';
import { AuthLayout } from '../shell/auth-layout.tsx';
import { validateSetup, type SetupForm } from './validate-setup.ts';

/** First run: creates the first organisation and its administrator, then signs them in. */
export function SetupPage() {
  const { signedIn } = useSession();
  const [form, setForm] = useState<SetupForm>({ organization: '', name: '', email: '', password: '' });
  const set = (key: keyof SetupForm) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  const action = useCallback(async () => {
    const result = await setUp({ ...form, organization: form.organization.trim(), name: form.name.trim(), email: form.email.trim() });
    await signedIn({ csrfToken: result.csrfToken, state: 'active', user: { ...result.user, organization: result.organization } });
    navigate('/', { replace: true });
  }, [form, signedIn]);
  const validate = useCallback(() => validateSetup(form), [form]);
  const { busy, error, fieldErrors, onSubmit } = useSubmit(action, validate, form);

  return (
    <AuthLayout title="Set up Signoff" subtitle="Create your organisation and the first administrator account. You can invite everyone else afterwards.">
      {isApiProblem(error) && error.code === 'already_set_up' ? (
        <Alert tone="info" title="Signoff is already set up">
          <Link to="/login">Sign in</Link> with your account instead.
        </Alert>
      ) : error ? (
        <Alert tone="error" title="Setup did not complete">
          {describeError(error)}
        </Alert>
      ) : null}
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          label="Organisation name"
          name="organization"
          value={form.organization}
          onChange={set('organization')}
          error={fieldErrors['organization']}
          required
          autoComplete="organization"
        />
        <TextField label="Your name" name="name" value={form.name} onChange={set('name')} error={fieldErrors['name']} required autoComplete="name" />
        <TextField
          label="Work email"
          name="email"
          type="email"
          value={form.email}
          onChange={set('email')}
          error={fieldErrors['email']}
          required
          autoComplete="email"
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          value={form.password}
          onChange={set('password')}
          error={fieldErrors['password']}
          hint={PASSWORD_HINT}
          required
          autoComplete="new-password"
        />
        <Button type="submit" variant="primary" busy={busy} className="btn-block">
          Create organisation
        </Button>
      </form>
    </AuthLayout>
  );
}

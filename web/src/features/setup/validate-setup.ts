import { MIN_PASSWORD_LENGTH } from '../password-reset/password-rules.ts';

export type SetupForm = { organization: string; name: string; email: string; password: string };

export function validateSetup(f: SetupForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!f.organization.trim()) errors['organization'] = 'Enter the name of your organisation.';
  if (!f.name.trim()) errors['name'] = 'Enter your name.';
  if (!/^[^\s@]+@[^\s@]+$/.test(f.email.trim())) errors['email'] = 'Enter an email address like name@example.com.';
  if (f.password.length < MIN_PASSWORD_LENGTH) errors['password'] = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  return errors;
}

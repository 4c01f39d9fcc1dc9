// Login is a flow of steps (kratos: flows apart from methods). Today: credentials, then
// either the app or a placeholder for the second factor. The second-factor step will pick a
// method (totp, backup_code, email_code, webauthn) from the login response's `methods`.
import type { SessionState } from '../../api/types.ts';

export type LoginStep = 'credentials' | 'second_factor' | 'enrollment' | 'done';

export function nextLoginStep(state: SessionState): LoginStep {
  switch (state) {
    case 'active':
      return 'done';
    case 'second_factor_required':
      return 'second_factor';
    case 'enrollment_required':
      return 'enrollment';
  }
}

/** Where to go after signing in: a same-site path from `?next=`, else home. */
export function safeNext(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

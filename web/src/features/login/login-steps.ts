// Login is a flow of steps (kratos: flows apart from methods): credentials, then the app, the
// second-factor step (a method among the login response's `methods`), or the first setup.
import { METHODS, type Method, type SessionState } from '../../api/types.ts';

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

/** The methods the session may use, in the server's order; every method when the list is empty (the server refuses the unusable ones). */
export function loginMethods(offered: readonly string[]): Method[] {
  const known = METHODS.filter((m) => offered.includes(m));
  return known.length > 0 ? known : [...METHODS];
}

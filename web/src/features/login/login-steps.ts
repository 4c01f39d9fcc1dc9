// Login is a flow of steps (kratos: flows apart from methods): credentials, then the app, the
// second-factor step (a method among the login response's `methods`), or the first setup.
import { METHODS, type LoginResult, type Method, type SessionState } from '../../api/types.ts';

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

// GET /auth/session does not repeat the login's `methods`, so the step keeps them for this tab
// (method names only, nothing secret) and survives a reload.
const METHODS_KEY = 'signoff.second-factor-methods';

export function rememberLoginMethods(result: LoginResult): void {
  try {
    if (result.state === 'second_factor_required') sessionStorage.setItem(METHODS_KEY, JSON.stringify(result.methods));
    else sessionStorage.removeItem(METHODS_KEY);
  } catch {
    /* storage disabled: the step offers every method */
  }
}

/** The methods the login offered; every method when unknown (then the server refuses the unusable ones). */
export function loginMethods(): Method[] {
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(METHODS_KEY) ?? 'null');
    if (Array.isArray(stored)) {
      const known = METHODS.filter((m) => stored.includes(m));
      if (known.length > 0) return known;
    }
  } catch {
    /* fall through */
  }
  return [...METHODS];
}

// Enrollment enforcement as the UI sees it (docs/guide.md §4), read from GET /auth/session's
// `enforcement: {mode, required, enrolled, canEnroll}`:
//   hard  every page leads to the enrollment page (the server refuses every other route with
//         403 two_factor_enrollment_required, and the API client reports that too);
//   soft  a prompt on every page load, which "Skip for now" hides until the next page load.
import type { Session } from '../../api/types.ts';

/** The enrollment screen of the sign-in flow; it also serves sessions held by hard enforcement. */
export const ENROLLMENT_PATH = '/login/two-factor-setup';

/** Held at enrollment: the session state says so, or hard enforcement began after it opened. */
export const mustEnroll = (session: Session): boolean =>
  session.state === 'enrollment_required' || (session.enforcement.mode === 'hard' && session.enforcement.required && !session.enforcement.enrolled);

/** Soft enforcement: ask (skippably) on every page load; one who cannot set up is offered to notify an admin instead. */
export const shouldPromptEnrollment = (session: Session): boolean =>
  session.state === 'active' && session.enforcement.mode === 'soft' && session.enforcement.required && !session.enforcement.enrolled;

/** The enrollment page, remembering the page the user wanted (`?next=`, as the login page does). */
export function enrollmentUrl(pathname: string, search: string): string {
  if (pathname === ENROLLMENT_PATH) return `${ENROLLMENT_PATH}${search}`;
  if (pathname === '/' || pathname.startsWith('/login')) return ENROLLMENT_PATH;
  return `${ENROLLMENT_PATH}?${new URLSearchParams({ next: pathname + search }).toString()}`;
}

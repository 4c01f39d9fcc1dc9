// What the confirmation screen does with each refusal of a protected decision (API.md
// "Decision errors"). The screen stays; only the field at fault is cleared and explained.
import { codeRefusalMessage, isApiProblem } from '../../../api/problem.ts';
import type { Method } from '../../../api/types.ts';

export type Refusal = {
  /** Shown under the code field (or the Send code button); the field is cleared. */
  codeError?: string;
  /** Shown under the password field, which is cleared. */
  passwordError?: string;
  /** The identity provider's sign-in sent in place of the password was refused (used or expired). */
  reauthError?: 'reauth_invalid';
  /** The emailed code's challenge is used up or expired: a new code must be sent. */
  dropChallenge?: boolean;
  /** Seconds to wait (too_many_attempts). */
  waitSeconds?: number;
  /** Shown above the form. */
  alert?: unknown;
  /** Not this screen's to answer (not enrolled, step closed…): hand it to the panel. */
  escalate?: boolean;
};

/** `signedWith`: what stood for the password in the refused request. */
export function refusalFor(err: unknown, method: Method, signedWith: 'password' | 'reauth' = 'password'): Refusal {
  if (!isApiProblem(err)) return { alert: err };
  switch (err.code) {
    case 'second_factor_invalid':
      if (method === 'webauthn') return { alert: err };
      return { codeError: method === 'backup_code' ? 'That backup code is not valid or was already used. Try another one.' : codeRefusalMessage(err) };
    case 'second_factor_required':
      return {
        dropChallenge: true,
        codeError: method === 'email_code' ? 'That code is no longer valid. Send a new code.' : 'Enter a code from your second factor.',
      };
    case 'signature_invalid':
      if (signedWith === 'reauth') return { reauthError: 'reauth_invalid' };
      return { passwordError: 'That password is not right. Your signature was not applied.' };
    case 'too_many_attempts':
      return { waitSeconds: err.retryAfter ?? 60, alert: err, codeError: '' };
    case 'signature_required':
    case 'invalid_request':
      return { alert: err };
    default:
      return { escalate: true };
  }
}

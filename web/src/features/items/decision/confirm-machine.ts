// The protected-decision confirmation as a state machine: one state object, typed events, and a
// pure reducer (no React), so every transition is tested on its own (confirm-machine.test.ts).
//
//   editing ──send-code──▶ sending ──code-sent / refused──▶ editing
//   editing ──submit─────▶ submitting ──refused──▶ editing
//                                     └─decided──▶ decided (stays busy: the panel moves on)
//   editing ──leave──────▶ leaving (off to the identity provider; the page unloads)
//
// The fields (method, code, password, meaning) stay typeable until the decision is recorded or
// the page leaves; a refusal clears the field at fault and says why (decision-refusal.ts), never
// the whole screen. Requests start only from editing, so a double click sends one.
import type { Method } from '../../../api/types.ts';
import type { Refusal } from './decision-refusal.ts';
import type { ReauthProblem } from './sso-reauth.ts';

type ConfirmPhase = 'editing' | 'sending' | 'submitting' | 'decided' | 'leaving';

export type ConfirmState = {
  phase: ConfirmPhase;
  method: Method;
  code: string;
  codeError: string | undefined;
  password: string;
  passwordError: string | undefined;
  meaning: string;
  /** The emailed code's challenge, once a code was sent, and where it went. */
  challengeId: string | undefined;
  sentTo: string | undefined;
  /** A proof of a new sign-in at the identity provider, in place of the password (single use, 5 minutes). */
  reauthToken: string | undefined;
  reauthProblem: ReauthProblem | undefined;
  /** Shown above the form. */
  error: unknown;
  /** Epoch ms until which Confirm stays disabled (too_many_attempts). */
  blockedUntil: number | undefined;
};

export type ConfirmEvent =
  | { type: 'method'; method: Method }
  | { type: 'code'; code: string }
  | { type: 'password'; password: string }
  | { type: 'meaning'; meaning: string }
  | { type: 'send-code' }
  | { type: 'code-sent'; challengeId: string; sentTo: string | undefined }
  /** Confirm pressed with something missing: the messages beside the fields. */
  | { type: 'incomplete'; codeError: string | undefined; passwordError: string | undefined }
  | { type: 'submit' }
  | { type: 'decided' }
  /** `reauthProblem`: set when the provider's proof sent in place of the password was refused. */
  | { type: 'refused'; refusal: Refusal; reauthProblem?: ReauthProblem | undefined; now: number }
  | { type: 'use-password' }
  | { type: 'leave' };

export function initialConfirmState(start: {
  method: Method;
  meaning: string;
  reauthToken?: string | undefined;
  reauthProblem?: ReauthProblem | undefined;
}): ConfirmState {
  return {
    phase: 'editing',
    method: start.method,
    code: '',
    codeError: undefined,
    password: '',
    passwordError: undefined,
    meaning: start.meaning,
    challengeId: undefined,
    sentTo: undefined,
    reauthToken: start.reauthToken,
    reauthProblem: start.reauthProblem,
    error: undefined,
    blockedUntil: undefined,
  };
}

/** Busy: a request is out, the decision is recorded, or the page is leaving. */
export const isBusy = (s: ConfirmState) => s.phase !== 'editing';

/** The fields stay typeable while a request is out (as they are on screen); not once it is over. */
const typeable = (s: ConfirmState) => s.phase !== 'decided' && s.phase !== 'leaving';

export function confirmReducer(s: ConfirmState, e: ConfirmEvent): ConfirmState {
  switch (e.type) {
    case 'method':
      // Another factor: the code typed for the last one means nothing, nor do its messages.
      return typeable(s) ? { ...s, method: e.method, code: '', codeError: undefined, error: undefined } : s;
    case 'code':
      return typeable(s) ? { ...s, code: e.code, codeError: undefined } : s;
    case 'password':
      return typeable(s) ? { ...s, password: e.password, passwordError: undefined } : s;
    case 'meaning':
      return typeable(s) ? { ...s, meaning: e.meaning } : s;
    case 'send-code':
      return s.phase === 'editing' ? { ...s, phase: 'sending', error: undefined, codeError: undefined } : s;
    case 'code-sent':
      return s.phase === 'sending' ? { ...s, phase: 'editing', challengeId: e.challengeId, sentTo: e.sentTo, code: '' } : s;
    case 'incomplete':
      return s.phase === 'editing' ? { ...s, codeError: e.codeError, passwordError: e.passwordError, error: undefined } : s;
    case 'submit':
      return s.phase === 'editing' ? { ...s, phase: 'submitting', codeError: undefined, passwordError: undefined, error: undefined } : s;
    case 'decided':
      return s.phase === 'submitting' ? { ...s, phase: 'decided' } : s;
    case 'refused':
      if (s.phase !== 'sending' && s.phase !== 'submitting') return s;
      return applyRefusal({ ...s, phase: 'editing' }, e.refusal, e.reauthProblem, e.now);
    case 'use-password':
      return s.phase === 'editing' ? { ...s, reauthToken: undefined, reauthProblem: undefined } : s;
    case 'leave':
      return s.phase === 'editing' ? { ...s, phase: 'leaving' } : s;
  }
}

function applyRefusal(s: ConfirmState, r: Refusal, reauthProblem: ReauthProblem | undefined, now: number): ConfirmState {
  // Not this screen's to answer: the panel takes it (decision-panel.tsx); nothing here changes.
  if (r.escalate) return s;
  const next = { ...s };
  // The server spends the provider's proof only with a recorded decision: a wrong code keeps it
  // (it lasts 5 minutes); a refused proof (used, expired) brings the choice back.
  if (reauthProblem) {
    next.reauthToken = undefined;
    next.reauthProblem = reauthProblem;
  }
  if (r.codeError !== undefined) {
    next.code = '';
    next.codeError = r.codeError || undefined;
  }
  if (r.passwordError) {
    next.password = '';
    next.passwordError = r.passwordError;
  }
  if (r.dropChallenge) next.challengeId = undefined;
  if (r.waitSeconds) next.blockedUntil = now + r.waitSeconds * 1000;
  if (r.alert) next.error = r.alert;
  return next;
}

const CODE_LENGTH: Partial<Record<Method, number>> = { totp: 6, email_code: 6, backup_code: 8 };

/**
 * What Confirm needs that the form does not hold yet, as the messages beside the fields;
 * undefined when the decision can be sent. `digits`: the code as typed, without spaces.
 */
export function missingProof(
  s: ConfirmState,
  need: { twoFactor: boolean; signature: boolean; ssoOffered: boolean },
  digits: string,
): { codeError: string | undefined; passwordError: string | undefined } | undefined {
  let passwordError: string | undefined;
  let codeError: string | undefined;
  if (need.signature && !s.reauthToken && !s.password) {
    passwordError = need.ssoOffered ? 'Enter your password, or sign in again at your identity provider.' : 'Enter your password to sign.';
  }
  if (need.twoFactor && s.method !== 'webauthn') {
    const want = CODE_LENGTH[s.method] ?? 6;
    if (s.method === 'email_code' && !s.challengeId) codeError = 'Send a code to your email first.';
    else if (!new RegExp(`^\\d{${want}}$`).test(digits)) codeError = `Enter the ${want}-digit code.`;
  }
  return passwordError || codeError ? { codeError, passwordError } : undefined;
}

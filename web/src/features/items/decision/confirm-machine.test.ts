import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../../../api/problem.ts';
import { confirmReducer, initialConfirmState, isBusy, missingProof, type ConfirmEvent, type ConfirmState } from './confirm-machine.ts';
import { refusalFor } from './decision-refusal.ts';

const start = (over: Partial<ConfirmState> = {}): ConfirmState => ({ ...initialConfirmState({ method: 'totp', meaning: 'Approved' }), ...over });
const run = (s: ConfirmState, ...events: ConfirmEvent[]) => events.reduce(confirmReducer, s);
const problem = (code: string, status = 400, retryAfter?: number) => new ApiProblem(status, { code, title: code }, retryAfter);
const NOW = 1_000_000;

describe('the protected-decision state machine', () => {
  it('starts editing, with what came back from the identity provider', () => {
    const s = initialConfirmState({ method: 'email_code', meaning: 'Reviewed', reauthToken: 'tok' });
    expect(s).toMatchObject({ phase: 'editing', method: 'email_code', meaning: 'Reviewed', reauthToken: 'tok', code: '', password: '' });
    expect(isBusy(s)).toBe(false);
  });

  it('changing the factor clears the code, its message and the alert', () => {
    const s = run(start({ code: '123456', codeError: 'Wrong', error: 'x' }), { type: 'method', method: 'backup_code' });
    expect(s).toMatchObject({ method: 'backup_code', code: '', codeError: undefined, error: undefined });
  });

  it('typing a code or a password clears only that field’s message', () => {
    const s = run(start({ codeError: 'c', passwordError: 'p' }), { type: 'code', code: '1' });
    expect(s).toMatchObject({ code: '1', codeError: undefined, passwordError: 'p' });
    expect(run(s, { type: 'password', password: 'pw' })).toMatchObject({ password: 'pw', passwordError: undefined });
  });

  it('sending an emailed code: busy, then the challenge kept and the code field emptied', () => {
    const sending = run(start({ method: 'email_code', code: '99', codeError: 'old', error: 'old' }), { type: 'send-code' });
    expect(sending).toMatchObject({ phase: 'sending', codeError: undefined, error: undefined });
    expect(isBusy(sending)).toBe(true);
    expect(run(sending, { type: 'send-code' })).toBe(sending);
    const sent = run(sending, { type: 'code-sent', challengeId: 'ch1', sentTo: 'r***@example.com' });
    expect(sent).toMatchObject({ phase: 'editing', challengeId: 'ch1', sentTo: 'r***@example.com', code: '' });
  });

  it('a second submit while one is out is ignored, and a recorded decision stays busy', () => {
    const submitting = run(start({ codeError: 'x', passwordError: 'y', error: 'z' }), { type: 'submit' });
    expect(submitting).toMatchObject({ phase: 'submitting', codeError: undefined, passwordError: undefined, error: undefined });
    expect(run(submitting, { type: 'submit' })).toBe(submitting);
    const decided = run(submitting, { type: 'decided' });
    expect(decided.phase).toBe('decided');
    expect(isBusy(decided)).toBe(true);
    expect(run(decided, { type: 'code', code: '1' })).toBe(decided);
  });

  it('a wrong code keeps the screen: the code is cleared and explained, the password kept', () => {
    const s = run(
      start({ code: '111111', password: 'pw' }),
      { type: 'submit' },
      { type: 'refused', refusal: refusalFor(problem('second_factor_invalid'), 'totp'), now: NOW },
    );
    expect(s.phase).toBe('editing');
    expect(s.code).toBe('');
    expect(s.codeError).toMatch(/./);
    expect(s.password).toBe('pw');
  });

  it('a wrong password is cleared and explained; the code is kept', () => {
    const s = run(
      start({ code: '111111', password: 'bad' }),
      { type: 'submit' },
      { type: 'refused', refusal: refusalFor(problem('signature_invalid'), 'totp'), now: NOW },
    );
    expect(s).toMatchObject({ phase: 'editing', password: '', passwordError: 'That password is not right. Your signature was not applied.', code: '111111' });
  });

  it('an expired emailed challenge is dropped, so a new code must be sent', () => {
    const s = run(
      start({ method: 'email_code', challengeId: 'ch1', code: '123456' }),
      { type: 'submit' },
      { type: 'refused', refusal: refusalFor(problem('second_factor_required'), 'email_code'), now: NOW },
    );
    expect(s).toMatchObject({ challengeId: undefined, code: '', codeError: 'That code is no longer valid. Send a new code.' });
  });

  it('too many attempts blocks Confirm for the wait the server gave, and shows the alert', () => {
    const err = problem('too_many_attempts', 429, 90);
    const s = run(start({ code: '123456', codeError: 'x' }), { type: 'submit' }, { type: 'refused', refusal: refusalFor(err, 'totp'), now: NOW });
    expect(s).toMatchObject({ phase: 'editing', blockedUntil: NOW + 90_000, error: err, code: '', codeError: undefined });
  });

  it('a refused provider proof is forgotten and the problem shown; a wrong code alone keeps the proof', () => {
    const problemShown = { title: 'Used', text: 'Try again' };
    const refusedProof = run(
      start({ reauthToken: 'tok' }),
      { type: 'submit' },
      { type: 'refused', refusal: refusalFor(problem('signature_invalid'), 'totp', 'reauth'), reauthProblem: problemShown, now: NOW },
    );
    expect(refusedProof).toMatchObject({ reauthToken: undefined, reauthProblem: problemShown, passwordError: undefined });
    const wrongCode = run(
      start({ reauthToken: 'tok' }),
      { type: 'submit' },
      { type: 'refused', refusal: refusalFor(problem('second_factor_invalid'), 'totp', 'reauth'), now: NOW },
    );
    expect(wrongCode.reauthToken).toBe('tok');
  });

  it('a refusal the panel answers (escalate) only ends the wait; nothing on screen changes', () => {
    const before = start({ code: '123456', password: 'pw' });
    const s = run(before, { type: 'submit' }, { type: 'refused', refusal: refusalFor(problem('step_closed', 409), 'totp'), now: NOW });
    expect(s).toEqual({ ...before, phase: 'editing' });
  });

  it('a refusal with no request out is ignored', () => {
    const s = start();
    expect(run(s, { type: 'refused', refusal: { alert: 'x' }, now: NOW })).toBe(s);
  });

  it('leaving for the identity provider is final; “use your password” forgets the provider’s answer', () => {
    const leaving = run(start(), { type: 'leave' });
    expect(leaving.phase).toBe('leaving');
    expect(run(leaving, { type: 'submit' })).toBe(leaving);
    const back = run(start({ reauthToken: 'tok', reauthProblem: { title: 't', text: 'x' } }), { type: 'use-password' });
    expect(back).toMatchObject({ reauthToken: undefined, reauthProblem: undefined });
  });

  it('Confirm with something missing says what, beside each field', () => {
    const need = { twoFactor: true, signature: true, ssoOffered: false };
    expect(missingProof(start(), need, '')).toEqual({ codeError: 'Enter the 6-digit code.', passwordError: 'Enter your password to sign.' });
    expect(missingProof(start(), { ...need, ssoOffered: true }, '')?.passwordError).toBe('Enter your password, or sign in again at your identity provider.');
    expect(missingProof(start({ method: 'backup_code', password: 'pw' }), need, '123456')).toEqual({
      codeError: 'Enter the 8-digit code.',
      passwordError: undefined,
    });
    expect(missingProof(start({ method: 'email_code', password: 'pw' }), need, '123456')?.codeError).toBe('Send a code to your email first.');
    expect(missingProof(start({ method: 'webauthn', reauthToken: 'tok' }), need, '')).toBeUndefined();
    expect(missingProof(start({ password: 'pw' }), need, '123456')).toBeUndefined();
    const s = run(start({ error: 'old' }), { type: 'incomplete', codeError: 'c', passwordError: undefined });
    expect(s).toMatchObject({ phase: 'editing', codeError: 'c', passwordError: undefined, error: undefined });
  });
});

// An authenticator app that is not ours: `oathtool` (RFC 6238, SHA-1, 6 digits, 30 s) computes
// the codes, so the tests check the server against an independent implementation. A TOTP code
// is accepted once per user and 30-second step, within one step of the server's clock.
import { execFileSync } from 'node:child_process';

const STEP_MS = 30_000;

/** The clock of a server started on a test clock (start-signoff.ts): read, and moved forward. */
export type TestClock = { now(): number; advance(ms: number): void };

/** The code for `secret` (base32, spaces allowed) at `at` (default now). */
export function totpCode(secret: string, at: number = Date.now()): string {
  const base32 = secret.replace(/\s+/g, '').toUpperCase();
  const now = new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return execFileSync('oathtool', ['--totp', '-b', '--digits=6', `--now=${now}`, base32], { encoding: 'utf8' }).trim();
}

/** Milliseconds until the next 30-second step begins. */
const msToNextStep = (at: number = Date.now()) => STEP_MS - (at % STEP_MS);

/** Within this much of a step's end, the step before it is no longer handed out (it expires with the step). */
const EXPIRY_MARGIN_MS = 10_000;

/**
 * Codes in increasing steps, as the server demands (a step is accepted once per user). The
 * server accepts the steps one either side of its own (RFC 6238 §5.2, TOTP_DRIFT_STEPS), as
 * for a phone whose clock is a little behind or ahead, so three codes are available at any
 * moment: the previous step's (while the current step has a few seconds left), the current
 * one's and the next one's. Only a fourth code within the same 30 s waits for a step boundary;
 * with `clock` (the test clock of the server that checks the codes) the clock is moved on to
 * that boundary instead, as if the user had waited.
 */
export function createAuthenticator(
  secret: string,
  opts: { after?: { lastStep(): number; clock?: TestClock | undefined }; clock?: TestClock | undefined } = {},
) {
  // Steps are used per user, not per secret: a new secret for the same user starts after the old one's.
  let lastStep = opts.after?.lastStep() ?? -1;
  const clock = opts.clock ?? opts.after?.clock;
  return {
    secret,
    clock,
    lastStep: () => lastStep,
    async nextCode(): Promise<string> {
      const now = clock?.now() ?? Date.now();
      const current = Math.floor(now / STEP_MS);
      const step = Math.max(lastStep + 1, msToNextStep(now) > EXPIRY_MARGIN_MS ? current - 1 : current);
      // The server accepts `step` once its own step is at least step - 1: a server on a test
      // clock is moved on to that step, any other is waited for.
      if (step > current + 1) {
        if (clock) clock.advance(msToNextStep(now) + 250);
        else await new Promise((r) => setTimeout(r, msToNextStep() + 250));
      }
      lastStep = step;
      return totpCode(secret, step * STEP_MS + 1_000);
    },
  };
}

// An authenticator app that is not ours: `oathtool` (RFC 6238, SHA-1, 6 digits, 30 s) computes
// the codes, so the tests check the server against an independent implementation. A TOTP code
// is accepted once per user and 30-second step, so a test needing a second code waits for the
// next step.
import { execFileSync } from 'node:child_process';

const STEP_MS = 30_000;

/** The code for `secret` (base32, spaces allowed) at `at` (default now). */
export function totpCode(secret: string, at: number = Date.now()): string {
  const base32 = secret.replace(/\s+/g, '').toUpperCase();
  const now = new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return execFileSync('oathtool', ['--totp', '-b', '--digits=6', `--now=${now}`, base32], { encoding: 'utf8' }).trim();
}

/** Milliseconds until the next 30-second step begins. */
export const msToNextStep = (at: number = Date.now()) => STEP_MS - (at % STEP_MS);

/**
 * A code from a step no earlier code of this authenticator used: waits for the next step
 * boundary when needed (plus a small margin for clock skew between test and server).
 */
export function createAuthenticator(secret: string, opts: { after?: { lastStep(): number } } = {}) {
  // Steps are used per user, not per secret: a new secret for the same user starts after the old one's.
  let lastStep = opts.after?.lastStep() ?? -1;
  return {
    secret,
    lastStep: () => lastStep,
    async nextCode(): Promise<string> {
      let step = Math.floor(Date.now() / STEP_MS);
      if (step <= lastStep) {
        await new Promise((r) => setTimeout(r, msToNextStep() + 250));
        step = Math.floor(Date.now() / STEP_MS);
      }
      lastStep = step;
      return totpCode(secret, step * STEP_MS + 1_000);
    },
    /** Marks the current step as used (the code was consumed outside nextCode). */
    markUsed(): void {
      lastStep = Math.floor(Date.now() / STEP_MS);
    },
  };
}

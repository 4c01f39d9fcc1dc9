// The TOTP arithmetic the server verifies with, and nothing else: RFC 6238 is HOTP (RFC 4226)
// over the time-step counter T = floor(unixSeconds / 30). check(), confirmation and the RFC
// Appendix B vector tests all go through `totpAt`, so the vectors test the production path.
import { randomBytes } from 'node:crypto';
import { generateSync, type HashAlgorithm } from 'otplib';
import { constantTimeEqual } from '../../platform/crypto/constant-time.ts';
import { base32 } from '../../platform/ids.ts';

/**
 * docs/guide.md §2 and docs/security.md "Key URI format": SHA-1, 6 digits, 30 s are the only parameters
 * every common authenticator app honours (most ignore `algorithm`, `digits` and `period`), so
 * they are constants, not settings (docs/security.md A9).
 */
export const TOTP_DIGITS = 6 as const;
export const TOTP_PERIOD_SECONDS = 30;
/** RFC 6238 §5.2: "We RECOMMEND that at most one time step is allowed as the network delay." */
const TOTP_DRIFT_STEPS = 1;
/** RFC 4226 §4 R6 recommends 160 bits; docs/security.md A6 asks for >= 160 bits from a CSPRNG. */
const TOTP_SECRET_BYTES = 20;

/** The RFC 6238 §4.2 time step of a server-clock instant (epoch ms); T0 = 0. */
export const stepAt = (nowMs: number): number => Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);

/**
 * HOTP(K, T) truncated to `digits` (RFC 4226 §5.3, RFC 6238 §4.2). The code is a string with
 * its leading zeros (docs/security.md A2). `secret` is Base32 (as stored) or raw bytes (the RFC
 * seeds). `algorithm` exists only so the tests can replay the SHA-256/512 vectors; the server
 * always uses the default.
 */
export function totpAt(secret: string | Uint8Array, step: number, digits: 6 | 7 | 8 = TOTP_DIGITS, algorithm: HashAlgorithm = 'sha1'): string {
  return generateSync({ strategy: 'hotp', secret, counter: step, digits, algorithm });
}

/** Exactly six ASCII digits. No trimming, no other lengths: "5924", "0005924", " 005924" are refused (A2). */
export const isTotpCodeFormat = (code: unknown): code is string => typeof code === 'string' && /^[0-9]{6}$/.test(code);

/**
 * The step a code matches within ±1 step of the server clock `nowMs` (never a client time,
 * A10), or undefined. Every candidate is computed and compared in constant time, with no early
 * exit, so the timing does not reveal which step matched (A11). On the (1 in 10^6) chance two
 * candidates share a code, the current step wins, then the older one.
 */
export function matchTotpStep(secret: string, code: string, nowMs: number): number | undefined {
  if (!isTotpCodeFormat(code)) return undefined;
  const current = stepAt(nowMs);
  let matched: number | undefined;
  for (const offset of [0, -TOTP_DRIFT_STEPS, TOTP_DRIFT_STEPS]) {
    const step = current + offset;
    const hit = constantTimeEqual(totpAt(secret, step), code);
    if (hit && matched === undefined) matched = step;
  }
  return matched;
}

/** A fresh 160-bit CSPRNG secret in RFC 4648 Base32, upper case, without padding (Key URI format). */
export const newTotpSecret = (): string => base32(randomBytes(TOTP_SECRET_BYTES)).toUpperCase();

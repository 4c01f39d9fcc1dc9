// Attempt budgets for second-factor codes (docs/security.md B1–B8):
// - per user, across sessions, challenges and instances: 5 free failures, then back-off
//   doubling to 15 minutes: a guesser meets 429 long before 30 wrong codes;
// - per client address: 20 free failures; an attempt counts there only once it has failed
//   (until then it is one of at most 100 in flight per instance), so people behind one office
//   address confirming at the same moment do not use up the budget; past the 20, attempts are
//   reserved one at a time like the user's, and a success refunds its own;
// - per authenticator: at most 100 consecutive failures, then it is disabled and must be
//   re-bound through recovery or an admin (NIST SP 800-63B rev 4 §3.2.2 RL-2).
// Requesting a new code never resets a count (OBV-7): the counts are not on the challenge.
import { backoff, type AttemptPolicy } from '../platform/rate-limit.ts';
import type { UserId } from '../platform/ids.ts';
import { budgetAddress } from '../platform/budget-address.ts';

const FIFTEEN_MINUTES = 15 * 60_000;
/** Second-factor attempts from one client address evaluated at once on an instance. */
const ADDRESS_CODES_IN_FLIGHT = 100;
const USER_CODE_POLICY: AttemptPolicy = { delays: backoff(5, FIFTEEN_MINUTES), windowMs: 24 * 60 * 60_000, onSuccess: 'reset' };
const ADDRESS_CODE_POLICY: AttemptPolicy = {
  delays: backoff(20, FIFTEEN_MINUTES),
  windowMs: 60 * 60_000,
  onSuccess: 'refund',
  // A burst from one address gets at most 19 + 100 codes per instance evaluated before the back-off (docs/security.md Limits).
  inFlight: { max: ADDRESS_CODES_IN_FLIGHT },
};
/** NIST SP 800-63B rev 4 §3.2.2 RL-2: no more than 100 consecutive failures per authenticator. */
export const MAX_CONSECUTIVE_FAILURES = 100;
/** After this many consecutive wrong codes at sign-in, the owner hears their password may be known (docs/security.md B10). */
export const PASSWORD_COMPROMISE_NOTICE_AT = 5;
/** Email codes sent per user: 5 within 10 minutes, then waits (docs/security.md D6); a send is counted before it happens (no `inFlight`). */
export const EMAIL_SEND_POLICY: AttemptPolicy = { delays: backoff(5, 10 * 60_000), windowMs: 10 * 60_000, onSuccess: 'refund' };

export const codeAttemptKeys = (userId: UserId, ip: string) => [
  { key: `2fa:user:${userId}`, policy: USER_CODE_POLICY },
  { key: `2fa:address:${budgetAddress(ip)}`, policy: ADDRESS_CODE_POLICY },
];

/**
 * Requests that end in argon2id hashing (passkey registration with first backup codes, new
 * backup codes): 10 per user and 30 per client address within an hour for free, then back-off
 * doubling to 15 minutes; a success refunds its attempt. The hashing itself runs only after the
 * credential or proof checked out, so junk costs a signature check, never ten argon2id hashes.
 * No `inFlight` here: the hashing in flight is the very work these budgets bound.
 */
const HASHING_WORK_POLICY_USER: AttemptPolicy = { delays: backoff(10, FIFTEEN_MINUTES), windowMs: 60 * 60_000, onSuccess: 'refund' };
const HASHING_WORK_POLICY_ADDRESS: AttemptPolicy = { delays: backoff(30, FIFTEEN_MINUTES), windowMs: 60 * 60_000, onSuccess: 'refund' };

export const hashingWorkKeys = (what: 'passkey-registration' | 'backup-codes', userId: UserId, ip: string) => [
  { key: `${what}:user:${userId}`, policy: HASHING_WORK_POLICY_USER },
  { key: `${what}:address:${budgetAddress(ip)}`, policy: HASHING_WORK_POLICY_ADDRESS },
];

// SQL for the TOTP replay record (docs/security.md A4/A5): one conditional UPDATE, in the
// caller's transaction, that only moves factors.last_used_step forward.
import { compiledStatement } from '../../platform/db/compiled-query.ts';
import type { Executor } from '../../platform/db/connect.ts';
import type { FactorId } from '../../platform/ids.ts';

/**
 * Spends a time step (RFC 6238 §5.2: "The verifier MUST NOT accept the second attempt of the OTP
 * after the successful validation has been issued for the first OTP"): moves last_used_step
 * strictly forward to `step` on an active factor. False when the factor already accepted this or
 * a later step (the same code, or an older one after a newer one, A4) or is no longer active
 * (revoked or disabled since the check: revocation takes effect at once, H4). Of concurrent
 * requests on any instances exactly one moves it (A5: PostgreSQL's row lock makes the others
 * wait and then find the step spent; SQLite has one writer). A user has one active authenticator
 * app at a time (confirming a new one deletes the old), so the factor's step is the user's. With
 * `usedAt` (a verification, not a setup) the same statement records the factor's use, as
 * markFactorUsed does: when, and no consecutive failures (consumeRecordsUse).
 */
export async function advanceLastUsedStep(db: Executor, factorId: FactorId, step: number, usedAt?: number): Promise<boolean> {
  const use = usedAt === undefined ? {} : { last_used_at: usedAt, consecutive_failures: 0 };
  return Number((await lastUsedStepAdvanced(db, factorId, step, use)).numAffectedRows) === 1;
}
const lastUsedStepAdvanced = compiledStatement(
  (db: Executor, factorId: FactorId, step: number, use: { last_used_at?: number; consecutive_failures?: number }) =>
    db
      .updateTable('factors')
      .set({ last_used_step: step, ...use })
      .where('id', '=', factorId)
      .where('type', '=', 'totp')
      .where('status', '=', 'active')
      .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)])),
);

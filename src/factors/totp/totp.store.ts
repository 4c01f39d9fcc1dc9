// SQL for the TOTP replay record (docs/security.md A4/A5). Two atomic guards, both in the caller's
// transaction: the primary key of totp_accepted_steps (user_id, step), and a conditional UPDATE
// that only moves factors.last_used_step forward.
import { compiledQuery, compiledStatement } from '../../platform/db/compiled-query.ts';
import type { Executor } from '../../platform/db/connect.ts';
import { DAY_MS, type ExpiredRows } from '../../platform/db/expired-rows.ts';
import type { FactorId, UserId } from '../../platform/ids.ts';

/**
 * An accepted step is deleted a day after: a code is accepted only within a step of the time it
 * is checked at, so an older step can never come back (and the factor's last_used_step only moves forward).
 */
export const SPENT_TOTP_STEPS: ExpiredRows = { table: 'totp_accepted_steps', key: ['user_id', 'step'], column: 'accepted_at', keptMs: DAY_MS };

/**
 * Records an accepted time step; false when the user already used that step (another request
 * won the race, or a replay). ON CONFLICT DO NOTHING rather than catching the violation: on
 * PostgreSQL a caught unique violation would still abort the caller's transaction.
 */
export async function insertAcceptedStep(db: Executor, row: { userId: UserId; step: number; factorId: FactorId; acceptedAt: number }): Promise<boolean> {
  return (await stepAccepted(db, row.userId, row.step, row.factorId, row.acceptedAt)).length > 0;
}
const stepAccepted = compiledQuery((db: Executor, userId: UserId, step: number, factorId: FactorId, acceptedAt: number) =>
  db
    .insertInto('totp_accepted_steps')
    .values({ user_id: userId, step, factor_id: factorId, accepted_at: acceptedAt })
    .onConflict((oc) => oc.columns(['user_id', 'step']).doNothing())
    .returning('step'),
);

/**
 * Moves last_used_step forward to `step` on an active factor; false when the factor already
 * accepted this or a later step (an older code after a newer one, A4) or is no longer active
 * (revoked or disabled since the check: revocation takes effect at once, H4). With `usedAt` (a
 * verification, not a setup) the same statement records the factor's use, as markFactorUsed
 * does: when, and no consecutive failures.
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

import { compiledQuery, compiledStatement } from '../platform/db/compiled-query.ts';
import type { ExpressionBuilder } from 'kysely';
import type { Executor } from '../platform/db/connect.ts';
import type { DB } from '../platform/db/tables.ts';
import type { FactorId, OrgId, UserId } from '../platform/ids.ts';
import type { FactorStatus, FactorType } from './factor.ts';

export type FactorRow = DB['factors'];

export async function insertFactor(
  db: Executor,
  row: Omit<
    FactorRow,
    | 'consecutive_failures'
    | 'last_used_step'
    | 'last_used_at'
    | 'disabled_at'
    | 'activated_at'
    | 'secret_sealed'
    | 'email'
    | 'credential_id'
    | 'public_key'
    | 'sign_count'
    | 'transports'
  > &
    Partial<FactorRow>,
): Promise<void> {
  await db
    .insertInto('factors')
    .values({
      secret_sealed: null,
      email: null,
      credential_id: null,
      public_key: null,
      sign_count: null,
      transports: null,
      last_used_step: null,
      consecutive_failures: 0,
      activated_at: null,
      last_used_at: null,
      disabled_at: null,
      ...row,
    })
    .execute();
}

export const findFactor = (db: Executor, userId: UserId, id: FactorId): Promise<FactorRow | undefined> =>
  db.selectFrom('factors').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();

export const listFactors = (db: Executor, userId: UserId): Promise<FactorRow[]> =>
  db.selectFrom('factors').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();

export const findFactorOfType = async (db: Executor, userId: UserId, type: FactorType, status: FactorStatus): Promise<FactorRow | undefined> =>
  (await factorsOfType(db, userId, type, status))[0];
const factorsOfType = compiledQuery((db: Executor, userId: UserId, type: FactorType, status: FactorStatus) =>
  db.selectFrom('factors').selectAll().where('user_id', '=', userId).where('type', '=', type).where('status', '=', status).orderBy('created_at', 'desc'),
);

export async function listActiveTypes(db: Executor, userId: UserId): Promise<FactorType[]> {
  return (await activeTypes(db, userId)).map((r) => r.type as FactorType);
}
const activeTypes = compiledQuery((db: Executor, userId: UserId) =>
  db.selectFrom('factors').select('type').distinct().where('user_id', '=', userId).where('status', '=', 'active'),
);

/** pending → active, only from pending (a second confirmation finds nothing). */
export async function activateFactor(db: Executor, id: FactorId, now: number): Promise<boolean> {
  const r = await db
    .updateTable('factors')
    .set({ status: 'active', activated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteFactor(db: Executor, id: FactorId): Promise<void> {
  await db.deleteFrom('backup_codes').where('factor_id', '=', id).execute();
  await db.updateTable('challenges').set({ factor_id: null }).where('factor_id', '=', id).execute();
  await db.deleteFrom('factors').where('id', '=', id).execute();
}

export async function deletePendingOfType(db: Executor, userId: UserId, type: FactorType): Promise<void> {
  const rows = await db.selectFrom('factors').select('id').where('user_id', '=', userId).where('type', '=', type).where('status', '=', 'pending').execute();
  for (const r of rows) await deleteFactor(db, r.id);
}

export async function deleteAllFactors(db: Executor, userId: UserId): Promise<number> {
  const rows = await db.selectFrom('factors').select('id').where('user_id', '=', userId).execute();
  for (const r of rows) await deleteFactor(db, r.id);
  return rows.length;
}

/** Records a use of the factor; false when it is no longer active (removed or disabled since the proof was checked). */
export async function markFactorUsed(db: Executor, id: FactorId, now: number): Promise<boolean> {
  return Number((await factorUsed(db, id, now)).numAffectedRows) === 1;
}
const factorUsed = compiledStatement((db: Executor, id: FactorId, now: number) =>
  db.updateTable('factors').set({ last_used_at: now, consecutive_failures: 0 }).where('id', '=', id).where('status', '=', 'active'),
);

/** Counts one failure; returns the new count (the caller disables at the ceiling). */
export async function countFactorFailure(db: Executor, id: FactorId): Promise<number> {
  const row = await db
    .updateTable('factors')
    .set((eb) => ({ consecutive_failures: eb('consecutive_failures', '+', 1) }))
    .where('id', '=', id)
    .returning('consecutive_failures')
    .executeTakeFirst();
  return row?.consecutive_failures ?? 0;
}

export async function disableFactor(db: Executor, id: FactorId, now: number): Promise<boolean> {
  const r = await db
    .updateTable('factors')
    .set({ status: 'disabled', disabled_at: now })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const listOrgFactorUsers = (db: Executor, orgId: OrgId) =>
  db.selectFrom('factors').select(['user_id', 'status', 'type']).where('org_id', '=', orgId).execute();

/** Whether the user has a factor of these types in one of these states (one plan per length of the lists: compiled-query.ts). */
export async function hasFactorIn(db: Executor, userId: UserId, types: readonly FactorType[], statuses: readonly FactorStatus[]): Promise<boolean> {
  return (await factorIn(db, userId, types, statuses)).length > 0;
}
const factorIn = compiledQuery((db: Executor, userId: UserId, types: readonly FactorType[], statuses: readonly FactorStatus[]) =>
  db.selectFrom('factors').select('id').where('user_id', '=', userId).where('type', 'in', types).where('status', 'in', statuses).limit(1),
);

/**
 * "The session's user has a factor of these types in one of these states", as a condition for
 * the session's statement (accounts' enrolledWhen): the factors table stays this module's.
 */
export const sessionUserHasFactorIn = (types: readonly FactorType[], statuses: readonly FactorStatus[]) => (eb: ExpressionBuilder<DB, 'sessions'>) =>
  eb.exists(
    eb
      .selectFrom('factors')
      .select('factors.id')
      .whereRef('factors.user_id', '=', 'sessions.user_id')
      .where('factors.type', 'in', [...types])
      .where('factors.status', 'in', [...statuses]),
  );

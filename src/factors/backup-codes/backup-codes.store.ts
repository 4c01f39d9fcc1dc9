// SQL of backup codes. One `factors` row (type backup_codes) stands for the whole set; its
// codes are rows here, each an argon2id PHC string, spent by one conditional UPDATE.
import { compiledQuery } from '../../platform/db/compiled-query.ts';
import type { Executor } from '../../platform/db/connect.ts';
import type { DB } from '../../platform/db/tables.ts';
import type { FactorId, UserId } from '../../platform/ids.ts';

export type BackupCodeRow = DB['backup_codes'];

export async function insertBackupCodes(db: Executor, rows: BackupCodeRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('backup_codes').values(rows).execute();
}

export const listUnusedBackupCodes = (db: Executor, factorId: FactorId): Promise<Pick<BackupCodeRow, 'id' | 'code_hash'>[]> =>
  db.selectFrom('backup_codes').select(['id', 'code_hash']).where('factor_id', '=', factorId).where('used_at', 'is', null).orderBy('id').execute();

/**
 * Single use (docs/security.md C2/C3): only the first of any number of concurrent consumers, on any
 * instance, updates the row; the code must still belong to an active set (a regeneration or a
 * disable between check and consume voids it).
 */
export async function consumeBackupCode(db: Executor, id: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('backup_codes')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('factor_id', 'in', (eb) => eb.selectFrom('factors').select('factors.id').where('type', '=', 'backup_codes').where('status', '=', 'active'))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countUnusedBackupCodes(db: Executor, userId: UserId): Promise<number> {
  return Number((await unusedBackupCodes(db, userId))[0]?.n ?? 0);
}
const unusedBackupCodes = compiledQuery((db: Executor, userId: UserId) =>
  db
    .selectFrom('backup_codes')
    .innerJoin('factors', 'factors.id', 'backup_codes.factor_id')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('backup_codes.user_id', '=', userId)
    .where('backup_codes.used_at', 'is', null)
    // Both sides named by the user: a plan that starts from the factors (PostgreSQL's generic plan
    // of this prepared statement did, scanning every active factor: 17 ms a call) stays on one user's rows.
    .where('factors.user_id', '=', userId)
    .where('factors.type', '=', 'backup_codes')
    .where('factors.status', '=', 'active'),
);

/** Every backup-code set of the user, whatever its status (pending, active or disabled). */
export async function listBackupCodeFactorIds(db: Executor, userId: UserId): Promise<FactorId[]> {
  const rows = await db.selectFrom('factors').select('id').where('user_id', '=', userId).where('type', '=', 'backup_codes').execute();
  return rows.map((r) => r.id);
}

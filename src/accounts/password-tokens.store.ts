import type { Executor } from '../platform/db/connect.ts';
import type { DB } from '../platform/db/tables.ts';
import type { UserId } from '../platform/ids.ts';

export async function insertPasswordToken(db: Executor, row: DB['password_tokens']): Promise<void> {
  await db.insertInto('password_tokens').values(row).execute();
}

/** Single use by construction: one conditional UPDATE marks it used; a second caller gets nothing. */
export const consumePasswordToken = (db: Executor, tokenHash: string, purposes: string[], now: number) =>
  db
    .updateTable('password_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('purpose', 'in', purposes)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['org_id', 'user_id', 'purpose'])
    .executeTakeFirst();

/** A new link voids the user's earlier unused ones. */
/** The unused, unexpired token of one of `purposes`, without spending it. */
export const findLivePasswordToken = (db: Executor, tokenHash: string, purposes: string[], now: number) =>
  db
    .selectFrom('password_tokens')
    .select(['org_id', 'user_id'])
    .where('token_hash', '=', tokenHash)
    .where('purpose', 'in', purposes)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();

export async function voidPasswordTokens(db: Executor, userId: UserId, now: number): Promise<void> {
  await db.updateTable('password_tokens').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

import type { Executor } from '../platform/db/connect.ts';
import { DAY_MS, type ExpiredRows } from '../platform/db/expired-rows.ts';
import type { DB } from '../platform/db/tables.ts';
import type { UserId } from '../platform/ids.ts';

/** A reset or invitation link's hash is deleted a day after it expired (refused since, used or not). */
export const EXPIRED_PASSWORD_TOKENS: ExpiredRows = { table: 'password_tokens', key: ['id'], column: 'expires_at', keptMs: DAY_MS };

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

/** A new link voids the user's earlier unused ones. */
export async function voidPasswordTokens(db: Executor, userId: UserId, now: number): Promise<void> {
  await db.updateTable('password_tokens').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

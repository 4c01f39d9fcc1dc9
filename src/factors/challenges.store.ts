import type { Executor } from '../platform/db/connect.ts';
import { DAY_MS, type ExpiredRows } from '../platform/db/expired-rows.ts';
import type { DB } from '../platform/db/tables.ts';
import type { ChallengeId, UserId } from '../platform/ids.ts';

export type ChallengeRow = DB['challenges'];

/** A challenge is deleted a day after it expired (refused since, answered or not; a vote keeps what it proved). */
export const EXPIRED_CHALLENGES: ExpiredRows = { table: 'challenges', key: ['id'], column: 'expires_at', keptMs: DAY_MS };

export async function insertChallenge(db: Executor, row: ChallengeRow): Promise<void> {
  await db.insertInto('challenges').values(row).execute();
}

export const findChallenge = (db: Executor, id: ChallengeId): Promise<ChallengeRow | undefined> =>
  db.selectFrom('challenges').selectAll().where('id', '=', id).executeTakeFirst();

/** Single use: one conditional UPDATE; a concurrent second consumer gets false. */
export async function consumeChallenge(db: Executor, id: ChallengeId, now: number): Promise<boolean> {
  const r = await db
    .updateTable('challenges')
    .set({ consumed_at: now })
    .where('id', '=', id)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Every open challenge of the user ends (their second factors are being taken away). */
export async function voidAllOpenChallenges(db: Executor, userId: UserId, now: number): Promise<void> {
  await db.updateTable('challenges').set({ consumed_at: now }).where('user_id', '=', userId).where('consumed_at', 'is', null).execute();
}

/** A new code voids the user's earlier open ones for the same method and binding (docs/guide.md §2). */
export async function voidOpenChallenges(db: Executor, userId: UserId, method: string, binding: string, now: number): Promise<void> {
  await db
    .updateTable('challenges')
    .set({ consumed_at: now })
    .where('user_id', '=', userId)
    .where('method', '=', method)
    .where('binding', '=', binding)
    .where('consumed_at', 'is', null)
    .execute();
}

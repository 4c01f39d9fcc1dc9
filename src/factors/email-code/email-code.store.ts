// SQL of email codes beyond the shared challenge and factor stores: the HMAC of a code is
// written after its challenge exists (the HMAC covers the challenge id), the open
// confirmation challenge of a pending address is found by its binding, and a pending address
// is found to be replaced.
import type { Executor } from '../../platform/db/connect.ts';
import type { ChallengeId, FactorId, UserId } from '../../platform/ids.ts';
import type { ChallengeRow } from '../challenges.store.ts';

/** Sets the code HMAC of a challenge that has none yet (the challenge was opened in this transaction). */
export async function setChallengeCodeHash(db: Executor, id: ChallengeId, codeHash: string): Promise<void> {
  const r = await db.updateTable('challenges').set({ code_hash: codeHash }).where('id', '=', id).where('code_hash', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new TypeError(`challenge ${id} already has a code`);
}

/** The newest open challenge of this user, method and binding (opening one voids the older ones). */
export const findOpenChallengeByBinding = (db: Executor, userId: UserId, method: string, binding: string, now: number): Promise<ChallengeRow | undefined> =>
  db
    .selectFrom('challenges')
    .selectAll()
    .where('user_id', '=', userId)
    .where('method', '=', method)
    .where('binding', '=', binding)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();

export async function listPendingEmailFactorIds(db: Executor, userId: UserId, email: string): Promise<FactorId[]> {
  const rows = await db
    .selectFrom('factors')
    .select('id')
    .where('user_id', '=', userId)
    .where('type', '=', 'email')
    .where('status', '=', 'pending')
    .where('email', '=', email)
    .execute();
  return rows.map((r) => r.id);
}

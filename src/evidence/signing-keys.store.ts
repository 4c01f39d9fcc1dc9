// The signing-key generations (migration 0007). Only public material is stored: each instance
// derives a generation's private key from SIGNOFF_SECRET_KEY. The primary key on `generation`
// is what makes two concurrent rotations add one generation, not two of the same number.
import { compiledQuery } from '../platform/db/compiled-query.ts';
import type { Executor } from '../platform/db/connect.ts';
import type { DB } from '../platform/db/tables.ts';

export type SigningKeyRow = DB['signing_keys'];

/**
 * Records a generation unless it exists; true when this call inserted it. No conflict target:
 * `kid` is unique too, and PostgreSQL raises a conflict on a unique index that is not the
 * target when two instances insert the same generation at once (both record generation 0 on
 * first use), which answered 500.
 */
export async function insertGeneration(db: Executor, row: SigningKeyRow): Promise<boolean> {
  const inserted = await db
    .insertInto('signing_keys')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returning('generation')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The newest generation (the one new signatures use), or undefined before the first. */
export const findNewestGeneration = async (db: Executor): Promise<SigningKeyRow | undefined> => (await newestGeneration(db))[0];
const newestGeneration = compiledQuery((db: Executor) => db.selectFrom('signing_keys').selectAll().orderBy('generation', 'desc').limit(1));

export const listGenerations = (db: Executor): Promise<SigningKeyRow[]> => db.selectFrom('signing_keys').selectAll().orderBy('generation', 'asc').execute();

export async function retireGenerationsBefore(db: Executor, generation: number, at: number): Promise<void> {
  await db.updateTable('signing_keys').set({ retired_at: at }).where('generation', '<', generation).where('retired_at', 'is', null).execute();
}

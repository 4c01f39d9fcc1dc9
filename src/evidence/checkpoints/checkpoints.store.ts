// Signed audit checkpoints (migration 0007): one row per (organisation, seq), append-only
// (triggers refuse UPDATE and DELETE). The primary key makes a checkpoint at-most-once however
// many instances run the scheduler at the same moment.
import type { Executor } from '../../platform/db/connect.ts';
import type { DB } from '../../platform/db/tables.ts';

export type CheckpointRow = DB['audit_checkpoints'];

/** Inserts unless a checkpoint of this (org, seq) exists; true when this call inserted it. */
export async function insertCheckpoint(db: Executor, row: CheckpointRow): Promise<boolean> {
  const inserted = await db
    .insertInto('audit_checkpoints')
    .values(row)
    .onConflict((oc) => oc.columns(['org_id', 'seq']).doNothing())
    .returning('seq')
    .executeTakeFirst();
  return inserted !== undefined;
}

export const findCheckpoint = (db: Executor, orgId: string, seq: number): Promise<CheckpointRow | undefined> =>
  db.selectFrom('audit_checkpoints').selectAll().where('org_id', '=', orgId).where('seq', '=', seq).executeTakeFirst();

/** The checkpoint of the highest seq. */
export const findLatestCheckpoint = (db: Executor, orgId: string): Promise<CheckpointRow | undefined> =>
  db.selectFrom('audit_checkpoints').selectAll().where('org_id', '=', orgId).orderBy('seq', 'desc').limit(1).executeTakeFirst();

/** Checkpoints made at or after `since` (ms), oldest first, at most `limit`. */
export function listCheckpoints(db: Executor, orgId: string, q: { since?: number | undefined; limit: number }): Promise<CheckpointRow[]> {
  let query = db.selectFrom('audit_checkpoints').selectAll().where('org_id', '=', orgId);
  if (q.since !== undefined) query = query.where('at', '>=', q.since);
  return query.orderBy('seq', 'asc').limit(q.limit).execute();
}

/** Every checkpoint of the organisation (verification reads them all; one per 100 entries or hour). */
export const listAllCheckpoints = (db: Executor, orgId: string): Promise<CheckpointRow[]> =>
  db.selectFrom('audit_checkpoints').selectAll().where('org_id', '=', orgId).orderBy('seq', 'asc').execute();

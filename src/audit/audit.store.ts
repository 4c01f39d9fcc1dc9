import { compiledQuery, compiledStatement } from '../platform/db/compiled-query.ts';
import type { Executor } from '../platform/db/connect.ts';
import type { DB } from '../platform/db/tables.ts';

export type AuditRow = DB['audit_entries'];

/**
 * Claims the next `count` sequence numbers of the organisation's chain in one statement
 * (creating its head at the genesis on its first entries) and returns the last one claimed
 * with the head hash before them. The upsert takes the head's row lock (PostgreSQL) or the
 * write lock (SQLite) until the caller's transaction ends, so chaining is serialised per
 * organisation across instances: the caller does it as the last step before COMMIT.
 */
export async function claimSeqs(db: Executor, orgId: string, count: number, genesis: string): Promise<{ lastSeq: number; prevHash: string }> {
  const [row] = await claimedHead(db, orgId, count, genesis);
  if (!row) throw new Error('audit: claiming sequence numbers returned no head');
  return { lastSeq: Number(row.seq), prevHash: row.head_hash };
}
const claimedHead = compiledQuery((db: Executor, orgId: string, count: number, genesis: string) =>
  db
    .insertInto('audit_heads')
    .values({ org_id: orgId, seq: count, head_hash: genesis })
    .onConflict((oc) => oc.column('org_id').doUpdateSet((eb) => ({ seq: eb('audit_heads.seq', '+', eb.ref('excluded.seq')) })))
    .returning(['seq', 'head_hash']),
);

/**
 * Moves the head from `from` (the seq and hash this instance last committed for the organisation)
 * past `count` entries to `hash`, claiming their seqs and moving the head hash in one statement;
 * false when the head is no longer there (another instance, process or transaction moved it),
 * and then nothing changed. PostgreSQL re-checks the condition on a row a concurrent transaction
 * just committed, SQLite serialises writers: two transactions never both move it from `from`.
 */
export async function advanceHead(db: Executor, orgId: string, from: { seq: number; hash: string }, count: number, hash: string): Promise<boolean> {
  const { numAffectedRows } = await headAdvance(db, orgId, from.seq + count, hash, from.seq, from.hash);
  return Number(numAffectedRows ?? 0) === 1;
}
const headAdvance = compiledStatement((db: Executor, orgId: string, seq: number, hash: string, fromSeq: number, fromHash: string) =>
  db.updateTable('audit_heads').set({ seq, head_hash: hash }).where('org_id', '=', orgId).where('seq', '=', fromSeq).where('head_hash', '=', fromHash),
);

/** Rows per INSERT: 14 columns each, well under SQLite's and PostgreSQL's parameter limits. */
const INSERT_BATCH = 500;

/** Stores chained entries, in as few statements as the parameter limit allows. */
export async function insertEntries(db: Executor, rows: readonly AuditRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_BATCH) await insertBatch(db, rows.slice(i, i + INSERT_BATCH));
}

const insertBatch = compiledStatement((db: Executor, rows: readonly AuditRow[]) => db.insertInto('audit_entries').values(rows));
/** Moves the head hash of seqs claimed with claimSeqs to the last entry's. */
export const moveHeadHash = compiledStatement((db: Executor, orgId: string, hash: string) =>
  db.updateTable('audit_heads').set({ head_hash: hash }).where('org_id', '=', orgId),
);

export const findHead = (db: Executor, orgId: string) =>
  db.selectFrom('audit_heads').select(['seq', 'head_hash']).where('org_id', '=', orgId).executeTakeFirst();

export function listEntries(
  db: Executor,
  orgId: string,
  q: { type?: string | undefined; since?: number | undefined; limit: number; afterSeq?: number | undefined; order: 'asc' | 'desc' },
): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_entries').selectAll().where('org_id', '=', orgId);
  if (q.type) query = query.where('type', '=', q.type);
  if (q.since !== undefined) query = query.where('at', '>=', q.since);
  if (q.afterSeq !== undefined) query = query.where('seq', '>', q.afterSeq);
  return query.orderBy('seq', q.order).limit(q.limit).execute();
}

/** Entries of `types` whose target is `target`, with `since < at <= until`, newest first. */
export function listEntriesAbout(
  db: Executor,
  orgId: string,
  q: { target: { type: string; id: string }; types: readonly string[]; since: number; until: number },
): Promise<AuditRow[]> {
  return db
    .selectFrom('audit_entries')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('target_type', '=', q.target.type)
    .where('target_id', '=', q.target.id)
    .where('type', 'in', [...q.types])
    .where('at', '>', q.since)
    .where('at', '<=', q.until)
    .orderBy('seq', 'desc')
    .execute();
}

/** The stored entry at `seq` (its id and recorded hash), if there is one. */
export const findEntryAt = (db: Executor, orgId: string, seq: number) =>
  db.selectFrom('audit_entries').select(['id', 'hash']).where('org_id', '=', orgId).where('seq', '=', seq).executeTakeFirst();

/** The stored entries at these seqs (id, seq and recorded hash); absent seqs are left out. */
export const findEntriesAt = (db: Executor, orgId: string, seqs: readonly number[]) =>
  db
    .selectFrom('audit_entries')
    .select(['id', 'seq', 'hash'])
    .where('org_id', '=', orgId)
    .where('seq', 'in', [...seqs])
    .execute();

export const listOrgIdsWithAudit = (db: Executor): Promise<string[]> =>
  db
    .selectFrom('audit_heads')
    .select('org_id')
    .execute()
    .then((rows) => rows.map((r) => r.org_id));

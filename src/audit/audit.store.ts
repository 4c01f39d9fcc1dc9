import type { Executor } from '../platform/db/connect.ts';
import type { DB } from '../platform/db/tables.ts';

export type AuditRow = DB['audit_entries'];

export async function ensureHead(db: Executor, orgId: string, genesis: string): Promise<void> {
  await db.insertInto('audit_heads').values({ org_id: orgId, seq: 0, head_hash: genesis })
    .onConflict((oc) => oc.column('org_id').doNothing()).execute();
}

/**
 * Advances the organisation's sequence and returns the new number with the previous head hash.
 * The UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite) until the caller's
 * transaction ends, so appends of one organisation are serialised across instances.
 */
export async function claimNextSeq(db: Executor, orgId: string): Promise<{ seq: number; prevHash: string }> {
  const row = await db.updateTable('audit_heads').set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('org_id', '=', orgId).returning(['seq', 'head_hash']).executeTakeFirstOrThrow();
  return { seq: Number(row.seq), prevHash: row.head_hash };
}

export async function insertEntry(db: Executor, row: AuditRow): Promise<void> {
  await db.insertInto('audit_entries').values(row).execute();
  await db.updateTable('audit_heads').set({ head_hash: row.hash }).where('org_id', '=', row.org_id).execute();
}

export const findHead = (db: Executor, orgId: string) =>
  db.selectFrom('audit_heads').select(['seq', 'head_hash']).where('org_id', '=', orgId).executeTakeFirst();

export function listEntries(db: Executor, orgId: string, q: { type?: string | undefined; since?: number | undefined; limit: number; afterSeq?: number | undefined; order: 'asc' | 'desc' }): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_entries').selectAll().where('org_id', '=', orgId);
  if (q.type) query = query.where('type', '=', q.type);
  if (q.since !== undefined) query = query.where('at', '>=', q.since);
  if (q.afterSeq !== undefined) query = query.where('seq', '>', q.afterSeq);
  return query.orderBy('seq', q.order).limit(q.limit).execute();
}

export const listOrgIdsWithAudit = (db: Executor): Promise<string[]> =>
  db.selectFrom('audit_heads').select('org_id').execute().then((rows) => rows.map((r) => r.org_id));

// SQL of the audit page's search (search.ts): one keyset page of an organisation's trail under
// filters, and whether more entries lie beyond it. Every query starts at the organisation's
// (org_id, seq) unique index, so paging stays cheap however long the trail grows; an item
// filter goes through (org_id, target_type, target_id, at) and a family filter can use
// (org_id, type, seq).
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Executor } from '../platform/db/connect.ts';
import { oneOf } from '../platform/db/one-of.ts';
import type { DB } from '../platform/db/tables.ts';
import type { AuditRow } from './audit.store.ts';

export type SearchWhere = {
  types?: readonly string[] | undefined;
  /**
   * Entries by one of these users, or whose actor label contains `labelText` (guests, refused
   * sign-ins). The users are bound as one value: a broad text may name tens of thousands.
   */
  actor?: { userIds: readonly string[]; labelText: string } | undefined;
  itemIds?: readonly string[] | undefined;
  /** Inclusive lower bounds and an exclusive upper bound on `at` (epoch milliseconds). */
  since?: number | undefined;
  from?: number | undefined;
  to?: number | undefined;
  /**
   * The export's item filter: entries whose target id is this id or whose stored JSON holds it
   * as an `"itemId"` member. A plain text match both databases run (the data column is text in
   * both); it may over-match (a nested `itemId`), so the caller applies the exact rule.
   */
  mentions?: string | undefined;
};

type Query = SelectQueryBuilder<DB, 'audit_entries', AuditRow>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const containsPattern = (text: string) => `%${escapeLike(text.toLowerCase())}%`;

function filtered(db: Executor, orgId: string, w: SearchWhere): Query {
  let q = db.selectFrom('audit_entries').selectAll().where('org_id', '=', orgId) as Query;
  if (w.types) q = q.where('type', 'in', [...w.types]);
  if (w.itemIds) q = q.where('target_type', '=', 'item').where('target_id', 'in', [...w.itemIds]);
  if (w.since !== undefined) q = q.where('at', '>=', w.since);
  if (w.from !== undefined) q = q.where('at', '>=', w.from);
  if (w.to !== undefined) q = q.where('at', '<', w.to);
  const actor = w.actor;
  if (actor) {
    // ESCAPE spelled out: SQLite has no default LIKE escape character, PostgreSQL's is '\'.
    const label = sql<boolean>`lower(actor_label) like ${containsPattern(actor.labelText)} escape '\\'`;
    q = q.where((eb) => (actor.userIds.length ? eb.or([oneOf(db, 'actor_user_id', actor.userIds), label]) : label));
  }
  const mentions = w.mentions;
  if (mentions !== undefined) {
    const pattern = `%${escapeLike(JSON.stringify({ itemId: mentions }).slice(1, -1))}%`;
    q = q.where((eb) => eb.or([eb('target_id', '=', mentions), sql<boolean>`${eb.ref('data')} like ${pattern} escape '\\'`]));
  }
  return q;
}

type PageCursor = { before?: number | undefined; after?: number | undefined; limit: number };

/** The query of one page, in the order it reads (exported for the query-plan test). */
export function pageQuery(db: Executor, orgId: string, w: SearchWhere, page: PageCursor): Query {
  const q = filtered(db, orgId, w);
  if (page.after !== undefined) return q.where('seq', '>', page.after).orderBy('seq', 'asc').limit(page.limit);
  return (page.before !== undefined ? q.where('seq', '<', page.before) : q).orderBy('seq', 'desc').limit(page.limit);
}

/**
 * The query of one page of a read from the oldest (an export): up to `limit` entries after
 * `afterSeq` through `throughSeq` (the head when the read began, so entries appended meanwhile
 * never join half-way), oldest first (exported for the query-plan test).
 */
export const ascendingPageQuery = (db: Executor, orgId: string, w: SearchWhere, page: { afterSeq: number; throughSeq: number; limit: number }): Query =>
  filtered(db, orgId, w).where('seq', '>', page.afterSeq).where('seq', '<=', page.throughSeq).orderBy('seq', 'asc').limit(page.limit);

export const ascendingPage = (
  db: Executor,
  orgId: string,
  w: SearchWhere,
  page: { afterSeq: number; throughSeq: number; limit: number },
): Promise<AuditRow[]> => ascendingPageQuery(db, orgId, w, page).execute();

/**
 * Up to `limit` entries, newest first: below `before`, or just above `after` (read upwards and
 * turned round, so "newer" pages are as cheap as "older" ones), or the newest.
 */
export async function searchPage(db: Executor, orgId: string, w: SearchWhere, page: PageCursor): Promise<AuditRow[]> {
  const rows = await pageQuery(db, orgId, w, page).execute();
  return page.after !== undefined ? rows.reverse() : rows;
}

/** Whether a matching entry exists below `seq` (older) or above it (newer). */
export async function existsBeyond(db: Executor, orgId: string, w: SearchWhere, side: 'older' | 'newer', seq: number): Promise<boolean> {
  const q = filtered(db, orgId, w).clearSelect().select('seq');
  const row = await (side === 'older' ? q.where('seq', '<', seq) : q.where('seq', '>', seq)).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Items whose title (as recorded by `item.submitted`) may contain `text`: a case-insensitive
 * text match on the stored JSON that both databases run; the caller checks the title exactly.
 */
export const findSubmittedItemsLike = (db: Executor, orgId: string, text: string, limit: number) =>
  db
    .selectFrom('audit_entries')
    .select(['target_id', 'data'])
    .where('org_id', '=', orgId)
    .where('type', '=', 'item.submitted')
    .where(sql<boolean>`lower(data) like ${containsPattern(JSON.stringify(text).slice(1, -1))} escape '\\'`)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();

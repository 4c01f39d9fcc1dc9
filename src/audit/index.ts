// The audit trail: append-only, hash-chained per organisation. A sink: callers hand it plain data.
import type { Clock } from '../platform/clock.ts';
import type { Executor, Tx } from '../platform/db/connect.ts';
import { iso } from '../platform/clock.ts';
import { appendAudit } from './append.ts';
import { findEntriesAt, findEntryAt, findHead, listEntries, listEntriesAbout, listEntriesPage, listOrgIdsWithAudit, type AuditRow } from './audit.store.ts';
import { GENESIS_HASH } from './chain.ts';
import type { AuditEvent } from './events.ts';
import { mentionsItem, type AuditExport, type ExportFilter } from './export.ts';
import { verifyChain } from './verify.ts';
import { searchEntries, type AuditSearch } from './search.ts';

export { AUDIT_EVENTS, type AuditEvent, type AuditEventType } from './events.ts';
export { canonicalJson } from './canonical.ts';
export type { VerifyResult } from './verify.ts';
export { AUDIT_FAMILIES, AUDIT_FAMILY_KEYS, familiesForWords, typesForTerm, type AuditFamily } from './families.ts';
export type { AuditSearch, AuditSearchPage } from './search.ts';
export { exportFileName, toCsv, toJsonDocument, type AuditExport, type ExportFilter } from './export.ts';

export type AuditEntryView = {
  id: string; seq: number; at: string; type: string;
  actor: { userId: string | null; label: string | null };
  target: { type: string; id: string } | null;
  data: unknown; ip: string | null; requestId: string | null; prevHash: string; hash: string;
};

export const toEntryView = (r: AuditRow): AuditEntryView => ({
  id: r.id, seq: Number(r.seq), at: iso(Number(r.at)), type: r.type,
  actor: { userId: r.actor_user_id, label: r.actor_label },
  target: r.target_type && r.target_id ? { type: r.target_type, id: r.target_id } : null,
  data: JSON.parse(r.data), ip: r.ip, requestId: r.request_id, prevHash: r.prev_hash, hash: r.hash,
});

export type Audit = ReturnType<typeof createAudit>;

// Rows per query when exporting: bounded memory per page, few round trips.
const EXPORT_PAGE = 1000;
// Seqs per IN list when checking checkpoints (well under SQLite's and PostgreSQL's parameter limits).
const ENTRIES_AT_BATCH = 500;

/** The organisation's whole trail (or the filtered part), oldest first, read in pages. */
async function exportEntries(db: Executor, clock: Clock, orgId: string, filter: ExportFilter): Promise<AuditExport> {
  const exportedAt = iso(clock.now());
  const head = await findHead(db, orgId);
  const throughSeq = head ? Number(head.seq) : 0;
  const entries: AuditEntryView[] = [];
  let afterSeq = 0;
  while (afterSeq < throughSeq) {
    const rows = await listEntriesPage(db, orgId, { afterSeq, throughSeq, limit: EXPORT_PAGE, type: filter.type, since: filter.since, until: filter.until, mentions: filter.itemId });
    for (const view of rows.map(toEntryView)) if (filter.itemId === undefined || mentionsItem(view, filter.itemId)) entries.push(view);
    if (rows.length < EXPORT_PAGE) break;
    afterSeq = Number(rows.at(-1)!.seq);
  }
  return { exportedAt, headHash: head?.head_hash ?? GENESIS_HASH, entries };
}

/** What the audit page searches by (search.ts), without its paging. */
export type ExportSearch = Omit<AuditSearch, 'before' | 'after' | 'limit'>;

/**
 * The export of what the audit page shows: every page of the search, up to the head when the
 * export began, oldest first. `itemId` (the export's own item filter) applies the exact rule
 * of mentionsItem on top.
 */
async function exportSearched(db: Executor, clock: Clock, orgId: string, search: ExportSearch, itemId: string | undefined): Promise<AuditExport> {
  const exportedAt = iso(clock.now());
  const head = await findHead(db, orgId);
  const newestFirst: AuditEntryView[] = [];
  let before = (head ? Number(head.seq) : 0) + 1;
  while (before > 1) {
    const page = await searchEntries(db, orgId, { ...search, before, limit: EXPORT_PAGE }, toEntryView);
    for (const view of page.entries) if (itemId === undefined || mentionsItem(view, itemId)) newestFirst.push(view);
    if (page.nextBefore === undefined) break;
    before = page.nextBefore;
  }
  return { exportedAt, headHash: head?.head_hash ?? GENESIS_HASH, entries: newestFirst.reverse() };
}

export function createAudit(deps: { clock: Clock }) {
  return {
    /**
     * Records `event` in `tx`: chained and stored in the transaction's last step before COMMIT
     * (append.ts), so its seq and hash are not known here. Rejects when `tx` runs no such step.
     */
    append: async (tx: Tx, event: AuditEvent): Promise<void> => appendAudit(tx, deps.clock, event),
    verify: (db: Executor, orgId: string) => verifyChain(db, orgId),
    async list(db: Executor, orgId: string, q: { type?: string | undefined; since?: number | undefined; limit: number }) {
      return (await listEntries(db, orgId, { ...q, order: 'desc' })).map(toEntryView);
    },
    /** The audit page: filters and keyset paging (search.ts). */
    search: (db: Executor, orgId: string, q: AuditSearch) => searchEntries(db, orgId, q, toEntryView),
    /** For JSON and CSV export (export.ts); the caller records `audit.exported`. */
    export: (db: Executor, orgId: string, filter: ExportFilter = {}) => exportEntries(db, deps.clock, orgId, filter),
    /** The export with the audit page's filters (who, item words, families, days): what the page shows, every page of it. */
    exportSearch: (db: Executor, orgId: string, search: ExportSearch, itemId?: string) => exportSearched(db, deps.clock, orgId, search, itemId),
    listOrgIds: (db: Executor) => listOrgIdsWithAudit(db),
    /** The organisation's chain head as recorded (seq 0 and the genesis hash before the first entry). */
    async head(db: Executor, orgId: string): Promise<{ seq: number; headHash: string }> {
      const head = await findHead(db, orgId);
      return head ? { seq: Number(head.seq), headHash: head.head_hash } : { seq: 0, headHash: GENESIS_HASH };
    },
    /** The stored entry at `seq` (id and recorded hash): what a checkpoint of that seq signed. */
    entryAt: (db: Executor, orgId: string, seq: number): Promise<{ id: string; hash: string } | undefined> => findEntryAt(db, orgId, seq),
    /** The stored entries at many seqs, read in batches: seq → {id, hash}; absent seqs are missing from the map. */
    async entriesAt(db: Executor, orgId: string, seqs: Iterable<number>): Promise<Map<number, { id: string; hash: string }>> {
      const wanted = [...new Set(seqs)];
      const found = new Map<number, { id: string; hash: string }>();
      for (let i = 0; i < wanted.length; i += ENTRIES_AT_BATCH) {
        for (const r of await findEntriesAt(db, orgId, wanted.slice(i, i + ENTRIES_AT_BATCH))) found.set(Number(r.seq), { id: r.id, hash: r.hash });
      }
      return found;
    },
    /** Entries of `types` about one target within `(since, until]`, newest first (derived facts such as signatures' credentialsReset). */
    async listAbout(db: Executor, orgId: string, q: { target: { type: string; id: string }; types: readonly string[]; since: number; until: number }) {
      return (await listEntriesAbout(db, orgId, q)).map(toEntryView);
    },
  };
}

// Reading the trail for an export: the organisation's whole trail (or the filtered part),
// oldest first, in pages, up to the head as it was when the export began. The documents
// themselves are export.ts's pure functions.
import { iso, type Clock } from '../platform/clock.ts';
import type { Executor } from '../platform/db/connect.ts';
import { findHead, listEntriesPage } from './audit.store.ts';
import { GENESIS_HASH } from './chain.ts';
import { toEntryView, type AuditEntryView } from './entry-view.ts';
import { mentionsItem, type AuditExport, type ExportFilter } from './export.ts';
import { searchEntries, type AuditSearch } from './search.ts';

// Rows per query when exporting: bounded memory per page, few round trips.
const EXPORT_PAGE = 1000;

export async function exportEntries(db: Executor, clock: Clock, orgId: string, filter: ExportFilter): Promise<AuditExport> {
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
export async function exportSearched(db: Executor, clock: Clock, orgId: string, search: ExportSearch, itemId: string | undefined): Promise<AuditExport> {
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

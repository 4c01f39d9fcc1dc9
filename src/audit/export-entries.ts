// Reading the trail for an export: the organisation's whole trail, or the part the audit page's
// filters find, oldest first, one page at a time, up to the head as it was when the export
// began. One reader serves every export (the download, an item's evidence and signature
// report): the search's filters (search.ts resolves them, so an export holds exactly what the
// search finds) and the export's own `until` and `itemId`. The documents are export.ts's.
import { iso, type Clock } from '../platform/clock.ts';
import type { Executor } from '../platform/db/connect.ts';
import { findHead } from './audit.store.ts';
import { GENESIS_HASH } from './chain.ts';
import { toEntryView, type AuditEntryView } from './entry-view.ts';
import { csvParts, jsonParts, mentionsItem, type AuditExport } from './export.ts';
import { resolveSearch, type AuditFilters } from './search.ts';
import { ascendingPage } from './search.store.ts';

// Rows per query when exporting: bounded memory per page, few round trips.
const EXPORT_PAGE = 1000;

/**
 * What an export reads by: the audit page's filters, `until` (exclusive, with `to` the earlier
 * holds) and `itemId`: entries whose target is the item or whose data names it (mentionsItem).
 */
export type ExportQuery = AuditFilters & { until?: number | undefined; itemId?: string | undefined };

/**
 * An export under way: the time it began, the head it reads up to, and its entries oldest
 * first, one array per page read (an array may be empty when the item rule dropped a page's
 * rows). The pages are read as they are consumed, once.
 */
export type TrailReading = { exportedAt: string; headHash: string; pages: AsyncIterable<AuditEntryView[]> };

/**
 * Opens an export: reads the head, resolves the filters (refusing words that name no event
 * family) and reads the first page, so whatever fails before the first byte of a document fails
 * here; the later pages are read as `pages` is consumed (keyset on seq, `pageSize` rows each).
 */
export async function readTrail(db: Executor, clock: Clock, orgId: string, query: ExportQuery, opts: { pageSize?: number } = {}): Promise<TrailReading> {
  const pageSize = opts.pageSize ?? EXPORT_PAGE;
  const exportedAt = iso(clock.now());
  const head = await findHead(db, orgId);
  const throughSeq = head ? Number(head.seq) : 0;
  const { where } = await resolveSearch(db, orgId, query);
  const { until, itemId } = query;
  const w = where && { ...where, to: where.to === undefined ? until : until === undefined ? where.to : Math.min(where.to, until), mentions: itemId };
  const read = (afterSeq: number) =>
    w && afterSeq < throughSeq ? ascendingPage(db, orgId, w, { afterSeq, throughSeq, limit: pageSize }) : Promise.resolve([]);
  const first = await read(0);
  async function* pages(): AsyncGenerator<AuditEntryView[]> {
    let rows = first;
    for (;;) {
      const views = rows.map(toEntryView);
      yield itemId === undefined ? views : views.filter((v) => mentionsItem(v, itemId));
      if (rows.length < pageSize) return;
      rows = await read(Number(rows.at(-1)!.seq));
    }
  }
  return { exportedAt, headHash: head?.head_hash ?? GENESIS_HASH, pages: pages() };
}

/** The whole export in memory: for the small ones (an item's trail in its evidence and signature report). */
export async function exportEntries(db: Executor, clock: Clock, orgId: string, query: ExportQuery): Promise<AuditExport> {
  const { pages, ...reading } = await readTrail(db, clock, orgId, query);
  const entries: AuditEntryView[] = [];
  for await (const page of pages) entries.push(...page);
  return { ...reading, entries };
}

export type ExportDocument = {
  format: 'json' | 'csv';
  organization: { id: string; name: string; slug: string };
  /** The filter as given (the JSON document names it). */
  filter: Record<string, string | undefined>;
  /**
   * Records the export (`audit.exported`) with the number of entries written: after the last
   * entry and before the document's end (`complete`), or once when the document is cut short
   * (the reader went away, a page's read failed). Its own failures are the caller's to log.
   */
  record: (entries: number, complete: boolean) => Promise<void>;
};

/**
 * The document as it goes, one string per page read (the first with the document's opening),
 * so memory holds one page whatever the trail's length. The export is recorded before the
 * document's end is written, so a failed record leaves it unfinished.
 */
export async function* exportDocument(reading: TrailReading, doc: ExportDocument): AsyncGenerator<string> {
  const parts = doc.format === 'json' ? jsonParts(reading, doc.organization, doc.filter) : csvParts;
  let opening = parts.opening;
  let written = 0;
  let complete = false;
  try {
    for await (const page of reading.pages) {
      if (page.length === 0) continue;
      const text = opening + parts.page(page, written === 0);
      opening = '';
      written += page.length;
      yield text;
    }
    complete = true;
    await doc.record(written, true);
    const end = opening + parts.end;
    if (end) yield end;
  } finally {
    if (!complete) await doc.record(written, false).catch(() => undefined);
  }
}

// The audit trail: append-only, hash-chained per organisation. A sink: callers hand it plain data.
import type { Clock } from '../platform/clock.ts';
import type { Executor, Tx } from '../platform/db/connect.ts';
import { appendAudit } from './append.ts';
import { findEntryAt, listEntries, listEntriesAbout, listOrgIdsWithAudit } from './audit.store.ts';
import type { AuditEvent } from './events.ts';
import { toEntryView } from './entry-view.ts';
import { exportEntries, readTrail, type ExportQuery } from './export-entries.ts';
import { readEntriesAt, readHead } from './read-entries.ts';
import { verifyChain } from './verify.ts';
import { searchEntries, type AuditSearch } from './search.ts';

export { type AuditEvent } from './events.ts';
export { canonicalJson } from './canonical.ts';
export type { VerifyResult } from './verify.ts';
export type { AuditSearch } from './search.ts';
export { type AuditEntryView } from './entry-view.ts';
export { exportFileName, toCsv } from './export.ts';
export { exportDocument, type ExportQuery } from './export-entries.ts';

export type Audit = ReturnType<typeof createAudit>;

export function createAudit(deps: { clock: Clock }) {
  return {
    /**
     * Records `event` in `tx`: chained and stored in the transaction's last step before COMMIT
     * (append.ts), so its seq and hash are not known here. Rejects when `tx` runs no such step.
     */
    append: async (tx: Tx, event: AuditEvent): Promise<void> => appendAudit(tx, deps.clock, event),
    verify: (db: Executor, orgId: string, onProgress?: (checked: number) => void) => verifyChain(db, orgId, onProgress),
    async list(db: Executor, orgId: string, q: { type?: string | undefined; since?: number | undefined; limit: number }) {
      return (await listEntries(db, orgId, { ...q, order: 'desc' })).map(toEntryView);
    },
    /** The audit page: filters and keyset paging (search.ts). */
    search: (db: Executor, orgId: string, q: AuditSearch) => searchEntries(db, orgId, q, toEntryView),
    /** A small export held in memory: an item's trail (`{ itemId }`) for its evidence bundle and signature report. */
    export: (db: Executor, orgId: string, query: ExportQuery = {}) => exportEntries(db, deps.clock, orgId, query),
    /**
     * An export to write as it is read (export-entries.ts): with the audit page's filters and the
     * export's own, what the page shows, every page of it; `exportDocument` makes the JSON or CSV.
     */
    readExport: (db: Executor, orgId: string, query: ExportQuery = {}) => readTrail(db, deps.clock, orgId, query),
    listOrgIds: (db: Executor) => listOrgIdsWithAudit(db),
    /** The organisation's chain head as recorded (seq 0 and the genesis hash before the first entry). */
    head: (db: Executor, orgId: string) => readHead(db, orgId),
    /** The stored entry at `seq` (id and recorded hash): what a checkpoint of that seq signed. */
    entryAt: (db: Executor, orgId: string, seq: number): Promise<{ id: string; hash: string } | undefined> => findEntryAt(db, orgId, seq),
    /** The stored entries at many seqs, read in batches: seq → {id, hash}; absent seqs are missing from the map. */
    entriesAt: (db: Executor, orgId: string, seqs: Iterable<number>) => readEntriesAt(db, orgId, seqs),
    /** Entries of `types` about one target within `(since, until]`, newest first (derived facts such as signatures' credentialsReset). */
    async listAbout(db: Executor, orgId: string, q: { target: { type: string; id: string }; types: readonly string[]; since: number; until: number }) {
      return (await listEntriesAbout(db, orgId, q)).map(toEntryView);
    },
  };
}

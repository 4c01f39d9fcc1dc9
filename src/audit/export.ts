// The audit trail as documents to hand over (docs/guide.md §8, docs/security.md J8; 21 CFR 11.10(e):
// "available for agency review and copying"): a JSON document and RFC 4180 CSV, whole or as
// they go (one string per page of entries, byte for byte the same document). Pure functions
// over entry views; reading the store in pages is export-entries.ts's job.
import { canonicalJson } from './canonical.ts';
import type { AuditEntryView } from './entry-view.ts';

export type AuditExport = {
  exportedAt: string;
  /** The chain's head when the export began: the hash a verifier should reach at its end. */
  headHash: string;
  entries: AuditEntryView[];
};

/** CSV columns, in order. `data` is canonical JSON, the very encoding the entry hash covers. */
export const CSV_COLUMNS = [
  'seq',
  'at',
  'type',
  'actor_user_id',
  'actor_label',
  'target_type',
  'target_id',
  'data',
  'ip',
  'request_id',
  'prev_hash',
  'hash',
] as const;

/** One entry as the CSV cells of CSV_COLUMNS, before quoting (null becomes an empty cell). */
const csvCells = (e: AuditEntryView): string[] => [
  String(e.seq),
  e.at,
  e.type,
  e.actor.userId ?? '',
  e.actor.label ?? '',
  e.target?.type ?? '',
  e.target?.id ?? '',
  canonicalJson(e.data),
  e.ip ?? '',
  e.requestId ?? '',
  e.prevHash,
  e.hash,
];

// Spreadsheet formula injection (OWASP "CSV Injection"): Excel, LibreOffice and Sheets run a
// cell that starts with = + - @ (or tab/CR, which some of them skip first) as a formula, and
// actor labels and event data are typed by users. Such a cell gets a leading apostrophe, so a
// spreadsheet shows it as text. A cell that already starts with an apostrophe gets one too:
// then the rule is reversible, and a reader recovers the exact value by dropping one leading
// apostrophe from every cell that has one (`undefuseCell`).
const FORMULA_START = /^[=+\-@\t\r']/;

export const defuseCell = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);
export const undefuseCell = (value: string): string => (value.startsWith("'") ? value.slice(1) : value);

/** RFC 4180 §2.6–2.7: a field holding a comma, quote, CR or LF is quoted, quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** RFC 4180 §2.1: records end with CRLF, the last one too. */
const csvRecord = (cells: readonly string[]): string => `${cells.map((c) => csvField(defuseCell(c))).join(',')}\r\n`;

const csvHeader = (): string => csvRecord(CSV_COLUMNS);

export function toCsv(entries: Iterable<AuditEntryView>): string {
  const parts = [csvHeader()];
  for (const e of entries) parts.push(csvRecord(csvCells(e)));
  return parts.join('');
}

/** The JSON document: entries oldest first, with the organisation, the time and the filter. */
export function toJsonDocument(x: AuditExport, organization: { id: string; name: string; slug: string }, filter: Record<string, string | undefined>) {
  return { organization, exportedAt: x.exportedAt, filter: dropUndefined(filter), headHash: x.headHash, entries: x.entries };
}

// The members of the document and of an entry in the API's order (http/contract/audit.ts
// auditExportSchema), so the streamed text is what the API's serializer makes of the whole
// document (test/api/audit/export.test.ts compares them).
const organizationJson = (o: { id: string; name: string; slug: string }) => ({ id: o.id, name: o.name, slug: o.slug });
const entryJson = (e: AuditEntryView) => ({
  id: e.id,
  seq: e.seq,
  at: e.at,
  type: e.type,
  actor: { userId: e.actor.userId, label: e.actor.label },
  target: e.target && { type: e.target.type, id: e.target.id },
  data: e.data,
  ip: e.ip,
  requestId: e.requestId,
  prevHash: e.prevHash,
  hash: e.hash,
});

/**
 * A document in parts, to write as the entries are read: its opening, the text of one page of
 * entries (the first page or a later one), its end. Opening, pages and end together are the
 * very text of the whole document (toCsv, the API's serializer of toJsonDocument).
 */
export type DocumentParts = { opening: string; page: (entries: readonly AuditEntryView[], first: boolean) => string; end: string };

export const csvParts: DocumentParts = { opening: csvHeader(), page: (entries) => entries.map((e) => csvRecord(csvCells(e))).join(''), end: '' };

export function jsonParts(
  x: Omit<AuditExport, 'entries'>,
  organization: { id: string; name: string; slug: string },
  filter: Record<string, string | undefined>,
): DocumentParts {
  const empty = JSON.stringify(toJsonDocument({ ...x, entries: [] }, organizationJson(organization), filter));
  // `entries` is the last member: the document without entries ends with `[]}`.
  return {
    opening: empty.slice(0, -2),
    page: (entries, first) => (first ? '' : ',') + entries.map((e) => JSON.stringify(entryJson(e))).join(','),
    end: ']}',
  };
}

/**
 * The item filter: entries whose target is the item, or whose data names it as `itemId`. The
 * store narrows with a text match on the stored JSON (portable across SQLite and PostgreSQL);
 * this is the exact rule applied to what it returns.
 */
export function mentionsItem(e: Pick<AuditEntryView, 'target' | 'data'>, itemId: string): boolean {
  if (e.target?.id === itemId) return true;
  const data = e.data;
  return typeof data === 'object' && data !== null && (data as Record<string, unknown>).itemId === itemId;
}

/** `signoff-audit-2026-11-23.csv` for an export taken that day (UTC). */
export const exportFileName = (exportedAt: string, format: 'json' | 'csv') => `signoff-audit-${exportedAt.slice(0, 10)}.${format}`;

const dropUndefined = (o: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Record<string, string>;

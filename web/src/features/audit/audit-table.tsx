import type { AuditEntry } from '../../api/types.ts';
import { Link } from '../../router.tsx';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { formatDateTime, shortHash } from '../../ui/format.ts';
import { queryHref } from './audit-query.ts';
import { EntryDetails } from './entry-details.tsx';

const COLUMNS: Column<AuditEntry>[] = [
  { header: '#', className: 'mono', cell: (e) => e.seq },
  {
    header: 'When',
    className: 'nowrap',
    cell: (e) => (
      <time dateTime={e.at} title={e.at}>
        {formatDateTime(e.at)}
      </time>
    ),
  },
  {
    header: 'Event',
    cell: (e) => (
      <div>
        <code className="event-type">{e.type}</code>
        <EntryDetails entry={e} />
      </div>
    ),
  },
  {
    header: 'Actor',
    cell: (e) => (
      <div>
        <span className="cell-primary">{e.actor.label ?? 'System'}</span>
        {e.ip ? (
          <span className="cell-secondary">
            from <span className="mono">{e.ip}</span>
          </span>
        ) : null}
      </div>
    ),
  },
  {
    header: 'Target',
    cell: (e) =>
      e.target ? (
        <div>
          <span className="cell-primary">{e.target.type}</span>
          {e.target.type === 'item' ? (
            <Link className="cell-secondary mono truncate" to={queryHref({ item: e.target.id })} title={`Entries about item ${e.target.id}`}>
              {e.target.id}
            </Link>
          ) : (
            <span className="cell-secondary mono truncate" title={e.target.id}>
              {e.target.id}
            </span>
          )}
        </div>
      ) : (
        <span className="muted">—</span>
      ),
  },
  { header: 'Hash', className: 'mono', title: (e) => e.hash, cell: (e) => shortHash(e.hash) },
];

export function AuditTable({ entries, badEntryId, caption }: { entries: AuditEntry[]; badEntryId?: string | undefined; caption: string }) {
  return (
    <DataTable
      caption={caption}
      className="table-audit"
      columns={COLUMNS}
      rows={entries}
      rowKey={(e) => e.id}
      rowClassName={(e) => (e.id === badEntryId ? 'row-bad' : undefined)}
    />
  );
}

import type { AuditEntry } from '../../api/types.ts';
import { Link } from '../../router.tsx';
import { formatDateTime, shortHash } from '../../ui/format.ts';
import { queryHref } from './audit-query.ts';
import { EntryDetails } from './entry-details.tsx';

export function AuditTable({ entries, badEntryId, caption }: { entries: AuditEntry[]; badEntryId?: string | undefined; caption: string }) {
  return (
    <div className="table-wrap">
      <table className="table table-audit">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">Event</th>
            <th scope="col">Actor</th>
            <th scope="col">Target</th>
            <th scope="col">Hash</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} className={e.id === badEntryId ? 'row-bad' : undefined}>
              <td data-label="#" className="mono">{e.seq}</td>
              <td data-label="When" className="nowrap">
                <time dateTime={e.at} title={e.at}>{formatDateTime(e.at)}</time>
              </td>
              <td data-label="Event">
                <div>
                  <code className="event-type">{e.type}</code>
                  <EntryDetails entry={e} />
                </div>
              </td>
              <td data-label="Actor">
                <div>
                  <span className="cell-primary">{e.actor.label ?? 'System'}</span>
                  {e.ip ? <span className="cell-secondary">from <span className="mono">{e.ip}</span></span> : null}
                </div>
              </td>
              <td data-label="Target">
                {e.target ? (
                  <div>
                    <span className="cell-primary">{e.target.type}</span>
                    {e.target.type === 'item' ? (
                      <Link className="cell-secondary mono truncate" to={queryHref({ item: e.target.id })} title={`Entries about item ${e.target.id}`}>{e.target.id}</Link>
                    ) : (
                      <span className="cell-secondary mono truncate" title={e.target.id}>{e.target.id}</span>
                    )}
                  </div>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td data-label="Hash" className="mono" title={e.hash}>{shortHash(e.hash)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

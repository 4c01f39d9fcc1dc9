import { auditExportUrl, type AuditExportFilter } from '../../api/audit.ts';
import type { AuditQuery } from './audit-query.ts';

/** The page's filters as the export takes them; the page's cursor is left out (an export is every page). */
const exportFilterOf = (q: AuditQuery): AuditExportFilter => ({ q: q.q, actor: q.actor, item: q.item, type: q.type, from: q.from, to: q.to });

/**
 * Downloads of the trail, oldest first. Plain links: a GET carries the session cookie and needs
 * no CSRF token, and the browser saves the answer under the server's file name. They carry
 * every filter the page shows (words, who, item, days, type), so the export holds exactly the
 * entries the search found, on every page of it.
 */
export function ExportLinks({ query, summary }: { query: AuditQuery; summary: string }) {
  const filter = exportFilterOf(query);
  const what = summary ? `the entries shown (${summary})` : 'the whole audit trail';
  return (
    <>
      <a className="btn btn-secondary" href={auditExportUrl('json', filter)} download title={`Download ${what} as JSON`}>
        Export JSON
      </a>
      <a className="btn btn-secondary" href={auditExportUrl('csv', filter)} download title={`Download ${what} as CSV`}>
        Export CSV
      </a>
    </>
  );
}

import { auditExportUrl } from '../../api/audit.ts';

/**
 * Downloads of the trail, oldest first. Plain links: a GET carries the session cookie and needs
 * no CSRF token, and the browser saves the answer under the server's file name. With a type
 * filter on, the export holds only those events, as the page does.
 */
export function ExportLinks({ type }: { type: string }) {
  const what = type ? `the ${type} entries` : 'the whole audit trail';
  return (
    <>
      <a className="btn btn-secondary" href={auditExportUrl('json', { type: type || undefined })} download title={`Download ${what} as JSON`}>
        Export JSON
      </a>
      <a className="btn btn-secondary" href={auditExportUrl('csv', { type: type || undefined })} download title={`Download ${what} as CSV`}>
        Export CSV
      </a>
    </>
  );
}

import type { AuditPage } from '../../api/types.ts';
import { Link } from '../../router.tsx';
import { queryHref, type AuditQuery } from './audit-query.ts';

/**
 * Keyset paging through the whole trail: "Newer entries" and "Older entries" are links (the
 * cursor is in the URL, so a page can be shared and the browser's Back works), and "Newest"
 * returns to the head.
 */
export function AuditPager({ query, page, where }: { query: AuditQuery; page: AuditPage; where: 'top' | 'bottom' }) {
  const paged = Boolean(query.before || query.after);
  if (!paged && page.nextBefore === undefined && page.newerAfter === undefined) return null;
  return (
    <nav className="audit-pager" aria-label={where === 'top' ? 'Audit trail pages' : 'Audit trail pages (bottom)'}>
      {paged ? (
        <Link className="btn btn-ghost btn-sm" to={queryHref({ ...query, before: '', after: '' })}>
          Newest
        </Link>
      ) : null}
      {page.newerAfter !== undefined ? (
        <Link className="btn btn-secondary btn-sm" to={queryHref({ ...query, before: '', after: String(page.newerAfter) })}>
          ← Newer entries
        </Link>
      ) : null}
      {page.nextBefore !== undefined ? (
        <Link className="btn btn-secondary btn-sm" to={queryHref({ ...query, after: '', before: String(page.nextBefore) })}>
          Older entries →
        </Link>
      ) : null}
    </nav>
  );
}

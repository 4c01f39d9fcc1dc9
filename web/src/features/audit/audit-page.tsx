import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { describeError } from '../../api/problem.ts';
import type { AuditVerifyResult } from '../../api/types.ts';
import { auditQuery } from '../../api/queries.ts';
import { navigate, useLocation } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { Loading } from '../../ui/loading.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { AuditFilter } from './audit-filter.tsx';
import { AuditPager } from './audit-pager.tsx';
import { dayOf, familyLabel, hasFilters, offsetLabel, pageSize, queryHref, readQuery, type AuditQuery } from './audit-query.ts';
import { AuditTable } from './audit-table.tsx';
import { ExportLinks } from './export-links.tsx';
import { VerifyChain } from './verify-chain.tsx';

/** Entries per page. */
const PAGE = 100;

/** "Sign-ins, by “rita”, about “batch 42”, 2026-03-02 to 2026-03-03 (UTC+01:00)": the filters in words. */
function describeFilters(q: AuditQuery, families: readonly string[]): string {
  const parts: string[] = [];
  if (families.length) parts.push(families.map(familyLabel).join(' and '));
  else if (q.q || q.type) parts.push(`“${q.q || q.type}”`);
  if (q.actor) parts.push(`by “${q.actor}”`);
  if (q.item) parts.push(`about “${q.item}”`);
  if (q.from || q.to) {
    const zone = offsetLabel(q.from || q.to);
    parts.push(
      q.from && q.to ? `${dayOf(q.from)} to ${dayOf(q.to, 1)} (${zone})` : q.from ? `from ${dayOf(q.from)} (${zone})` : `until ${dayOf(q.to, 1)} (${zone})`,
    );
  }
  return parts.join(', ');
}

export function AuditPage() {
  const { search } = useLocation();
  const query = readQuery(search);
  // Another filter or page keeps the entries shown until its own arrive, dimmed and said to be
  // loading: the line above them describes the entries shown, never a filter they do not match.
  const page = useQuery({ ...auditQuery({ ...query, limit: pageSize(query, PAGE) }), placeholderData: keepPreviousData });
  const stale = page.isPlaceholderData;
  const [verified, setVerified] = useState<AuditVerifyResult>();

  const entries = page.data?.entries ?? [];
  const families = page.data?.families ?? [];
  const filtered = hasFilters(query);
  const summary = filtered ? describeFilters(query, families) : '';
  const apply = (q: AuditQuery) => navigate(queryHref(q));

  return (
    <div className="page">
      <PageHeader
        title="Audit trail"
        description="Sign-ins, failures and administrative changes in your organisation, append-only and hash-chained. Newest first. Exports hold every entry the filters find, oldest first, and are themselves recorded."
        actions={<ExportLinks query={query} summary={summary} />}
      />
      <VerifyChain onResult={setVerified} />
      <AuditFilter query={query} families={families} onApply={apply} />
      {page.error ? (
        <Alert tone="error" title="The audit trail could not be loaded">
          {describeError(page.error)}
        </Alert>
      ) : null}
      {page.isPending || (stale && entries.length === 0) ? (
        <Loading label="Loading audit entries…" />
      ) : entries.length > 0 ? (
        <section aria-labelledby="audit-results" aria-busy={stale || undefined} className={stale ? 'is-stale' : undefined}>
          <p id="audit-results" className="muted table-note" role="status">
            {stale ? (
              'Loading the entries…'
            ) : (
              <>
                {filtered ? <>Showing {summary}: </> : null}entries #{entries[0]!.seq} to #{entries.at(-1)!.seq}, newest first.
              </>
            )}
          </p>
          <AuditPager query={query} page={page.data!} where="top" />
          <AuditTable
            entries={entries}
            caption={`Audit entries${summary ? ` (${summary})` : ''}, newest first`}
            badEntryId={verified?.ok === false ? verified.firstBadEntry?.id : undefined}
          />
          <AuditPager query={query} page={page.data!} where="bottom" />
        </section>
      ) : page.data ? (
        <div className="panel">
          <EmptyState title={filtered ? 'No entries match these filters' : query.before || query.after ? 'No entries on this page' : 'No entries yet'}>
            {filtered
              ? `Nothing ${summary}. Try other words, a wider range of days, or clear the filters.`
              : 'Entries appear here as people sign in and change things.'}
          </EmptyState>
        </div>
      ) : null}
    </div>
  );
}

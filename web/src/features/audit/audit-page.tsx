import { useMemo, useRef, useState } from 'react';
import { listAuditEntries } from '../../api/audit.ts';
import { describeError } from '../../api/problem.ts';
import type { AuditVerifyResult } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';
import { navigate, useLocation } from '../../router.tsx';
import { Alert } from '../../ui/alert.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { Loading } from '../../ui/loading.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { AuditFilter } from './audit-filter.tsx';
import { AuditTable } from './audit-table.tsx';
import { ExportLinks } from './export-links.tsx';
import { VerifyChain } from './verify-chain.tsx';

const LIMIT = 200;

export function AuditPage() {
  const { search } = useLocation();
  const type = new URLSearchParams(search).get('type') ?? '';
  const entries = useResource(() => listAuditEntries({ type: type || undefined, limit: LIMIT }), type);
  const [verified, setVerified] = useState<AuditVerifyResult>();
  const seenTypes = useRef(new Set<string>());

  const sorted = useMemo(() => [...(entries.data ?? [])].sort((a, b) => b.seq - a.seq), [entries.data]);
  for (const e of sorted) seenTypes.current.add(e.type);
  const knownTypes = [...seenTypes.current].sort();

  const apply = (t: string) => navigate(t ? `/admin/audit?type=${encodeURIComponent(t)}` : '/admin/audit');

  return (
    <div className="page">
      <PageHeader
        title="Audit trail"
        description="Sign-ins, failures and administrative changes in your organisation, append-only and hash-chained. Newest first. Exports run oldest first and are themselves recorded."
        actions={<ExportLinks type={type} />}
      />
      <VerifyChain onResult={setVerified} />
      <AuditFilter type={type} knownTypes={knownTypes} onApply={apply} />
      {entries.error ? <Alert tone="error" title="The audit trail could not be loaded">{describeError(entries.error)}</Alert> : null}
      {entries.loading && !entries.data ? (
        <Loading label="Loading audit entries…" />
      ) : sorted.length > 0 ? (
        <>
          <AuditTable entries={sorted} badEntryId={verified?.ok === false ? verified.firstBadEntry?.id : undefined} />
          {sorted.length >= LIMIT ? <p className="muted table-note">Showing the latest {LIMIT} entries.</p> : null}
        </>
      ) : entries.data ? (
        <div className="panel">
          <EmptyState title={type ? `No ${type} entries` : 'No entries yet'}>
            {type ? 'Try another event type, or show all events.' : 'Entries appear here as people sign in and change things.'}
          </EmptyState>
        </div>
      ) : null}
    </div>
  );
}

// Two-person resets (21 CFR 11.200(a)(3)): where the organisation has e-signature steps, an
// admin's reset of a user's 2FA waits here until another admin approves or rejects it.
import { useState } from 'react';
import { describeError } from '../../../api/problem.ts';
import type { ResetRequest } from '../../../api/types.ts';
import { Alert } from '../../../ui/alert.tsx';
import { Badge } from '../../../ui/badge.tsx';
import { Button } from '../../../ui/button.tsx';
import { actionsColumn, DataTable, type Column } from '../../../ui/data-table.tsx';
import { formatDateTime } from '../../../ui/format.ts';

const TONES = { pending: 'warning', approved: 'success', rejected: 'neutral', expired: 'neutral' } as const;

type Props = {
  requests: ResetRequest[];
  currentUserId: string | undefined;
  onApprove: (r: ResetRequest) => Promise<void>;
  onReject: (r: ResetRequest) => Promise<void>;
};

export function ResetRequestsPanel({ requests, currentUserId, onApprove, onReject }: Props) {
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const act = (r: ResetRequest, f: (r: ResetRequest) => Promise<void>) => {
    setBusy(r.id);
    setError(undefined);
    f(r)
      .catch((e: unknown) => setError(describeError(e)))
      .finally(() => setBusy(undefined));
  };
  const pending = requests.filter((r) => r.status === 'pending').length;
  const columns: Column<ResetRequest>[] = [
    {
      header: 'User',
      className: 'cell-name',
      cell: (r) => (
        <div>
          <span className="cell-primary">{r.user.name}</span>
          <span className="cell-secondary">{r.user.email}</span>
        </div>
      ),
    },
    {
      header: 'Requested by',
      cell: (r) => (
        <div>
          <span className="cell-primary">{r.requestedBy.name}</span>
          <span className="cell-secondary">{formatDateTime(r.requestedAt)}</span>
        </div>
      ),
    },
    {
      header: 'Status',
      cell: (r) => (
        <>
          <Badge tone={TONES[r.status]}>{r.status}</Badge>
          <span className="cell-secondary">
            {r.status === 'pending'
              ? `until ${formatDateTime(r.expiresAt)}`
              : r.decidedBy
                ? `by ${r.decidedBy.name}, ${formatDateTime(r.decidedAt ?? r.requestedAt)}`
                : ''}
          </span>
        </>
      ),
    },
    actionsColumn((r) => {
      if (r.status !== 'pending') return null;
      const own = r.requestedBy.id === currentUserId;
      return (
        <span className="action-row">
          {own ? (
            <span className="muted">Another admin approves</span>
          ) : (
            <Button size="sm" variant="danger" busy={busy === r.id} onClick={() => act(r, onApprove)} aria-label={`Approve the reset for ${r.user.name}`}>
              Approve
            </Button>
          )}
          <Button
            size="sm"
            variant="ghost"
            disabled={busy === r.id}
            onClick={() => act(r, onReject)}
            aria-label={`${own ? 'Withdraw' : 'Reject'} the reset for ${r.user.name}`}
          >
            {own ? 'Withdraw' : 'Reject'}
          </Button>
        </span>
      );
    }),
  ];

  return (
    <section className="section reset-requests" aria-labelledby="reset-requests-title">
      <div className="section-head">
        <h2 id="reset-requests-title" className="section-title">
          Reset requests <Badge tone={pending ? 'warning' : 'neutral'}>{pending}</Badge>
        </h2>
        <p className="muted">
          Your organisation has e-signature steps, so resetting someone’s two-factor authentication needs two administrators: one asks, another approves within
          72 hours. The user is emailed at each step.
        </p>
      </div>
      {error ? (
        <Alert tone="error" title="The request was not changed">
          {error}
        </Alert>
      ) : null}
      <DataTable
        caption="Reset requests"
        columns={columns}
        rows={requests}
        rowKey={(r) => r.id}
        empty={<p className="panel panel-empty muted">No reset requests.</p>}
      />
    </section>
  );
}

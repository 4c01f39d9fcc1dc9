// The owner's view of guest invites on an item: who was invited to which step, where each
// invite stands, and resend / revoke (docs/guide.md §6).
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { resendInvite, revokeInvite } from '../../api/items.ts';
import { describeError } from '../../api/problem.ts';
import { invitesQuery, queryKeys } from '../../api/queries.ts';
import type { Invite, ItemView } from '../../api/workflow-types.ts';
import { Alert } from '../../ui/alert.tsx';
import { Badge } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { actionsColumn, DataTable, type Column } from '../../ui/data-table.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { Loading } from '../../ui/loading.tsx';
import { INVITE_STATUS } from './item-labels.ts';

const RESENDABLE = new Set<Invite['status']>(['pending', 'verified', 'expired']);
const REVOCABLE = new Set<Invite['status']>(['pending', 'verified']);

export function InvitesPanel({ item }: { item: ItemView }) {
  // Refreshed by the item page whenever the item changes (a decision, a revision).
  const invites = useQuery(invitesQuery(item.id));
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();

  const act = async (key: string, work: () => Promise<Invite>, done: (i: Invite) => string) => {
    setBusy(key);
    setError(undefined);
    setNotice(undefined);
    try {
      setNotice(done(await work()));
      void queryClient.invalidateQueries({ queryKey: queryKeys.invites(item.id) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };

  const stepName = (i: number) => item.steps[i]?.name ?? `Step ${i + 1}`;
  const columns: Column<Invite>[] = [
    {
      header: 'Guest',
      className: 'cell-name',
      cell: (i) => (
        <>
          <span className="cell-primary">{i.name}</span>
          <span className="cell-secondary">{i.email}</span>
        </>
      ),
    },
    { header: 'Step', cell: (i) => stepName(i.step) },
    { header: 'Status', cell: (i) => <Badge tone={INVITE_STATUS[i.status].tone}>{INVITE_STATUS[i.status].label}</Badge> },
    { header: 'Last sent', className: 'nowrap', cell: (i) => formatDateTime(i.lastSentAt) },
    { header: 'Expires', className: 'nowrap', cell: (i) => formatDateTime(i.expiresAt) },
    actionsColumn((i) => (
      <span className="action-row">
        {RESENDABLE.has(i.status) ? (
          <Button
            size="sm"
            aria-label={`Resend the invite to ${i.email}`}
            busy={busy === `resend-${i.id}`}
            disabled={!!busy}
            onClick={() =>
              void act(
                `resend-${i.id}`,
                () => resendInvite(item.id, i.id),
                (x) => `A new invite was sent to ${x.email}.`,
              )
            }
          >
            Resend
          </Button>
        ) : null}
        {REVOCABLE.has(i.status) ? (
          <Button
            size="sm"
            variant="ghost"
            aria-label={`Revoke the invite to ${i.email}`}
            busy={busy === `revoke-${i.id}`}
            disabled={!!busy}
            onClick={() =>
              void act(
                `revoke-${i.id}`,
                () => revokeInvite(item.id, i.id),
                (x) => `The invite to ${x.email} was revoked; its link no longer works.`,
              )
            }
          >
            Revoke
          </Button>
        ) : null}
      </span>
    )),
  ];
  return (
    <section className="section" aria-labelledby="invites-title">
      <h2 id="invites-title" className="section-title">
        Guest invites
      </h2>
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {error || invites.error ? <Alert tone="error">{describeError(error ?? invites.error)}</Alert> : null}
      {invites.isPending ? (
        <Loading label="Loading invites…" />
      ) : invites.data ? (
        <DataTable
          caption="Guest invites"
          columns={columns}
          rows={invites.data}
          rowKey={(i) => i.id}
          empty={<p className="panel panel-empty muted">No guest has been invited yet. Guests are invited when the item reaches their step.</p>}
        />
      ) : null}
    </section>
  );
}

import type { AdminUser } from '../../../api/admin.ts';
import { Badge } from '../../../ui/badge.tsx';
import { Button } from '../../../ui/button.tsx';
import { actionsColumn, DataTable, type Column } from '../../../ui/data-table.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { ROLE_LABELS, USER_TYPE_LABELS } from './user-labels.ts';

const TWO_FACTOR_BADGES = {
  active: <Badge tone="success">Active</Badge>,
  pending: <Badge tone="warning">Pending</Badge>,
  none: <span className="muted">None</span>,
} as const;

/** Invited (never set a password nor signed in through SSO) is not Active: they cannot sign in yet. */
function statusBadge(u: AdminUser) {
  if (!u.active) return <Badge tone="warning">Deactivated</Badge>;
  return u.invited ? <Badge tone="neutral">Invited</Badge> : <Badge tone="success">Active</Badge>;
}

type Props = {
  users: AdminUser[];
  currentUserId: string;
  onEdit: (u: AdminUser) => void;
  onResend?: ((u: AdminUser) => void) | undefined;
  resending?: string | undefined;
};

export function UsersTable({ users, currentUserId, onEdit, onResend, resending }: Props) {
  const columns: Column<AdminUser>[] = [
    {
      header: 'Name',
      className: 'cell-name',
      cell: (u) => (
        <div>
          <span className="cell-primary">
            {u.name}
            {u.id === currentUserId ? <span className="cell-you"> (you)</span> : null}
          </span>
          <span className="cell-secondary">{u.email}</span>
        </div>
      ),
    },
    { header: 'Type', cell: (u) => USER_TYPE_LABELS[u.userType] ?? u.userType },
    {
      header: 'Roles',
      cell: (u) => (
        <span className="badge-row">
          {u.roles.length ? (
            u.roles.map((r) => (
              <Badge key={r} tone={r === 'admin' ? 'accent' : 'neutral'}>
                {ROLE_LABELS[r]?.label ?? r}
              </Badge>
            ))
          ) : (
            <span className="muted">None</span>
          )}
        </span>
      ),
    },
    { header: 'Groups', cell: (u) => (u.groups.length ? u.groups.map((g) => g.name).join(', ') : <span className="muted">None</span>) },
    {
      header: 'Status',
      cell: (u) => (
        <span className="cell-status">
          {statusBadge(u)}
          {u.invited && u.active && onResend ? (
            <Button size="sm" variant="ghost" busy={resending === u.id} onClick={() => onResend(u)} aria-label={`Resend the invitation to ${u.name}`}>
              Resend invitation
            </Button>
          ) : null}
        </span>
      ),
    },
    { header: '2FA', cell: (u) => TWO_FACTOR_BADGES[u.twoFactor ?? 'none'] },
    { header: 'Added', cell: (u) => formatDateTime(u.createdAt) },
    actionsColumn((u) => (
      <Button size="sm" onClick={() => onEdit(u)} aria-label={`Edit ${u.name}`}>
        Edit
      </Button>
    )),
  ];
  return <DataTable caption="Users of your organisation" columns={columns} rows={users} rowKey={(u) => u.id} />;
}

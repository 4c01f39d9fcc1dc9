import type { AdminUser } from '../../../api/admin.ts';
import { Badge } from '../../../ui/badge.tsx';
import { Button } from '../../../ui/button.tsx';
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

type Props = { users: AdminUser[]; currentUserId: string; onEdit: (u: AdminUser) => void; onResend?: ((u: AdminUser) => void) | undefined; resending?: string | undefined };

export function UsersTable({ users, currentUserId, onEdit, onResend, resending }: Props) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Users of your organisation</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Roles</th>
            <th scope="col">Groups</th>
            <th scope="col">Status</th>
            <th scope="col">2FA</th>
            <th scope="col">Added</th>
            <th scope="col"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td data-label="Name" className="cell-name">
                <div>
                  <span className="cell-primary">{u.name}{u.id === currentUserId ? <span className="cell-you"> (you)</span> : null}</span>
                  <span className="cell-secondary">{u.email}</span>
                </div>
              </td>
              <td data-label="Type">{USER_TYPE_LABELS[u.userType] ?? u.userType}</td>
              <td data-label="Roles">
                <span className="badge-row">
                  {u.roles.length ? u.roles.map((r) => <Badge key={r} tone={r === 'admin' ? 'accent' : 'neutral'}>{ROLE_LABELS[r]?.label ?? r}</Badge>) : <span className="muted">None</span>}
                </span>
              </td>
              <td data-label="Groups">{u.groups.length ? u.groups.map((g) => g.name).join(', ') : <span className="muted">None</span>}</td>
              <td data-label="Status">
                <span className="cell-status">
                  {statusBadge(u)}
                  {u.invited && u.active && onResend ? (
                    <Button size="sm" variant="ghost" busy={resending === u.id} onClick={() => onResend(u)} aria-label={`Resend the invitation to ${u.name}`}>Resend invitation</Button>
                  ) : null}
                </span>
              </td>
              <td data-label="2FA">{TWO_FACTOR_BADGES[u.twoFactor ?? 'none']}</td>
              <td data-label="Added">{formatDateTime(u.createdAt)}</td>
              <td className="cell-actions">
                <Button size="sm" onClick={() => onEdit(u)} aria-label={`Edit ${u.name}`}>Edit</Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import { useCallback, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { resendInvitation } from '../../../api/admin.ts';
import { describeError } from '../../../api/problem.ts';
import type { User } from '../../../api/types.ts';
import { groupsQuery, queryKeys, usersQuery } from '../../../api/queries.ts';
import { Alert } from '../../../ui/alert.tsx';
import { Button } from '../../../ui/button.tsx';
import { Dialog } from '../../../ui/dialog.tsx';
import { EmptyState } from '../../../ui/empty-state.tsx';
import { TextField } from '../../../ui/field.tsx';
import { Loading } from '../../../ui/loading.tsx';
import { PageHeader } from '../../../ui/page-header.tsx';
import { useCurrentUser } from '../../session/session-context.tsx';
import { UserForm } from './user-form.tsx';
import { UserTwoFactor } from './user-two-factor.tsx';
import { UsersTable } from './users-table.tsx';

type Editing = { kind: 'closed' } | { kind: 'create' } | { kind: 'edit'; user: User };

export function UsersPage() {
  const me = useCurrentUser();
  const users = useQuery(usersQuery);
  const groups = useQuery(groupsQuery);
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Editing>({ kind: 'closed' });
  const [notice, setNotice] = useState<string>();
  const [query, setQuery] = useState('');
  const [resending, setResending] = useState<string>();
  const [resendError, setResendError] = useState<unknown>();
  const resend = useCallback(async (u: User) => {
    setResending(u.id);
    setNotice(undefined);
    setResendError(undefined);
    try {
      await resendInvitation(u.id);
      setNotice(`A new invitation was emailed to ${u.email}. Earlier invitation links no longer work.`);
    } catch (e) {
      setResendError(e);
    } finally {
      setResending(undefined);
    }
  }, []);

  const close = useCallback(() => setEditing({ kind: 'closed' }), []);
  const onSaved = useCallback(
    (u: User, outcome: 'invited' | 'created' | 'updated') => {
      setEditing({ kind: 'closed' });
      setNotice(
        outcome === 'invited'
          ? `${u.name} was added and invited by email to choose a password.`
          : outcome === 'created'
            ? `${u.name} was added and can sign in with the password you set.`
            : `Changes to ${u.name} were saved.`,
      );
      // A user's groups are the groups' members: both lists change.
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
      void queryClient.invalidateQueries({ queryKey: queryKeys.groups });
    },
    [queryClient],
  );

  const q = query.trim().toLowerCase();
  const shown = (users.data ?? []).filter((u) => !q || u.name.toLowerCase().includes(q) || u.email.toLowerCase().includes(q));

  return (
    <div className="page">
      <PageHeader
        title="Users"
        description="Everyone who can sign in to your organisation, with their type, roles and groups."
        actions={
          <Button
            variant="primary"
            onClick={() => {
              setNotice(undefined);
              setEditing({ kind: 'create' });
            }}
          >
            New user
          </Button>
        }
      />
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {resendError ? (
        <Alert tone="error" title="The invitation was not sent">
          {describeError(resendError)}
        </Alert>
      ) : null}
      {users.error ? (
        <Alert tone="error" title="Users could not be loaded">
          {describeError(users.error)}
        </Alert>
      ) : null}

      {users.data && users.data.length > 0 ? (
        <div className="toolbar">
          <TextField label="Search users" className="toolbar-search" type="search" value={query} onChange={setQuery} placeholder="Name or email" />
          <p className="toolbar-count" aria-live="polite">
            {shown.length} of {users.data.length} users
          </p>
        </div>
      ) : null}

      {users.isPending ? (
        <Loading label="Loading users…" />
      ) : shown.length > 0 ? (
        <UsersTable
          users={shown}
          currentUserId={me.id}
          onEdit={(user) => {
            setNotice(undefined);
            setEditing({ kind: 'edit', user });
          }}
          onResend={resend}
          resending={resending}
        />
      ) : users.data ? (
        <div className="panel">
          <EmptyState title="No users match your search" />
        </div>
      ) : null}

      <Dialog
        open={editing.kind !== 'closed'}
        onClose={close}
        title={editing.kind === 'edit' ? `Edit ${editing.user.name}` : 'New user'}
        description={editing.kind === 'create' ? 'The new user receives an email to choose a password, unless you set one now.' : undefined}
        size="lg"
      >
        {editing.kind !== 'closed' ? (
          <UserForm
            key={editing.kind === 'edit' ? editing.user.id : 'new'}
            user={editing.kind === 'edit' ? editing.user : undefined}
            isSelf={editing.kind === 'edit' && editing.user.id === me.id}
            groups={groups.data ?? []}
            onSaved={onSaved}
            onCancel={close}
            extra={editing.kind === 'edit' ? <UserTwoFactor userId={editing.user.id} groups={groups.data ?? []} /> : undefined}
          />
        ) : null}
      </Dialog>
    </div>
  );
}

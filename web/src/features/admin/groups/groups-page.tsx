import { useCallback, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { describeError } from '../../../api/problem.ts';
import type { Group } from '../../../api/types.ts';
import { groupsQuery, queryKeys, usersQuery } from '../../../api/queries.ts';
import { Alert } from '../../../ui/alert.tsx';
import { Button } from '../../../ui/button.tsx';
import { Dialog } from '../../../ui/dialog.tsx';
import { EmptyState } from '../../../ui/empty-state.tsx';
import { Loading } from '../../../ui/loading.tsx';
import { PageHeader } from '../../../ui/page-header.tsx';
import { DeleteGroupDialog } from './delete-group-dialog.tsx';
import { GroupForm } from './group-form.tsx';
import { GroupsTable } from './groups-table.tsx';

type Editing = { kind: 'closed' } | { kind: 'create' } | { kind: 'edit'; group: Group };

export function GroupsPage() {
  const groups = useQuery(groupsQuery);
  const users = useQuery(usersQuery);
  const queryClient = useQueryClient();
  // A group's members are shown on the users page too.
  const refresh = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.groups });
    void queryClient.invalidateQueries({ queryKey: queryKeys.users });
  }, [queryClient]);
  const [editing, setEditing] = useState<Editing>({ kind: 'closed' });
  const [deleting, setDeleting] = useState<Group>();
  const [notice, setNotice] = useState<string>();

  const close = useCallback(() => setEditing({ kind: 'closed' }), []);
  const onSaved = useCallback(
    (g: Group, created: boolean) => {
      setEditing({ kind: 'closed' });
      setNotice(created ? `The group ${g.name} was created.` : `The group ${g.name} was saved.`);
      refresh();
    },
    [refresh],
  );
  const onDeleted = useCallback(
    (g: Group) => {
      setDeleting(undefined);
      setNotice(`The group ${g.name} was deleted.`);
      refresh();
    },
    [refresh],
  );
  const newGroup = () => {
    setNotice(undefined);
    setEditing({ kind: 'create' });
  };

  return (
    <div className="page">
      <PageHeader
        title="Groups"
        description="Teams of users that workflow steps and two-factor policies can name as a whole."
        actions={
          <Button variant="primary" onClick={newGroup}>
            New group
          </Button>
        }
      />
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {groups.error ? (
        <Alert tone="error" title="Groups could not be loaded">
          {describeError(groups.error)}
        </Alert>
      ) : null}

      {groups.isPending ? (
        <Loading label="Loading groups…" />
      ) : groups.data && groups.data.length > 0 ? (
        <GroupsTable
          groups={groups.data}
          onEdit={(group) => {
            setNotice(undefined);
            setEditing({ kind: 'edit', group });
          }}
          onDelete={setDeleting}
        />
      ) : groups.data ? (
        <div className="panel">
          <EmptyState title="No groups yet" action={<Button onClick={newGroup}>Create the first group</Button>}>
            Groups let a workflow step name a whole team, such as Finance approvers, instead of individual people.
          </EmptyState>
        </div>
      ) : null}

      <Dialog open={editing.kind !== 'closed'} onClose={close} title={editing.kind === 'edit' ? `Edit ${editing.group.name}` : 'New group'} size="lg">
        {editing.kind !== 'closed' ? (
          <GroupForm
            key={editing.kind === 'edit' ? editing.group.id : 'new'}
            group={editing.kind === 'edit' ? editing.group : undefined}
            users={users.data ?? []}
            onSaved={onSaved}
            onCancel={close}
          />
        ) : null}
      </Dialog>
      <DeleteGroupDialog group={deleting} onClose={() => setDeleting(undefined)} onDeleted={onDeleted} />
    </div>
  );
}

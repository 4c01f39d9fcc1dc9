import { useCallback } from 'react';
import { deleteGroup } from '../../../api/admin.ts';
import { describeError } from '../../../api/problem.ts';
import type { Group } from '../../../api/types.ts';
import { Alert } from '../../../ui/alert.tsx';
import { Button } from '../../../ui/button.tsx';
import { Dialog } from '../../../ui/dialog.tsx';
import { useSubmit } from '../../../ui/use-submit.ts';

const memberNote = (n: number) => (n === 0 ? 'It has no members.' : n === 1 ? 'Its one member keeps their account.' : `Its ${n} members keep their accounts.`);

export function DeleteGroupDialog({ group, onClose, onDeleted }: { group: Group | undefined; onClose: () => void; onDeleted: (g: Group) => void }) {
  const action = useCallback(async () => {
    if (!group) return;
    await deleteGroup(group.id);
    onDeleted(group);
  }, [group, onDeleted]);
  const { busy, error, onSubmit, reset } = useSubmit(action);
  const close = () => {
    reset();
    onClose();
  };

  return (
    <Dialog open={!!group} onClose={close} title={`Delete ${group?.name ?? 'group'}?`}>
      <form className="form" onSubmit={onSubmit}>
        {error ? (
          <Alert tone="error" title="The group was not deleted">
            {describeError(error)}
          </Alert>
        ) : null}
        <p>The group and its membership list are removed. {memberNote(group?.members.length ?? 0)} This is recorded in the audit trail.</p>
        <div className="form-actions">
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="danger" busy={busy}>
            Delete group
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

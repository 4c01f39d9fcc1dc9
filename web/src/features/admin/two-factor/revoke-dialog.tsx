import { useCallback } from 'react';
import { describeError } from '../../../api/problem.ts';
import type { EnrollmentEntry } from '../../../api/types.ts';
import { Alert } from '../../../ui/alert.tsx';
import { Button } from '../../../ui/button.tsx';
import { Dialog } from '../../../ui/dialog.tsx';
import { useSubmit } from '../../../ui/use-submit.ts';

export function RevokeDialog({
  entry,
  onClose,
  onRevoke,
}: {
  entry: EnrollmentEntry | undefined;
  onClose: () => void;
  onRevoke: (e: EnrollmentEntry) => Promise<void>;
}) {
  const action = useCallback(async () => {
    if (entry) await onRevoke(entry);
  }, [entry, onRevoke]);
  const { busy, error, onSubmit, reset } = useSubmit(action);
  const close = () => {
    reset();
    onClose();
  };

  return (
    <Dialog open={!!entry} onClose={close} title={`Revoke two-factor authentication for ${entry?.name ?? 'this user'}?`}>
      <form className="form" onSubmit={onSubmit}>
        {error ? (
          <Alert tone="error" title="Nothing was revoked">
            {describeError(error)}
          </Alert>
        ) : null}
        <p>This removes, for {entry?.email ?? 'this user'}:</p>
        <ul className="plain-list">
          <li>every second factor: authenticator app, passkeys, email codes and backup codes;</li>
          <li>every trusted device;</li>
          <li>every open session: they are signed out everywhere.</li>
        </ul>
        <p>
          They are no longer enrolled. To use two-factor authentication again, add them again: they will set it up from scratch, with a new secret. This is
          recorded in the audit trail.
        </p>
        <p className="muted">
          Where your organisation has e-signature steps, a second administrator must approve the reset before anything is removed; with no other administrator,
          the user recovers through their own email instead.
        </p>
        <div className="form-actions">
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="danger" busy={busy}>
            Revoke
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

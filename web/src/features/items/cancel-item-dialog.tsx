import { useState } from 'react';
import { cancelItem } from '../../api/items.ts';
import { describeError } from '../../api/problem.ts';
import type { ItemView } from '../../api/workflow-types.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { TextArea } from '../../ui/text-area.tsx';

type Props = { item: ItemView; open: boolean; onClose: () => void; onCancelled: (item: ItemView) => void };

export function CancelItemDialog({ item, open, onClose, onCancelled }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [reason, setReason] = useState('');
  const [noReason, setNoReason] = useState(false);
  const confirm = async () => {
    if (!reason.trim()) return setNoReason(true);
    setBusy(true);
    setError(undefined);
    try {
      onCancelled(await cancelItem(item.id, reason.trim()));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Cancel this item?"
      description={`“${item.title}” leaves review. Decisions already made stay in its history; nobody can decide on it any more.`}
    >
      {error ? <Alert tone="error">{describeError(error)}</Alert> : null}
      <TextArea
        label="Reason"
        required
        value={reason}
        rows={3}
        maxLength={2000}
        hint="Recorded in the item's history, the audit trail and the evidence."
        error={noReason ? 'A reason is required to cancel: say why.' : undefined}
        onChange={(v) => {
          setNoReason(false);
          setReason(v);
        }}
      />
      <div className="form-actions">
        <Button onClick={onClose}>Keep it in review</Button>
        <Button variant="danger" busy={busy} onClick={() => void confirm()}>
          Cancel item
        </Button>
      </div>
    </Dialog>
  );
}

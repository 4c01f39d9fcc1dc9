// A method card's factors (authenticator app, passkeys, email addresses), each with its Remove
// button (nothing is listed without a factor), and the confirmation before one goes, with
// step-up (useRemoveFactor: the card renders its dialog beside the card).
import { useState, type ReactNode } from 'react';
import { removeFactor } from '../../api/factors.ts';
import type { Factor } from '../../api/types.ts';
import { Badge } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { useSession } from '../session/session-context.tsx';
import { removesLastFactor } from './my-factors.ts';
import { useSecurityActions } from './security-actions.tsx';
import { useFactorsChanged, useMyFactors } from './use-my-factors.ts';

export function FactorList({ factors, onRemove }: { factors: readonly Factor[]; onRemove: (f: Factor) => void }) {
  if (!factors.length) return null;
  return (
    <ul className="factor-list">
      {factors.map((f) => (
        <li key={f.id} className="factor-row">
          <div>
            <span className="cell-primary">
              {f.label} {f.status === 'active' ? <Badge tone="success">Active</Badge> : <Badge tone="warning">Not confirmed</Badge>}
            </span>
            <span className="cell-secondary">
              Added {formatDateTime(f.createdAt)} · {f.lastUsedAt ? `Last used ${formatDateTime(f.lastUsedAt)}` : 'Not used yet'}
            </span>
          </div>
          <Button size="sm" variant="ghost" onClick={() => onRemove(f)} aria-label={`Remove ${f.label}`}>
            Remove
          </Button>
        </li>
      ))}
    </ul>
  );
}

/** `ask(factor)` opens the confirmation; `dialog` is it. */
export function useRemoveFactor(): { ask: (f: Factor) => void; dialog: ReactNode } {
  const all = useMyFactors()?.factors ?? [];
  const factorsChanged = useFactorsChanged();
  const { reload: reloadSession } = useSession();
  const { run, act, busy, notify } = useSecurityActions();
  const [removing, setRemoving] = useState<Factor>();
  const close = () => setRemoving(undefined);

  const remove = (factor: Factor) =>
    act('remove', async () => {
      const done = await run(async (proof) => {
        await removeFactor(factor.id, proof);
        return true;
      });
      close();
      if (done) {
        factorsChanged();
        reloadSession();
        notify(`${factor.label} was removed.`);
      }
    });

  const dialog = (
    <Dialog open={!!removing} onClose={close} title="Remove this factor?">
      {removing ? (
        <div className="form">
          <p>
            <strong>{removing.label}</strong> will no longer work for signing in or confirming decisions.
            {removesLastFactor(all, removing)
              ? ' It is your only second factor: your backup codes go with it, and two-factor authentication is turned off.'
              : ''}
          </p>
          <div className="form-actions">
            <Button onClick={close}>Cancel</Button>
            <Button variant="danger" busy={busy === 'remove'} onClick={() => remove(removing)}>
              Remove
            </Button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
  return { ask: setRemoving, dialog };
}

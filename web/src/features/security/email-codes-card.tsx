// The Email codes card: add the account email or a backup address (confirmed by a mailed
// code), or remove one.
import { useState } from 'react';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { useCurrentUser } from '../session/session-context.tsx';
import { EmailSetup } from './email-setup.tsx';
import { FactorList, useRemoveFactor } from './factor-list.tsx';
import { factorsOfType } from './my-factors.ts';
import { useSecurityActions } from './security-actions.tsx';
import { SecurityCard } from './security-card.tsx';
import { useMyFactors } from './use-my-factors.ts';

export function EmailCodesCard() {
  const me = useCurrentUser();
  const addresses = factorsOfType(useMyFactors()?.factors ?? [], 'email');
  const { run, notify, activated } = useSecurityActions();
  const [adding, setAdding] = useState(false);
  const removal = useRemoveFactor();
  const close = () => setAdding(false);

  return (
    <>
      <SecurityCard
        id="email-codes"
        title="Email codes"
        text="A one-time code sent to your account email or to a backup address."
        action={
          <Button
            onClick={() => {
              notify(undefined);
              setAdding(true);
            }}
          >
            Add an email address
          </Button>
        }
      >
        <FactorList factors={addresses} onRemove={removal.ask} />
      </SecurityCard>
      <Dialog open={adding} onClose={close} title="Add an email address">
        {adding ? (
          <EmailSetup
            defaultEmail={me.email}
            run={run}
            onActivated={(r) => {
              close();
              activated(r, 'The email address');
            }}
            onCancel={close}
          />
        ) : null}
      </Dialog>
      {removal.dialog}
    </>
  );
}

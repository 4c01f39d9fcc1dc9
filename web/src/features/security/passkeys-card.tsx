// The Passkeys and security keys card: add one (the browser's own prompt), or remove one.
import { useState } from 'react';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { FactorList, useRemoveFactor } from './factor-list.tsx';
import { factorsOfType } from './my-factors.ts';
import { PasskeySetup } from './passkey-setup.tsx';
import { useSecurityActions } from './security-actions.tsx';
import { SecurityCard } from './security-card.tsx';
import { useMyFactors } from './use-my-factors.ts';

export function PasskeysCard() {
  const passkeys = factorsOfType(useMyFactors()?.factors ?? [], 'webauthn');
  const { run, notify, activated } = useSecurityActions();
  const [adding, setAdding] = useState(false);
  const removal = useRemoveFactor();
  const close = () => setAdding(false);

  return (
    <>
      <SecurityCard
        id="passkeys"
        title="Passkeys and security keys"
        text="Confirm with your fingerprint, face, screen lock or a hardware key. Nothing to type."
        action={
          <Button
            onClick={() => {
              notify(undefined);
              setAdding(true);
            }}
          >
            Add a passkey
          </Button>
        }
      >
        <FactorList factors={passkeys} onRemove={removal.ask} />
      </SecurityCard>
      <Dialog open={adding} onClose={close} title="Add a passkey">
        {adding ? (
          <PasskeySetup
            run={run}
            onActivated={(r) => {
              close();
              activated(r, 'Your passkey');
            }}
            onCancel={close}
          />
        ) : null}
      </Dialog>
      {removal.dialog}
    </>
  );
}

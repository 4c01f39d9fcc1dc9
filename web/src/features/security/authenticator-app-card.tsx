// The Authenticator app card: set one up (a new one replaces the old), or remove it.
import { useState } from 'react';
import { startTotp } from '../../api/factors.ts';
import type { TotpStart } from '../../api/types.ts';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { FactorList, useRemoveFactor } from './factor-list.tsx';
import { activeTotp } from './my-factors.ts';
import { useSecurityActions } from './security-actions.tsx';
import { SecurityCard } from './security-card.tsx';
import { TotpSetup } from './totp-setup.tsx';
import { useMyFactors } from './use-my-factors.ts';

export function AuthenticatorAppCard() {
  const totp = activeTotp(useMyFactors()?.factors ?? []);
  const { run, act, busy, activated } = useSecurityActions();
  const [start, setStart] = useState<TotpStart>();
  const removal = useRemoveFactor();
  const close = () => setStart(undefined);

  const setUp = () =>
    act('totp', async () => {
      const started = await run((proof) => startTotp(proof));
      if (started) setStart(started);
    });

  return (
    <>
      <SecurityCard
        id="authenticator-app"
        title="Authenticator app"
        text="Six-digit codes from an app on your phone. Works without a network connection."
        action={
          <Button variant={totp ? 'secondary' : 'primary'} busy={busy === 'totp'} onClick={setUp}>
            {totp ? 'Replace' : 'Set up'}
          </Button>
        }
      >
        <FactorList factors={totp ? [totp] : []} onRemove={removal.ask} />
      </SecurityCard>
      <Dialog open={!!start} onClose={close} title="Set up your authenticator app" size="lg">
        {start ? (
          <TotpSetup
            start={start}
            onActivated={(r) => {
              close();
              activated(r, 'Your authenticator app');
            }}
            onCancel={close}
          />
        ) : null}
      </Dialog>
      {removal.dialog}
    </>
  );
}

// "Lost your device?": with recovery by email, a link that removes every second factor (after
// which the user signs in and sets 2FA up again); with recovery by an administrator, who to ask.
import { useState } from 'react';
import { requestTwoFactorRecovery } from '../../api/factors.ts';
import { describeError, isApiProblem } from '../../api/problem.ts';
import { Alert } from '../../ui/alert.tsx';
import { Button } from '../../ui/button.tsx';

export function RecoveryRequest({ onBack, hasBackupCodes, onUseBackupCode }: { onBack: () => void; hasBackupCodes: boolean; onUseBackupCode: () => void }) {
  const [state, setState] = useState<'idle' | 'busy' | 'sent' | 'admin'>('idle');
  const [error, setError] = useState<unknown>();

  const send = async () => {
    setState('busy');
    setError(undefined);
    try {
      await requestTwoFactorRecovery();
      setState('sent');
    } catch (e) {
      if (isApiProblem(e) && e.code === 'forbidden') setState('admin');
      else {
        setError(e);
        setState('idle');
      }
    }
  };

  if (state === 'sent') {
    return (
      <>
        <Alert tone="success" title="Check your email">
          We sent a recovery link to your account's email address. It works once, for 24 hours. Opening it removes your second factors and signs you out
          everywhere; then sign in and set two-factor authentication up again.
        </Alert>
        <Button onClick={onBack} className="btn-block">
          Back
        </Button>
      </>
    );
  }
  if (state === 'admin') {
    return (
      <>
        <Alert tone="info" title="Ask your administrator">
          In your organisation, only an administrator can reset two-factor authentication. Contact them: they can remove your old factors so you can set up new
          ones.
        </Alert>
        <Button onClick={onBack} className="btn-block">
          Back
        </Button>
      </>
    );
  }
  return (
    <>
      {error ? (
        <Alert tone="error" title="The link was not sent">
          {describeError(error)}
        </Alert>
      ) : null}
      {hasBackupCodes ? (
        <p>
          If you saved your backup codes,{' '}
          <button type="button" className="link-button" onClick={onUseBackupCode}>
            use a backup code
          </button>{' '}
          to sign in, then set up your new phone on the Security page.
        </p>
      ) : null}
      <p>Otherwise we can email you a recovery link. It removes every second factor from your account, so you can set two-factor authentication up again.</p>
      <div className="form">
        <Button variant="primary" busy={state === 'busy'} className="btn-block" onClick={send}>
          Email me a recovery link
        </Button>
        <Button onClick={onBack} className="btn-block">
          Back
        </Button>
      </div>
    </>
  );
}

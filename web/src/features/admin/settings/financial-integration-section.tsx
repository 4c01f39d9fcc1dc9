// The financial-integration switch (settings `financialIntegration.connected`; API-only until
// issue 12 item 4). What it does, said before it is flipped: while connected, two-factor
// enforcement covers everyone and cannot be turned off (the mandatory lock). Turning it on while
// enforcement is off also turns enforcement to soft (the server refuses the lock with it off);
// turning it off leaves enforcement as it is. Confirmed with a second factor like every setting.
import { useState } from 'react';
import { describeError } from '../../../api/problem.ts';
import { updateSettings } from '../../../api/two-factor-admin.ts';
import type { OrgSettings } from '../../../api/types.ts';
import { Alert } from '../../../ui/alert.tsx';
import { Button } from '../../../ui/button.tsx';
import { useStepUp } from '../../security/step-up-dialog.tsx';

export function FinancialIntegrationSection({ settings, onSaved }: { settings: OrgSettings; onSaved: (next: OrgSettings) => void }) {
  const connected = settings.financialIntegration.connected;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const stepUp = useStepUp({ description: 'Changing your organisation’s security settings needs a fresh confirmation with one of your second factors.' });

  const toggle = async () => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const patch: Partial<OrgSettings> = connected
        ? { financialIntegration: { connected: false } }
        : {
            financialIntegration: { connected: true },
            ...(settings.enforcement.mode === 'off' ? { enforcement: { mode: 'soft' as const, scope: settings.enforcement.scope } } : {}),
          };
      const next = await stepUp.run((proof) => updateSettings(patch, proof));
      if (next) {
        setNotice(
          next.financialIntegration.connected
            ? 'Connected: everyone must now use two-factor authentication.'
            : 'Disconnected: enforcement follows your policy again.',
        );
        onSaved(next);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel settings-section" aria-labelledby="financial-integration">
      <div className="settings-section-head">
        <h2 id="financial-integration" className="section-title">
          Financial integration
        </h2>
        <p className="muted">
          Connect this when Signoff approves payments or other financial actions. While it is connected, two-factor enforcement covers <strong>everyone</strong>{' '}
          and cannot be turned off; people without a second factor are asked to set one up
          {settings.enforcement.mode === 'off' && !connected
            ? ' (enforcement turns to soft: a reminder on every page, which you can make hard in the policy above)'
            : ''}
          . Disconnecting leaves enforcement as it is, with your own scope again.
        </p>
      </div>
      {error ? (
        <Alert tone="error" title="The integration setting was not saved">
          {describeError(error)}
        </Alert>
      ) : null}
      <div className="form-actions settings-actions">
        <p className="form-status" role="status">
          {notice ?? (connected ? 'Connected: enforcement is mandatory for everyone.' : 'Not connected.')}
        </p>
        <Button variant={connected ? 'secondary' : 'primary'} busy={busy} onClick={toggle}>
          {connected ? 'Disconnect the financial integration' : 'Connect the financial integration'}
        </Button>
      </div>
      {stepUp.dialog}
    </section>
  );
}

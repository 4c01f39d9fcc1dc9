// The Trusted devices card: browsers that skip the sign-in code for a while, each of which
// (or all at once) can be asked for a second factor again.
import { forgetAllTrustedDevices, forgetTrustedDevice } from '../../api/factors.ts';
import { Button } from '../../ui/button.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { describeDevice } from './describe-device.ts';
import { useSecurityActions } from './security-actions.tsx';
import { SecurityCard } from './security-card.tsx';
import { useFactorsChanged, useMyFactors } from './use-my-factors.ts';

export function TrustedDevicesCard() {
  const devices = useMyFactors()?.trustedDevices ?? [];
  const factorsChanged = useFactorsChanged();
  const { act, busy, notify } = useSecurityActions();

  const forget = (id: string) =>
    act(`device:${id}`, async () => {
      await forgetTrustedDevice(id);
      factorsChanged();
      notify('That device will be asked for a second factor again.');
    });
  const forgetAll = () =>
    act('devices', async () => {
      await forgetAllTrustedDevices();
      factorsChanged();
      notify('Every device will be asked for a second factor again.');
    });

  return (
    <SecurityCard
      id="trusted-devices"
      title="Trusted devices"
      text="Browsers where you chose to skip the sign-in code for a while. Decisions still ask for your second factor."
      action={
        devices.length > 1 ? (
          <Button busy={busy === 'devices'} onClick={forgetAll}>
            Stop trusting all
          </Button>
        ) : undefined
      }
    >
      {devices.length === 0 ? (
        <EmptyState level={3} title="No trusted devices">
          When you sign in, tick “Trust this device” to skip the code on that browser.
        </EmptyState>
      ) : (
        <ul className="factor-list">
          {devices.map((d) => (
            <li key={d.id} className="factor-row">
              <div>
                <span className="cell-primary" title={d.label}>
                  {describeDevice(d.label)}
                </span>
                <span className="cell-secondary">
                  Trusted {formatDateTime(d.createdAt)} · until {formatDateTime(d.expiresAt)}
                  {d.lastUsedAt ? ` · last used ${formatDateTime(d.lastUsedAt)}` : ''}
                </span>
              </div>
              <Button
                size="sm"
                variant="ghost"
                busy={busy === `device:${d.id}`}
                onClick={() => forget(d.id)}
                aria-label={`Stop trusting ${describeDevice(d.label)}`}
              >
                Stop trusting
              </Button>
            </li>
          ))}
        </ul>
      )}
    </SecurityCard>
  );
}

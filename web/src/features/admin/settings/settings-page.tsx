// /admin/settings: the organisation's settings. This page holds the two-factor part
// (enrollment mode, sign-in requirement, trusted devices, recovery); PATCH replaces each
// top-level part whole, so the parts sent are complete.
import { useCallback, useEffect, useState } from 'react';
import { describeError } from '../../../api/problem.ts';
import { getSettings, updateSettings } from '../../../api/two-factor-admin.ts';
import type { OrgSettings } from '../../../api/types.ts';
import { useResource } from '../../../api/use-resource.ts';
import { Link } from '../../../router.tsx';
import { Alert } from '../../../ui/alert.tsx';
import { Button } from '../../../ui/button.tsx';
import { Checkbox } from '../../../ui/checkbox.tsx';
import { TextField } from '../../../ui/field.tsx';
import { Loading } from '../../../ui/loading.tsx';
import { PageHeader } from '../../../ui/page-header.tsx';
import { RadioGroup } from '../../../ui/radio-group.tsx';
import { useSubmit } from '../../../ui/use-submit.ts';

export function SettingsPage() {
  const settings = useResource(getSettings);
  return (
    <div className="page page-narrow">
      <PageHeader title="Settings" description="How your organisation signs in. Changes apply at the next sign-in and are recorded in the audit trail." />
      {settings.error ? <Alert tone="error" title="Settings could not be loaded">{describeError(settings.error)}</Alert> : null}
      {settings.data ? <TwoFactorSettings initial={settings.data} /> : settings.loading ? <Loading label="Loading settings…" /> : null}
    </div>
  );
}

function TwoFactorSettings({ initial }: { initial: OrgSettings }) {
  const [saved, setSaved] = useState(initial);
  const [mode, setMode] = useState(initial.enrollmentMode);
  const [everyone, setEveryone] = useState(!!initial.loginTwoFactor.scope.everyone);
  const [trustEnabled, setTrustEnabled] = useState(initial.trustedDevices.enabled);
  const [days, setDays] = useState(String(initial.trustedDevices.days));
  const [recovery, setRecovery] = useState(initial.recovery);
  const [notice, setNotice] = useState<string>();

  useEffect(() => setNotice(undefined), [mode, everyone, trustEnabled, days, recovery]);

  const validate = useCallback((): Record<string, string> => {
    const n = Number(days);
    return trustEnabled && !(Number.isInteger(n) && n >= 1 && n <= 365) ? { 'trustedDevices.days': 'Enter a whole number of days from 1 to 365.' } : {};
  }, [days, trustEnabled]);

  const action = useCallback(async () => {
    const next = await updateSettings({
      enrollmentMode: mode,
      loginTwoFactor: { scope: { ...saved.loginTwoFactor.scope, everyone } },
      trustedDevices: { enabled: trustEnabled, days: trustEnabled ? Number(days) : saved.trustedDevices.days },
      recovery,
    });
    setSaved(next);
    setNotice('Two-factor settings were saved.');
  }, [mode, everyone, trustEnabled, days, recovery, saved]);
  const { busy, error, fieldErrors, onSubmit } = useSubmit(action, validate);

  return (
    <section className="panel settings-section" aria-labelledby="two-factor-settings">
      <div className="settings-section-head">
        <h2 id="two-factor-settings" className="section-title">Two-factor settings</h2>
        <p className="muted">See who is enrolled on the <Link to="/admin/two-factor">Two-factor authentication</Link> page.</p>
      </div>
      <form className="form" onSubmit={onSubmit} noValidate>
        {error ? <Alert tone="error" title="Settings were not saved">{describeError(error)}</Alert> : null}

        <RadioGroup
          legend="Who turns two-factor authentication on"
          name="enrollmentMode"
          value={mode}
          onChange={setMode}
          options={[
            { value: 'self_service', label: 'Each user (self-service)', hint: 'Users set up and remove their own second factors on their Security page.' },
            { value: 'admin_controlled', label: 'Administrators only', hint: 'Only users an administrator adds can set up a second factor; users cannot remove or reset their own.' },
          ]}
        />

        <fieldset className="fieldset">
          <legend className="field-label">Sign-in</legend>
          <Checkbox
            label="Require two-factor authentication at sign-in for everyone"
            hint="Users without a second factor set one up right after their password. Users who have one are always asked for it."
            checked={everyone}
            onChange={setEveryone}
          />
        </fieldset>

        <fieldset className="fieldset">
          <legend className="field-label">Trusted devices</legend>
          <Checkbox
            label="Let users trust a device"
            hint="After a successful sign-in, a trusted browser skips the code until the trust expires. Decisions always ask."
            checked={trustEnabled}
            onChange={setTrustEnabled}
          />
          {trustEnabled ? (
            <TextField
              label="Trust a device for (days)"
              className="field-short"
              type="number"
              inputMode="numeric"
              min={1}
              max={365}
              value={days}
              onChange={setDays}
              error={fieldErrors['trustedDevices.days']}
            />
          ) : null}
        </fieldset>

        <RadioGroup
          legend="When a user loses their second factor"
          name="recovery"
          value={recovery}
          onChange={setRecovery}
          options={[
            { value: 'email', label: 'They can reset it by email', hint: 'A single-use link to their verified email removes their factors; they then set 2FA up again.' },
            { value: 'admin', label: 'Only an administrator can reset it', hint: 'Revoke the user on the Two-factor authentication page, then add them again.' },
          ]}
        />

        <div className="form-actions">
          {/* Beside the button: after saving, the top of this long form is out of view. */}
          <p className="form-status" role="status">{notice ?? ''}</p>
          <Button type="submit" variant="primary" busy={busy}>Save two-factor settings</Button>
        </div>
      </form>
    </section>
  );
}

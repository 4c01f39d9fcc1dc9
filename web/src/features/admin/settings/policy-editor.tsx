// The two-factor policy editor: one form, saved with one PATCH of the parts that changed. An
// admin who has a second factor confirms with it first (403 second_factor_required opens the
// step-up dialog, then the same PATCH goes again with the proof).
import { useCallback, useState } from 'react';
import { describeError, isApiProblem } from '../../../api/problem.ts';
import { updateSettings } from '../../../api/two-factor-admin.ts';
import type { Group, OrgSettings, User } from '../../../api/types.ts';
import { Link } from '../../../router.tsx';
import { Alert } from '../../../ui/alert.tsx';
import { Button } from '../../../ui/button.tsx';
import { Checkbox } from '../../../ui/checkbox.tsx';
import { TextField } from '../../../ui/field.tsx';
import { RadioGroup } from '../../../ui/radio-group.tsx';
import { valueAt } from '../../../ui/use-field-errors.ts';
import { useSubmit } from '../../../ui/use-submit.ts';
import { useStepUp } from '../../security/step-up-dialog.tsx';
import { ScopeEditor } from '../policies/scope-editor.tsx';
import { EnforcementSection } from './enforcement-section.tsx';
import { changedParts, draftFrom, validateDraft, type PolicyDraft } from './policy-draft.ts';
import { StepUpMethodsSection } from './step-up-methods-section.tsx';

type Props = { initial: OrgSettings; users: readonly User[]; groups: readonly Group[] };

export function PolicyEditor({ initial, users, groups }: Props) {
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState<PolicyDraft>(() => draftFrom(initial));
  // A notice belongs to the draft it was written for: any edit makes a new draft and hides it.
  const [notice, setNotice] = useState<{ text: string; draft: PolicyDraft }>();
  const stepUp = useStepUp({ description: 'Changing your organisation’s security settings needs a fresh confirmation with one of your second factors.' });
  const set =
    <K extends keyof PolicyDraft>(key: K) =>
    (value: PolicyDraft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));
  const locked = saved.financialIntegration.connected;
  const patch = changedParts(draft, saved);
  const dirty = Object.keys(patch).length > 0;

  const shownNotice = notice?.draft === draft ? notice.text : undefined;

  const validate = useCallback(() => validateDraft(draft), [draft]);
  const action = useCallback(async () => {
    if (!dirty) {
      setNotice({ text: 'There were no changes to save.', draft });
      return;
    }
    const next = await stepUp.run((proof) => updateSettings(patch, proof));
    if (!next) return; // the admin closed the confirmation
    const fresh = draftFrom(next);
    setSaved(next);
    setDraft(fresh);
    setNotice({ text: 'Two-factor settings were saved.', draft: fresh });
  }, [dirty, patch, draft, stepUp.run]);
  const { busy, error, fieldErrors, onSubmit } = useSubmit(action, validate, (field) =>
    field === 'trustedDevices.days' ? draft.trustDays : valueAt(draft, field),
  );

  return (
    <section className="panel settings-section" aria-labelledby="two-factor-settings">
      <div className="settings-section-head">
        <h2 id="two-factor-settings" className="section-title">
          Two-factor settings
        </h2>
        <p className="muted">
          See who is enrolled, and how far enforcement has come, on the <Link to="/admin/two-factor">Two-factor authentication</Link> page.
        </p>
      </div>
      <form className="form settings-form" onSubmit={onSubmit} noValidate>
        {isApiProblem(error) && error.code === 'two_factor_enforcement_locked' ? (
          <Alert tone="error" title="Enforcement cannot be turned off">
            Your organisation is connected to a financial integration, which makes two-factor authentication mandatory. Choose soft or hard enforcement, or
            disconnect the integration first.
          </Alert>
        ) : error ? (
          <Alert tone="error" title="Settings were not saved">
            {describeError(error)}
          </Alert>
        ) : null}

        <div className="settings-subsection" aria-labelledby="policy-enrollment">
          <h3 id="policy-enrollment" className="subsection-title">
            Enrollment
          </h3>
          <RadioGroup
            legend="Who turns two-factor authentication on"
            name="enrollmentMode"
            value={draft.enrollmentMode}
            onChange={set('enrollmentMode')}
            options={[
              { value: 'self_service', label: 'Each user (self-service)', hint: 'Users set up and remove their own second factors on their Security page.' },
              {
                value: 'admin_controlled',
                label: 'Administrators only',
                hint: 'Only users an administrator adds can set up a second factor; users cannot remove or reset their own.',
              },
            ]}
          />
        </div>

        <div className="settings-subsection" aria-labelledby="policy-sign-in">
          <div className="settings-subsection-head">
            <h3 id="policy-sign-in" className="subsection-title">
              Sign-in
            </h3>
            <p className="muted">
              Who must pass a second factor when signing in. Users without one set it up right after their password. Users who have one are always asked for it.
            </p>
          </div>
          <ScopeEditor
            name="Sign-in"
            everyoneLabel="Require two-factor authentication at sign-in for everyone"
            value={draft.loginTwoFactor.scope}
            onChange={(scope) => set('loginTwoFactor')({ scope })}
            users={users}
            groups={groups}
          />
        </div>

        <EnforcementSection value={draft.enforcement} onChange={set('enforcement')} locked={locked} users={users} groups={groups} />

        <StepUpMethodsSection value={draft.stepUpMethods} onChange={set('stepUpMethods')} error={fieldErrors['stepUpMethods']} />

        <div className="settings-subsection" aria-labelledby="policy-devices">
          <h3 id="policy-devices" className="subsection-title">
            Trusted devices
          </h3>
          <Checkbox
            label="Let users trust a device"
            hint="After a successful sign-in, a trusted browser skips the code until the trust expires. Protected steps always ask."
            checked={draft.trustedDevices.enabled}
            onChange={(enabled) => set('trustedDevices')({ ...draft.trustedDevices, enabled })}
          />
          {draft.trustedDevices.enabled ? (
            <TextField
              label="Trust a device for (days)"
              className="field-short"
              type="number"
              inputMode="numeric"
              min={1}
              max={365}
              value={draft.trustDays}
              onChange={set('trustDays')}
              error={fieldErrors['trustedDevices.days']}
            />
          ) : (
            <p className="field-hint field-indent">Turning this off forgets every trusted device at once.</p>
          )}
        </div>

        <div className="settings-subsection" aria-labelledby="policy-recovery">
          <h3 id="policy-recovery" className="subsection-title">
            Recovery
          </h3>
          <RadioGroup
            legend="When a user loses their second factor"
            name="recovery"
            value={draft.recovery}
            onChange={set('recovery')}
            options={[
              {
                value: 'email',
                label: 'They can reset it by email',
                hint: 'A single-use link to their verified email removes their factors; they then set 2FA up again.',
              },
              {
                value: 'admin',
                label: 'Only an administrator can reset it',
                hint: 'Revoke the user on the Two-factor authentication page, then add them again.',
              },
            ]}
          />
        </div>

        <div className="form-actions settings-actions">
          {/* Beside the button: after saving, the top of this long form is out of view. */}
          <p className={shownNotice ? 'form-status' : 'form-status form-status-muted'} role="status">
            {shownNotice ?? (dirty ? 'You have unsaved changes.' : '')}
          </p>
          {dirty ? (
            <Button onClick={() => setDraft(draftFrom(saved))} disabled={busy}>
              Discard changes
            </Button>
          ) : null}
          <Button type="submit" variant="primary" busy={busy}>
            Save two-factor settings
          </Button>
        </div>
      </form>
      {stepUp.dialog}
    </section>
  );
}

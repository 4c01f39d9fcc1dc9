// Enrollment enforcement (docs/guide.md §4): what happens to users in scope who have no factor, and
// the mandatory lock: connected to a financial integration, enforcement cannot be off and
// covers everyone (the server answers 409 two_factor_enforcement_locked otherwise).
import type { EnforcementMode, Group, OrgSettings, User } from '../../../api/types.ts';
import { Alert } from '../../../ui/alert.tsx';
import { RadioGroup } from '../../../ui/radio-group.tsx';
import { ScopeEditor } from '../policies/scope-editor.tsx';

type Props = {
  value: OrgSettings['enforcement'];
  onChange: (value: OrgSettings['enforcement']) => void;
  locked: boolean;
  users: readonly User[];
  groups: readonly Group[];
};

const ENFORCEMENT_HINTS: Record<EnforcementMode, string> = {
  off: 'Nobody is pushed to set up a second factor (the sign-in requirement above still applies).',
  soft: 'Users in scope without a second factor see a prompt on every page that they can skip, and get a weekly reminder email.',
  hard: 'Users in scope without a second factor can do nothing but set one up, and get a daily reminder email.',
};

export function EnforcementSection({ value, onChange, locked, users, groups }: Props) {
  return (
    <div className="settings-subsection" aria-labelledby="policy-enforcement">
      <div className="settings-subsection-head">
        <h3 id="policy-enforcement" className="subsection-title">
          Enrollment enforcement
        </h3>
        <p className="muted">What happens to users in scope who have not set up two-factor authentication yet.</p>
      </div>
      {locked ? (
        <Alert tone="warning" title="Enforcement is mandatory while a financial integration is connected">
          Your organisation is connected to a financial integration, so every user must use two-factor authentication. Enforcement cannot be turned off, and it
          covers everyone whatever the scope below says, until the integration is disconnected.
        </Alert>
      ) : null}
      <RadioGroup<EnforcementMode>
        legend="Enforcement"
        name="enforcementMode"
        value={value.mode}
        onChange={(mode) => onChange({ ...value, mode })}
        options={[
          { value: 'off', label: 'Off', hint: locked ? 'Not available while a financial integration is connected.' : ENFORCEMENT_HINTS.off, disabled: locked },
          { value: 'soft', label: 'Soft: remind', hint: ENFORCEMENT_HINTS.soft },
          { value: 'hard', label: 'Hard: require', hint: ENFORCEMENT_HINTS.hard },
        ]}
      />
      {value.mode !== 'off' || locked ? (
        <ScopeEditor
          name="Enforcement"
          everyoneLabel="Enforce for everyone"
          value={value.scope}
          onChange={(scope) => onChange({ ...value, scope })}
          users={users}
          groups={groups}
          disabled={locked}
          coversOverride={locked ? 'Everyone (required by the financial integration)' : undefined}
        />
      ) : null}
    </div>
  );
}

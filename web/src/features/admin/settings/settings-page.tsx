// /admin/settings: the organisation's settings. This page holds the two-factor policy editor
// (enrollment mode, sign-in requirement, enrollment enforcement and its mandatory lock,
// methods at protected steps, trusted devices, recovery) and the audit witnesses.
import { listGroups, listUsers } from '../../../api/admin.ts';
import { describeError } from '../../../api/problem.ts';
import { getSettings } from '../../../api/two-factor-admin.ts';
import { useResource } from '../../../api/use-resource.ts';
import { Alert } from '../../../ui/alert.tsx';
import { Loading } from '../../../ui/loading.tsx';
import { PageHeader } from '../../../ui/page-header.tsx';
import { PolicyEditor } from './policy-editor.tsx';
import { WitnessesSection } from './witnesses-section.tsx';

export function SettingsPage() {
  const settings = useResource(getSettings);
  const users = useResource(listUsers);
  const groups = useResource(listGroups);
  return (
    <div className="page page-narrow">
      <PageHeader title="Settings" description="How your organisation signs in. Changes apply at the next sign-in or page load and are recorded in the audit trail." />
      {settings.error ? <Alert tone="error" title="Settings could not be loaded">{describeError(settings.error)}</Alert> : null}
      {users.error || groups.error ? (
        <Alert tone="warning" title="Users and groups could not be loaded">
          You can still change the settings, but the group and user pickers are empty. {describeError(users.error ?? groups.error)}
        </Alert>
      ) : null}
      {settings.data ? (
        <>
          <PolicyEditor initial={settings.data} users={users.data ?? []} groups={groups.data ?? []} />
          <WitnessesSection initial={settings.data.audit.witnesses} />
        </>
      ) : settings.loading ? (
        <Loading label="Loading settings…" />
      ) : null}
    </div>
  );
}

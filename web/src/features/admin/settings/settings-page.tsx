// /admin/settings: the organisation's settings. This page holds the two-factor policy editor
// (enrollment mode, sign-in requirement, enrollment enforcement and its mandatory lock,
// methods at protected steps, trusted devices, recovery) and the audit witnesses.
import { useQuery } from '@tanstack/react-query';
import { describeError } from '../../../api/problem.ts';
import { groupsQuery, settingsQuery, usersQuery } from '../../../api/queries.ts';
import { Alert } from '../../../ui/alert.tsx';
import { Loading } from '../../../ui/loading.tsx';
import { PageHeader } from '../../../ui/page-header.tsx';
import { PolicyEditor } from './policy-editor.tsx';
import { WitnessesSection } from './witnesses-section.tsx';
import { FinancialIntegrationSection } from './financial-integration-section.tsx';
import { OrganizationSection } from './organization-section.tsx';
import { useState } from 'react';
import type { OrgSettings } from '../../../api/types.ts';

export function SettingsPage() {
  const settings = useQuery(settingsQuery);
  const users = useQuery(usersQuery);
  const groups = useQuery(groupsQuery);
  // The financial-integration switch changes the policy (the lock): the editor restarts from what was saved.
  const [switched, setSwitched] = useState<{ settings: OrgSettings; n: number }>();
  const current = switched?.settings ?? settings.data;
  return (
    <div className="page page-narrow">
      <PageHeader
        title="Settings"
        description="How your organisation signs in. Changes apply at the next sign-in or page load and are recorded in the audit trail."
      />
      {settings.error ? (
        <Alert tone="error" title="Settings could not be loaded">
          {describeError(settings.error)}
        </Alert>
      ) : null}
      {users.error || groups.error ? (
        <Alert tone="warning" title="Users and groups could not be loaded">
          You can still change the settings, but the group and user pickers are empty. {describeError(users.error ?? groups.error)}
        </Alert>
      ) : null}
      <OrganizationSection />
      {current ? (
        <>
          <PolicyEditor key={switched?.n ?? 0} initial={current} users={users.data ?? []} groups={groups.data ?? []} />
          <FinancialIntegrationSection settings={current} onSaved={(next) => setSwitched((s) => ({ settings: next, n: (s?.n ?? 0) + 1 }))} />
          <WitnessesSection initial={current.audit.witnesses} />
        </>
      ) : settings.isFetching ? (
        <Loading label="Loading settings…" />
      ) : null}
    </div>
  );
}

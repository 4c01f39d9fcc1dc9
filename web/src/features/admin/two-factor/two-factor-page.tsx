// /admin/two-factor: who is Pending (added, setup not finished), Active, and in scope of a
// policy but not enrolled (docs/guide.md §3). Admins add users and revoke; they never see a secret.
import { useCallback, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { describeError } from '../../../api/problem.ts';
import { addEnrollments, approveResetRequest, rejectResetRequest, revokeEnrollment } from '../../../api/two-factor-admin.ts';
import type { EnrollmentEntry, ResetRequest } from '../../../api/types.ts';
import { enrollmentsQuery, queryKeys, resetRequestsQuery, usersQuery } from '../../../api/queries.ts';
import { Link } from '../../../router.tsx';
import { Alert } from '../../../ui/alert.tsx';
import { Button } from '../../../ui/button.tsx';
import { Loading } from '../../../ui/loading.tsx';
import { PageHeader } from '../../../ui/page-header.tsx';
import { AddUsersDialog } from './add-users-dialog.tsx';
import { CoveragePanel } from './coverage-panel.tsx';
import { EnrollmentTable } from './enrollment-table.tsx';
import { useCurrentUser } from '../../session/session-context.tsx';
import { ResetRequestsPanel } from './reset-requests-panel.tsx';
import { RevokeDialog } from './revoke-dialog.tsx';

export function TwoFactorPage() {
  const enrollments = useQuery(enrollmentsQuery);
  const users = useQuery(usersQuery);
  const resetRequests = useQuery(resetRequestsQuery);
  const queryClient = useQueryClient();
  // Adding, revoking and deciding a reset all move enrollments, coverage and reset requests.
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: queryKeys.twoFactor }), [queryClient]);
  const me = useCurrentUser();
  const [adding, setAdding] = useState(false);
  const [revoking, setRevoking] = useState<EnrollmentEntry>();
  const [notice, setNotice] = useState<string>();

  const data = enrollments.data;
  const known = new Set([...(data?.pending ?? []), ...(data?.active ?? [])].map((e) => e.userId));
  const candidates = (users.data ?? []).filter((u) => u.active && !known.has(u.id));

  const add = useCallback(
    async (userIds: string[]) => {
      await addEnrollments(userIds);
      setAdding(false);
      setNotice(
        userIds.length === 1
          ? 'One user was added. They set up two-factor authentication the next time they sign in.'
          : `${userIds.length} users were added. They set up two-factor authentication the next time they sign in.`,
      );
      refresh();
    },
    [refresh],
  );

  const revoke = useCallback(
    async (entry: EnrollmentEntry) => {
      const pending = await revokeEnrollment(entry.userId);
      setRevoking(undefined);
      setNotice(
        pending
          ? `${entry.name} can e-sign, so the reset waits for another administrator to approve it (Reset requests, below). ${entry.name} was emailed.`
          : `Two-factor authentication was revoked for ${entry.name}. Every factor and trusted device was removed.`,
      );
      refresh();
    },
    [refresh],
  );

  const decide = useCallback(
    async (r: ResetRequest, approve: boolean) => {
      await (approve ? approveResetRequest(r.id) : rejectResetRequest(r.id));
      setNotice(
        approve
          ? `Two-factor authentication was reset for ${r.user.name}: every factor and trusted device was removed.`
          : `The reset request for ${r.user.name} was ${r.requestedBy.id === me.id ? 'withdrawn' : 'rejected'}; nothing changed.`,
      );
      refresh();
    },
    [refresh, me.id],
  );

  return (
    <div className="page">
      <PageHeader
        title="Two-factor authentication"
        description={
          <>
            Who uses a second factor. Added users are pending until they finish setup inside Signoff; the secret is never emailed. Enrollment mode, sign-in
            policy and recovery are in <Link to="/admin/settings">Settings</Link>.
          </>
        }
        actions={
          <Button
            variant="primary"
            onClick={() => {
              setNotice(undefined);
              setAdding(true);
            }}
            disabled={!users.data}
          >
            Add users
          </Button>
        }
      />
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      <CoveragePanel />
      {enrollments.error ? (
        <Alert tone="error" title="Enrollments could not be loaded">
          {describeError(enrollments.error)}
        </Alert>
      ) : null}

      {!data ? (
        enrollments.isFetching ? (
          <Loading label="Loading enrollments…" />
        ) : null
      ) : (
        <>
          <EnrollmentTable
            id="pending"
            title="Pending"
            countLabel="pending, everyone"
            description="Everyone an administrator added who has not finished setup, in a policy's scope or not."
            entries={data.pending}
            empty="Nobody is waiting to finish setup."
            tone="warning"
            onRevoke={setRevoking}
          />
          <EnrollmentTable
            id="active"
            title="Active"
            countLabel="with 2FA, everyone"
            description="Everyone with at least one working second factor, in a policy's scope or not. The chart above counts only those in scope."
            entries={data.active}
            empty="Nobody has set up two-factor authentication yet."
            tone="success"
            onRevoke={setRevoking}
          />
          <EnrollmentTable
            id="in-scope"
            title="In scope, not enrolled"
            countLabel="in scope, not enrolled"
            description="A policy requires two-factor authentication of these users, and they have not set it up (the chart's Not enrolled)."
            entries={data.notEnrolledInScope}
            empty="Everyone a policy covers is enrolled."
            tone="danger"
            onAdd={(e) => void add([e.userId]).catch((err: unknown) => setNotice(describeError(err)))}
          />
        </>
      )}

      {resetRequests.data && resetRequests.data.length > 0 ? (
        <ResetRequestsPanel requests={resetRequests.data} currentUserId={me.id} onApprove={(r) => decide(r, true)} onReject={(r) => decide(r, false)} />
      ) : null}

      <AddUsersDialog open={adding} users={candidates} onClose={() => setAdding(false)} onAdd={add} />
      <RevokeDialog entry={revoking} onClose={() => setRevoking(undefined)} onRevoke={revoke} />
    </div>
  );
}

// /security: the signed-in user's second factors, backup codes, trusted devices and out-of-office
// delegation, one card each. The page loads the factors, shows the outcome of the cards' actions
// and composes the cards; every change to factors goes through step-up (security-actions.tsx).
import { useQuery } from '@tanstack/react-query';
import { describeError } from '../../api/problem.ts';
import { myFactorsQuery } from '../../api/queries.ts';
import { Alert } from '../../ui/alert.tsx';
import { Loading } from '../../ui/loading.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { Link, useLocation } from '../../router.tsx';
import { useSession } from '../session/session-context.tsx';
import { AuthenticatorAppCard } from './authenticator-app-card.tsx';
import { BackupCodesCard } from './backup-codes-card.tsx';
import { EmailCodesCard } from './email-codes-card.tsx';
import { isEnrolled } from './my-factors.ts';
import { NotEnabledNotice } from './not-enabled-notice.tsx';
import { OutOfOfficeCard } from './out-of-office-card.tsx';
import { PasskeysCard } from './passkeys-card.tsx';
import { returnPathOf } from './return-to.ts';
import { SecurityActionsProvider, useSecurityPage } from './security-actions.tsx';
import { TrustedDevicesCard } from './trusted-devices-card.tsx';
import { TwoFactorStatus } from './two-factor-status.tsx';

export function SecurityPage() {
  const { status } = useSession();
  // Admin-controlled enrollment, not added: say who manages 2FA (and offer to notify them) at once.
  const canEnroll = status.kind !== 'signed-in' || status.session.enforcement.canEnroll;
  const factors = useQuery(myFactorsQuery);
  const { actions, notice, error, notEnabled, dialogs } = useSecurityPage();
  const returnTo = returnPathOf(useLocation().search);

  if (notEnabled || !canEnroll) {
    return (
      <div className="page">
        <PageHeader title="Security" />
        <NotEnabledNotice />
      </div>
    );
  }

  return (
    <div className="page page-narrow">
      <PageHeader
        title="Security"
        description="Two-factor authentication asks for something only you have, after your password, so a stolen password is not enough to sign in."
      />
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {notice && returnTo && isEnrolled(factors.data?.factors ?? []) ? (
        <p>
          <Link className="btn btn-primary" to={returnTo}>
            Back to your decision
          </Link>
        </p>
      ) : null}
      {error ? (
        <Alert tone="error" title="That did not work">
          {describeError(error)}
        </Alert>
      ) : null}
      {factors.error ? (
        <Alert tone="error" title="Your security settings could not be loaded">
          {describeError(factors.error)}
        </Alert>
      ) : null}

      {!factors.data ? (
        factors.isFetching ? (
          <Loading label="Loading your security settings…" />
        ) : null
      ) : (
        <SecurityActionsProvider actions={actions}>
          <TwoFactorStatus />
          <AuthenticatorAppCard />
          <PasskeysCard />
          <EmailCodesCard />
          <BackupCodesCard />
          <TrustedDevicesCard />
          <OutOfOfficeCard />
        </SecurityActionsProvider>
      )}
      {dialogs}
    </div>
  );
}

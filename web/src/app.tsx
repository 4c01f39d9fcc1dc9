// Which page to show, from the session status and the URL. Guards live here, in one place:
// first run → /setup; signed out → /login?next=…; a session still owing a second factor →
// the second-factor step; one that must set 2FA up first (sign-in policy, or hard enforcement
// begun later: `session.enforcement`, or a 403 two_factor_enrollment_required the API client
// reported) → the setup, from every page; admin pages → admins only. Soft enforcement adds a
// skippable prompt above every page.
import { useEffect } from 'react';
import { describeError } from './api/problem.ts';
import { AppShell } from './features/shell/app-shell.tsx';
import { AuthLayout } from './features/shell/auth-layout.tsx';
import { NotAllowedPage } from './features/shell/not-allowed-page.tsx';
import { NotFoundPage } from './features/shell/not-found-page.tsx';
import { LoginPage } from './features/login/login-page.tsx';
import { SecondFactorPage } from './features/login/second-factor-page.tsx';
import { GuestPage } from './features/guest/guest-page.tsx';
import { VerifyEvidencePage } from './features/evidence/verify-evidence-page.tsx';
import { ForgotPasswordPage } from './features/password-reset/forgot-password-page.tsx';
import { ResetPasswordPage } from './features/password-reset/reset-password-page.tsx';
import { isAdmin, useSession } from './features/session/session-context.tsx';
import { SetupPage } from './features/setup/setup-page.tsx';
import { RecoverTwoFactorPage } from './features/recovery/recover-two-factor-page.tsx';
import { EnrollmentPage } from './features/security/enrollment-page.tsx';
import { EnrollmentPrompt } from './features/security/enrollment-prompt.tsx';
import { ENROLLMENT_PATH, enrollmentUrl, mustEnroll, shouldPromptEnrollment } from './features/session/enforcement.ts';
import { matchPath, Redirect, useLocation } from './router.tsx';
import { APP_ROUTES, GUEST_PATH, VERIFY_PATH } from './routes.tsx';
import { Alert } from './ui/alert.tsx';
import { Button } from './ui/button.tsx';
import { Loading } from './ui/loading.tsx';

function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · Signoff` : 'Signoff';
  }, [title]);
}

function PublicPage({ pathname }: { pathname: string }) {
  switch (pathname) {
    case '/login':
      return <LoginPage />;
    case '/forgot-password':
      return <ForgotPasswordPage />;
    case '/reset-password':
      return <ResetPasswordPage />;
    case '/recover-2fa':
      return <RecoverTwoFactorPage />;
    default:
      return undefined;
  }
}

const PUBLIC_TITLES: Record<string, string> = {
  '/setup': 'Set up',
  '/login': 'Sign in',
  '/forgot-password': 'Reset password',
  '/reset-password': 'Choose a password',
  '/recover-2fa': 'Reset two-factor authentication',
  '/login/second-factor': 'Two-factor authentication',
  '/login/two-factor-setup': 'Set up two-factor authentication',
};

export function App() {
  const { status, reload, softPromptSkipped } = useSession();
  const { pathname, search } = useLocation();
  const route = APP_ROUTES.map((r) => ({ r, params: matchPath(r.path, pathname) })).find((m) => m.params);
  const guest = matchPath(GUEST_PATH, pathname);
  // The page's chunk comes while the session is read, not after it (routes.tsx).
  const page = route?.r.page;
  useEffect(() => page?.preload(), [page]);
  useDocumentTitle(guest ? 'Invitation' : pathname === VERIFY_PATH ? 'Verify evidence' : (PUBLIC_TITLES[pathname] ?? route?.r.title ?? 'Not found'));

  // Anyone checks an evidence bundle, signed in or not (no session needed, nothing uploaded).
  if (pathname === VERIFY_PATH) return <VerifyEvidencePage />;

  // Guest invites work without an account and whoever is signed in here (docs/guide.md §6).
  if (guest?.['token']) return <GuestPage key={guest['token']} token={guest['token']} />;

  switch (status.kind) {
    case 'loading':
      return (
        <div className="boot">
          <Loading label="Loading Signoff…" />
        </div>
      );

    case 'unavailable':
      return (
        <AuthLayout title="Signoff is not reachable">
          <Alert tone="error">{describeError(status.error)}</Alert>
          <Button variant="primary" className="btn-block" onClick={reload}>
            Try again
          </Button>
        </AuthLayout>
      );

    case 'setup-needed':
      return pathname === '/setup' ? <SetupPage /> : <Redirect to="/setup" />;

    case 'anonymous': {
      const page = PublicPage({ pathname });
      if (page) return page;
      const query = new URLSearchParams();
      if (pathname !== '/' && pathname !== '/setup' && !pathname.startsWith('/login')) query.set('next', pathname + search);
      if (status.expired) query.set('notice', 'expired');
      const qs = query.toString();
      return <Redirect to={`/login${qs ? `?${qs}` : ''}`} />;
    }

    case 'signed-in': {
      const { session } = status;
      // Invitation and reset links stay usable in a browser where someone is signed in.
      if (pathname === '/reset-password') return <ResetPasswordPage />;
      if (pathname === '/recover-2fa') return <RecoverTwoFactorPage />;
      if (session.state === 'second_factor_required') return <SecondFactorPage user={session.user} />;
      if (status.held || mustEnroll(session)) {
        return pathname === ENROLLMENT_PATH ? <EnrollmentPage user={session.user} /> : <Redirect to={enrollmentUrl(pathname, search)} />;
      }
      if (pathname === '/setup' || pathname.startsWith('/login') || pathname === '/forgot-password') return <Redirect to="/" />;
      const user = session.user;
      const prompt =
        shouldPromptEnrollment(session) && !softPromptSkipped ? (
          <EnrollmentPrompt onSecurityPage={pathname === '/security'} canEnroll={session.enforcement.canEnroll} />
        ) : null;
      return (
        <AppShell user={user} notice={prompt}>
          {!route ? <NotFoundPage /> : route.r.adminOnly && !isAdmin(user) ? <NotAllowedPage /> : route.r.render(route.params ?? {})}
        </AppShell>
      );
    }
  }
}

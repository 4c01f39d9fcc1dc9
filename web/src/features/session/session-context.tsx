// Who is signed in, loaded once per page load (setup status, then GET /auth/session) and
// updated by setup, login and logout. The CSRF token goes to the API client, nowhere else.
// Whenever who is signed in changes (sign-in, sign-out, a session ended elsewhere), the query
// cache is emptied first, so nobody ever sees what the previous person loaded.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { getSession, getSetupStatus, logOut } from '../../api/auth.ts';
import { setCsrfToken, setEnrollmentRequiredHandler, setUnauthenticatedHandler } from '../../api/client.ts';
import { isApiProblem } from '../../api/problem.ts';
import type { Session, SessionState, User } from '../../api/types.ts';
import { navigate } from '../../router.tsx';
import { enrollmentUrl } from './enforcement.ts';

export type SessionStatus =
  | { kind: 'loading' }
  | { kind: 'setup-needed' }
  | { kind: 'anonymous'; expired?: boolean }
  /** `held`: the API refused a call with two_factor_enrollment_required (hard enforcement). */
  | { kind: 'signed-in'; session: Session; held?: boolean }
  | { kind: 'unavailable'; error: unknown };

type SessionApi = {
  status: SessionStatus;
  /** After setup or login: keep the CSRF token, then load the full session. */
  signedIn: (result: { csrfToken?: string | undefined; state?: SessionState; user: User }) => Promise<void>;
  signOut: () => Promise<void>;
  reload: () => void;
  /**
   * A second factor was verified and the server rotated the session (new cookie, new CSRF
   * token). The status is left alone, so a screen can finish (show backup codes) before the
   * app moves on; call `signedIn` or `reload` then.
   */
  rotated: (csrfToken: string) => void;
  /** The server already ended this session (a used recovery link): forget it without a logout call. */
  forget: () => void;
  /**
   * Soft enforcement's "Skip for now": kept in memory only, so the prompt is back at the next
   * page load (docs/guide.md §4), never stored.
   */
  softPromptSkipped: boolean;
  skipSoftPrompt: () => void;
};

const SessionContext = createContext<SessionApi | undefined>(undefined);

async function loadStatus(): Promise<SessionStatus> {
  const { setUp } = await getSetupStatus();
  if (!setUp) return { kind: 'setup-needed' };
  try {
    const session = await getSession();
    setCsrfToken(session.csrfToken);
    return { kind: 'signed-in', session };
  } catch (e) {
    if (isApiProblem(e) && e.status === 401) {
      setCsrfToken(undefined);
      return { kind: 'anonymous' };
    }
    throw e;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionStatus>({ kind: 'loading' });
  const [tick, setTick] = useState(0);
  const [softPromptSkipped, setSoftPromptSkipped] = useState(false);
  const queryClient = useQueryClient();

  useEffect(() => {
    let live = true;
    loadStatus().then(
      (s) => live && setStatus(s),
      (error: unknown) => live && setStatus({ kind: 'unavailable', error }),
    );
    return () => {
      live = false;
    };
  }, [tick]);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken(undefined);
      queryClient.clear();
      setStatus({ kind: 'anonymous', expired: true });
    });
    setEnrollmentRequiredHandler(() => {
      setStatus((s) => (s.kind === 'signed-in' && !s.held ? { ...s, held: true } : s));
      navigate(enrollmentUrl(window.location.pathname, window.location.search), { replace: true });
    });
    return () => {
      setUnauthenticatedHandler(undefined);
      setEnrollmentRequiredHandler(undefined);
    };
  }, [queryClient]);

  const signedIn = useCallback<SessionApi['signedIn']>(
    async (result) => {
      if (result.csrfToken) setCsrfToken(result.csrfToken);
      queryClient.clear();
      setSoftPromptSkipped(false);
      try {
        const session = await getSession();
        setCsrfToken(session.csrfToken);
        setStatus({ kind: 'signed-in', session });
      } catch {
        setStatus({
          kind: 'signed-in',
          session: {
            state: result.state ?? 'active',
            user: result.user,
            csrfToken: result.csrfToken ?? '',
            aal: 1,
            methods: [],
            trustedDeviceDays: null,
            enforcement: { mode: 'off', required: false, enrolled: false, canEnroll: true },
          },
        });
      }
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await logOut();
    } finally {
      setCsrfToken(undefined);
      queryClient.clear();
      setStatus({ kind: 'anonymous' });
    }
  }, [queryClient]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const rotated = useCallback((token: string) => setCsrfToken(token), []);
  const skipSoftPrompt = useCallback(() => setSoftPromptSkipped(true), []);
  const forget = useCallback(() => {
    setCsrfToken(undefined);
    queryClient.clear();
    setStatus({ kind: 'anonymous' });
  }, [queryClient]);
  const value = useMemo(
    () => ({ status, signedIn, signOut, reload, rotated, forget, softPromptSkipped, skipSoftPrompt }),
    [status, signedIn, signOut, reload, rotated, forget, softPromptSkipped, skipSoftPrompt],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession must be used inside <SessionProvider>');
  return ctx;
}

/** The signed-in user; only for screens rendered behind the signed-in guard. */
export function useCurrentUser(): User {
  const { status } = useSession();
  if (status.kind !== 'signed-in') throw new Error('useCurrentUser needs a signed-in session');
  return status.session.user;
}

export const isAdmin = (user: User) => user.roles.includes('admin');

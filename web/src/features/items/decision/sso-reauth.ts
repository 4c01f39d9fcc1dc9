// Signing with a new sign-in at the organisation's identity provider instead of the password
// (21 CFR 11.200, for SSO users). The page leaves for the provider and comes back, so the
// decision being made waits in sessionStorage (this tab only, at most 5 minutes, nothing
// secret: no password, no code), and the proof comes back in the URL fragment
// (`#reauth=<token>` or `#reauth_error=<code>`), which is taken out of the address bar at once.
import type { Method } from '../../../api/types.ts';
import type { Decision } from '../../../api/workflow-types.ts';

const STORAGE_KEY = 'signoff.pendingSignature';
/** The server's re-authentication token lives 5 minutes; a pending decision no longer. */
const REAUTH_TTL_MS = 5 * 60_000;

/** The confirm screen as it was when the reviewer left for the provider. */
export type PendingDecision = { itemId: string; step: number; decision: Decision; comment: string; meaning: string; method: Method; savedAt: number };

/** What the item page finds when it comes back from the provider. */
export type ReauthReturn = { token: string | undefined; error: string | undefined; pending: PendingDecision | undefined };

/** Kept before leaving; false when the browser refuses storage (the decision is then chosen again). */
export function savePendingDecision(pending: Omit<PendingDecision, 'savedAt'>): boolean {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ ...pending, savedAt: Date.now() }));
    return true;
  } catch {
    return false;
  }
}

function readPending(itemId: string, now: number): PendingDecision | undefined {
  let raw: string | null;
  try {
    raw = window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return undefined;
  }
  if (!raw) return undefined;
  let p: Partial<PendingDecision>;
  try {
    p = JSON.parse(raw) as Partial<PendingDecision>;
  } catch {
    return undefined;
  }
  const fresh = typeof p.savedAt === 'number' && now - p.savedAt >= 0 && now - p.savedAt < REAUTH_TTL_MS;
  const wellFormed =
    typeof p.step === 'number' &&
    (p.decision === 'approve' || p.decision === 'reject') &&
    typeof p.comment === 'string' &&
    typeof p.meaning === 'string' &&
    typeof p.method === 'string';
  return p.itemId === itemId && fresh && wellFormed ? (p as PendingDecision) : undefined;
}

/**
 * The return from the provider, read from the fragment (pure: the page forgets it with
 * `forgetReauthReturn` once mounted). Undefined when the page was not opened by that return.
 */
export function readReauthReturn(hash: string, itemId: string, now = Date.now()): ReauthReturn | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('reauth') || undefined;
  const error = params.get('reauth_error') || undefined;
  if (!token && !error) return undefined;
  return {
    token: token && /^[A-Za-z0-9_-]{20,100}$/.test(token) ? token : undefined,
    error: error ? (/^[a-z_]{1,40}$/.test(error) ? error : 'internal_error') : undefined,
    pending: readPending(itemId, now),
  };
}

/** Takes the token out of the address bar and history, and the pending decision out of storage. */
export function forgetReauthReturn(): void {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  if (params.has('reauth') || params.has('reauth_error'))
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  try {
    window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* storage unavailable: nothing was kept */
  }
}

export type ReauthProblem = { title: string; text: string };

/** What the confirm screen says when the provider's sign-in did not give a usable proof (never the code). */
export function describeReauthError(code: string, email: string): ReauthProblem {
  const orPassword = 'Try again, or enter your password.';
  switch (code) {
    case 'unknown_user':
      return {
        title: 'Your identity provider signed in a different account',
        text: `To sign, it must be you (${email}). Sign in again there with your own account, or enter your password.`,
      };
    case 'not_configured':
      return { title: 'Single sign-on is not set up for your organisation', text: 'Enter your password to sign.' };
    case 'idp_unavailable':
      return { title: 'Your identity provider could not be reached', text: orPassword };
    case 'invalid_state':
      return { title: 'The sign-in at your identity provider took too long', text: `It must be finished within 10 minutes, in this browser. ${orPassword}` };
    case 'idp_refused':
      return { title: 'Your identity provider did not complete the sign-in', text: `For example because it was cancelled. ${orPassword}` };
    case 'token_invalid':
      return { title: 'Your identity provider did not confirm a new sign-in', text: `A signature needs you to sign in there again, just now. ${orPassword}` };
    case 'server_misconfigured':
      return { title: 'Single sign-on is not working on this server right now', text: 'Enter your password, or ask your administrator.' };
    case 'reauth_invalid':
      return {
        title: 'Your sign-in at your identity provider was already used or has expired',
        text: 'It counts for one signature, within 5 minutes. Sign in there again, or enter your password.',
      };
    default:
      return { title: 'The sign-in at your identity provider did not work', text: orPassword };
  }
}

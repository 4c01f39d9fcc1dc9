// /guest/:token, reachable without signing in (docs/guide.md §6): "Send me a code" → the code →
// the item with Approve / Reject → done. The guest session is the `signoff_guest` cookie the
// server sets when the code is requested; it is kept in memory here as well, never stored.
import { useCallback, useEffect, useState } from 'react';
import { decideAsGuest, getGuestView, postGuestComment, requestGuestCode, verifyGuestCode } from '../../api/guest.ts';
import { isApiProblem } from '../../api/problem.ts';
import type { Decision, GuestItem, GuestView } from '../../api/workflow-types.ts';
import { Loading } from '../../ui/loading.tsx';
import { GuestCodeForm } from './guest-code-form.tsx';
import { GuestDone } from './guest-done.tsx';
import { GuestGone } from './guest-gone.tsx';
import { GuestLayout } from './guest-layout.tsx';
import { GuestReview } from './guest-review.tsx';
import { GuestStart } from './guest-start.tsx';

type Phase =
  | { kind: 'loading' }
  | { kind: 'start' }
  | { kind: 'code' }
  | { kind: 'review'; view: Extract<GuestView, { state: 'verified' }> }
  | { kind: 'done'; decision: Decision | undefined; item: GuestItem }
  | { kind: 'gone'; error: unknown };

const GONE = new Set(['invite_expired', 'invite_revoked', 'not_found']);

export function GuestPage({ token }: { token: string }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [siteName, setSiteName] = useState('Signoff');
  const [guestSession, setGuestSession] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const fail = (e: unknown) => {
    if (isApiProblem(e) && (GONE.has(e.code) || e.status === 410 || e.status === 404)) setPhase({ kind: 'gone', error: e });
    else throw e;
  };

  const load = useCallback(async () => {
    const view = await getGuestView(token);
    if (view.state === 'code_required') {
      setSiteName(view.siteName);
      setPhase((p) => (p.kind === 'code' ? p : { kind: 'start' }));
    } else if (view.item.decided || !view.item.canDecide) {
      setPhase({ kind: 'done', decision: undefined, item: view.item });
    } else setPhase({ kind: 'review', view });
  }, [token]);

  useEffect(() => {
    load().catch((e: unknown) => {
      try {
        fail(e);
      } catch {
        setError(e);
        setPhase({ kind: 'start' });
      }
    });
  }, [load]);

  const sendCode = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const { guestSession: s } = await requestGuestCode(token, guestSession);
      setGuestSession(s);
      setPhase({ kind: 'code' });
    } catch (e) {
      try {
        fail(e);
      } catch {
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  const verify = async (code: string) => {
    try {
      const verified = await verifyGuestCode(token, code, guestSession);
      setGuestSession(verified.guestSession);
      await load();
    } catch (e) {
      fail(e);
    }
  };

  const resend = async () => {
    try {
      const { guestSession: s } = await requestGuestCode(token, guestSession);
      setGuestSession(s);
    } catch (e) {
      fail(e);
    }
  };

  const decide = async (decision: Decision, comment: string | undefined) => {
    try {
      const { item } = await decideAsGuest(token, { decision, ...(comment ? { comment } : {}) }, guestSession);
      setPhase({ kind: 'done', decision, item });
    } catch (e) {
      fail(e);
    }
  };

  /** A refused comment: a withdrawn or expired invite shows the gone page; anything else stays with the box. */
  const comment = async (text: string) => {
    try {
      return await postGuestComment(token, text, guestSession);
    } catch (e) {
      if (isApiProblem(e) && (GONE.has(e.code) || e.status === 410)) setPhase({ kind: 'gone', error: e });
      throw e;
    }
  };

  switch (phase.kind) {
    case 'loading':
      return (
        <div className="boot">
          <Loading label="Loading…" />
        </div>
      );
    case 'start':
      return (
        <GuestLayout siteName={siteName} title="Confirm it's you">
          <GuestStart onSend={() => void sendCode()} busy={busy} error={error} />
        </GuestLayout>
      );
    case 'code':
      return (
        <GuestLayout siteName={siteName} title="Enter your code">
          <GuestCodeForm onVerify={verify} onResend={resend} />
        </GuestLayout>
      );
    case 'review':
      return (
        <GuestLayout siteName={siteName} title="Review and decide" wide>
          <GuestReview item={phase.view.item} onDecide={decide} onComment={comment} />
        </GuestLayout>
      );
    case 'done':
      return (
        <GuestLayout siteName={siteName} title="Thank you" wide>
          <GuestDone decision={phase.decision} item={phase.item} onComment={comment} />
        </GuestLayout>
      );
    case 'gone':
      return <GuestGone siteName={siteName} error={phase.error} />;
  }
}

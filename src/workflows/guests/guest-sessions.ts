// Guest sessions (docs/guide.md §6, docs/security.md I1–I3): the link alone shows nothing; a browser
// asks for a code (POST, never GET: mail scanners open links), the code goes to the invited
// address and confirms only the session that asked for it, because its HMAC is keyed on that
// session's id (I2). Guesses are counted per code (a conditional UPDATE, at most
// GUEST_CODE_MAX_ATTEMPTS) and per invite across all its sessions and instances (the rate
// limiter, I3), so opening new sessions does not multiply them. The code works once: the
// UPDATE that consumes it also confirms the session, under a new token (ASVS 7.2.4).
import { iso } from '../../platform/clock.ts';
import { backoff, type AttemptPolicy } from '../../platform/rate-limit.ts';
import { constantTimeEqual } from '../../platform/crypto/constant-time.ts';
import { hmacHex } from '../../platform/crypto/digest.ts';
import { newToken, randomDigits } from '../../platform/crypto/random.ts';
import { newId } from '../../platform/ids.ts';
import { Problem } from '../../platform/problems.ts';
import type { RequestMeta as Meta } from '../../platform/request-meta.ts';
import type { WorkflowsDeps } from '../deps.ts';
import { findItem } from '../items.store.ts';
import {
  consumeCodeAndVerify,
  findGuestSessionByTokenHash,
  insertGuestSession,
  setSessionCode,
  takeCodeAttempt,
  type GuestSessionRow,
  type InviteRow,
} from './guests.store.ts';
import { getInviteByToken, guestActor } from './invites.ts';

/** docs/security.md D1 (NIST SP 800-63B rev 4 OBV-3): a code is valid for 10 minutes. */
const GUEST_CODE_TTL_MS = 10 * 60_000;
/** docs/security.md D4: at least 6 digits from the CSPRNG; 8 because the link may have been forwarded. */
const GUEST_CODE_LENGTH = 8;
/** Guesses per code; then it is void and the guest asks for a new one. */
const GUEST_CODE_MAX_ATTEMPTS = 5;
/** A session waiting for its code lives this long after its last code request (never beyond the invite). */
const PENDING_SESSION_TTL_MS = 30 * 60_000;
/** A confirmed session lives a few hours (never beyond the invite), then the guest confirms again. */
const VERIFIED_SESSION_TTL_MS = 4 * 60 * 60_000;
/**
 * Wrong codes per invite, across its sessions and instances (I3; RFC 4226 §7.3 "across login
 * sessions"): 10 free, then back-off doubling up to an hour; refusals while waiting do not count.
 * A confirmation resets it (RL-5).
 */
const GUEST_VERIFY_POLICY: AttemptPolicy = { delays: backoff(10, 60 * 60_000), windowMs: 60 * 60_000, onSuccess: 'reset' };
/** Codes emailed per invite (D6): 5, then one every 15 minutes, forgotten after an hour without requests. */
const GUEST_SEND_POLICY: AttemptPolicy = { delays: [0, 0, 0, 0, 0, 15 * 60_000], windowMs: 60 * 60_000, onSuccess: 'refund' };

const guestSessionHash = (key: Uint8Array, token: string) => hmacHex(key, `guest-session:${token}`);
/** Keyed on the session: the same digits are a different code in any other session (I2). */
const codeHash = (key: Uint8Array, sessionId: string, code: string) => hmacHex(key, `guest-code:${sessionId}:${code}`);
const normalise = (code: string) => code.replace(/[\s-]/g, '');

export function createGuestSessions(deps: WorkflowsDeps) {
  const { db, clock, audit, mail, limiter, hmacKey } = deps;

  /** The presented session if it is alive and belongs to this invite (a session of another invite counts as none). */
  async function findLive(invite: InviteRow, presented: string | undefined, now: number): Promise<GuestSessionRow | undefined> {
    if (!presented) return undefined;
    const session = await findGuestSessionByTokenHash(db, guestSessionHash(hmacKey, presented));
    return session && session.invite_id === invite.id && Number(session.expires_at) > now ? session : undefined;
  }

  /** The invite, and whether the presented session is a live, confirmed session of it. Reads only (I1). */
  async function findVerified(token: string, presented: string | undefined) {
    const now = clock.now();
    const invite = await getInviteByToken(db, hmacKey, token, now);
    const session = await findLive(invite, presented, now);
    return { invite, verified: session?.verified_at != null };
  }

  async function getVerified(token: string, presented: string | undefined): Promise<InviteRow> {
    const { invite, verified } = await findVerified(token, presented);
    if (!verified) throw new Problem('unauthenticated', { detail: 'Confirm the code emailed to the invited address in this browser first' });
    return invite;
  }

  /** Emails a new code for this session (created if none is presented); voids only this session's earlier code. */
  async function requestCode(token: string, presented: string | undefined, meta: Meta): Promise<{ guestSession: string; expiresInMs: number }> {
    const now = clock.now();
    const invite = await getInviteByToken(db, hmacKey, token, now);
    const item = (await findItem(db, invite.org_id, invite.item_id))!;
    const sending = await limiter.reserve([{ key: `guest:send:${invite.id}`, policy: GUEST_SEND_POLICY }]);
    await sending.release('failure'); // every code sent counts (D6)
    const existing = await findLive(invite, presented, now);
    const pendingUntil = Math.min(now + PENDING_SESSION_TTL_MS, Number(invite.expires_at));
    // A session waiting for its code may wait a little longer; a confirmed one keeps its expiry:
    // only verifying a new code moves it forward (asking for codes must not extend it for ever).
    const sessionExpiresAt = !existing
      ? pendingUntil
      : existing.verified_at != null
        ? Number(existing.expires_at)
        : Math.max(Number(existing.expires_at), pendingUntil);
    const sessionId = existing?.id ?? newId('gss');
    const sessionToken = existing ? presented! : newToken();
    const code = randomDigits(GUEST_CODE_LENGTH);
    const stored = { hash: codeHash(hmacKey, sessionId, code), expiresAt: now + GUEST_CODE_TTL_MS, sessionExpiresAt };
    await db.transaction().execute(async (tx) => {
      if (existing) await setSessionCode(tx, sessionId, stored);
      else {
        await insertGuestSession(tx, {
          id: sessionId,
          org_id: invite.org_id,
          invite_id: invite.id,
          token_hash: guestSessionHash(hmacKey, sessionToken),
          created_at: now,
          expires_at: sessionExpiresAt,
          code_hash: stored.hash,
          code_expires_at: stored.expiresAt,
          code_attempts: 0,
          verified_at: null,
        });
      }
      await mail.enqueue(tx, {
        orgId: invite.org_id,
        to: invite.email,
        template: 'email-code',
        vars: { name: invite.name, code, purpose: `review "${item.title}" as a guest`, expiresMinutes: GUEST_CODE_TTL_MS / 60_000, guest: true },
      });
      await audit.append(tx, {
        orgId: invite.org_id,
        type: 'guest.code_sent',
        actor: guestActor(invite),
        target: { type: 'item', id: invite.item_id },
        data: { itemId: invite.item_id, inviteId: invite.id, guestSessionId: sessionId, newSession: !existing },
        ip: meta.ip,
        requestId: meta.requestId,
      });
    });
    return { guestSession: sessionToken, expiresInMs: sessionExpiresAt - now };
  }

  /** Confirms the session with its own code; answers the session's new token. */
  async function verify(token: string, presented: string | undefined, code: string, meta: Meta): Promise<{ guestSession: string; expiresInMs: number }> {
    const invite = await getInviteByToken(db, hmacKey, token, clock.now());
    const refuse = async (reason: string, sessionId?: string) => {
      await db.transaction().execute((tx) =>
        audit.append(tx, {
          orgId: invite.org_id,
          type: 'guest.code_failed',
          actor: guestActor(invite),
          target: { type: 'item', id: invite.item_id },
          data: { itemId: invite.item_id, inviteId: invite.id, ...(sessionId ? { guestSessionId: sessionId } : {}), reason },
          ip: meta.ip,
          requestId: meta.requestId,
        }),
      );
      return new Problem('guest_code_invalid', {
        detail: 'This code is not valid for this browser: it may be wrong, used, expired, or sent to another browser. Ask for a new code.',
      });
    };
    // Counted before it is evaluated (B8), even without a session (so refusals, and their audit
    // entries, stay bounded); refused with 429 while the invite is in back-off (B4).
    const reservation = await limiter.reserve([{ key: `guest:verify:${invite.id}`, policy: GUEST_VERIFY_POLICY }]);
    const now = clock.now();
    const session = await findLive(invite, presented, now);
    if (!session) {
      await reservation.release('failure');
      throw await refuse('no_session');
    }
    const attempt = await takeCodeAttempt(db, session.id, GUEST_CODE_MAX_ATTEMPTS, now);
    const matches = attempt !== undefined && constantTimeEqual(codeHash(hmacKey, session.id, normalise(code)), attempt.code_hash);
    if (!attempt || !matches || attempt.code_expires_at <= now) {
      await reservation.release('failure');
      throw await refuse(!attempt ? 'no_code' : !matches ? 'wrong_code' : 'expired', session.id);
    }
    const next = newToken();
    const expiresAt = Math.min(now + VERIFIED_SESSION_TTL_MS, Number(invite.expires_at));
    const confirmed = await db.transaction().execute(async (tx) => {
      if (!(await consumeCodeAndVerify(tx, session.id, attempt.code_hash, { tokenHash: guestSessionHash(hmacKey, next), expiresAt, now }))) return false;
      await audit.append(tx, {
        orgId: invite.org_id,
        type: 'guest.verified',
        actor: guestActor(invite),
        target: { type: 'item', id: invite.item_id },
        data: { itemId: invite.item_id, inviteId: invite.id, guestSessionId: session.id, email: invite.email, expiresAt: iso(expiresAt) },
        ip: meta.ip,
        requestId: meta.requestId,
      });
      return true;
    });
    if (!confirmed) {
      await reservation.release('failure');
      throw await refuse('used', session.id);
    }
    await reservation.release('success');
    return { guestSession: next, expiresInMs: expiresAt - now };
  }

  return { findVerified, getVerified, requestCode, verify };
}

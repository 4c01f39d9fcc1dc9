// Database sessions. The client holds a 256-bit random token; the database holds only its
// SHA-256, so a database leak yields no usable session. Idle and absolute timeouts are checked
// on the server at every request (NIST SP 800-63B rev 4 §5.2, defaults 30 min / 12 h).
import { BoundedMap } from '../platform/bounded-map.ts';
import { hmacHex, sha256Hex } from '../platform/crypto/digest.ts';
import { newToken } from '../platform/crypto/random.ts';
import type { Executor } from '../platform/db/connect.ts';
import { iso } from '../platform/clock.ts';
import { newId, type GroupId, type OrgId, type SessionId, type UserId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { AccountsDeps } from './deps.ts';
import {
  sessionWithUser,
  insertSession,
  isSessionUnrevoked,
  markSessionPrivileged,
  parseUserGroups,
  revokeSessionByTokenHash,
  revokeSessionLineage,
  revokeUserSessions,
  touchSession,
} from './sessions.store.ts';
import type { Actor, Organization, RequestMeta, Role, SessionState, UserType, UserView } from './types.ts';

/** A session waiting for its second factor (or for enrollment) lives this long at most. */
const PENDING_SESSION_MS = 15 * 60_000;
/** CSRF tokens kept per instance (about 130 bytes each). */
const CSRF_TOKENS_KEPT = 10_000;
/** last_seen_at is written at most this often, so reads do not each cost a write. */
const TOUCH_INTERVAL_MS = 60_000;

export type SessionContext = {
  sessionId: SessionId;
  orgId: OrgId;
  userId: UserId;
  state: SessionState;
  aal: number;
  tokenHash: string;
  csrfToken: string;
  createdAt: number;
  /** Until when factor and settings changes need no new second factor (0: not now). */
  privilegedUntil: number;
  /** Who acts, read in the same query as the session: every request needs it. */
  actor: Actor;
  /** Read in that same query too, so a request needs no second look-up for them. */
  user: UserView;
  organization: Organization;
  /** The organisation's settings document as stored (JSON text); policies owns its meaning. */
  settingsText: string;
  /** Whether the user is enrolled in a second factor (deps.enrolledWhen), read with the session. */
  enrolled: boolean;
};

const sessionGone = () =>
  new Problem('unauthenticated', { detail: 'Your session was ended, or replaced by another request, while this one ran: nothing was recorded. Sign in again' });

export function createSessions(deps: Pick<AccountsDeps, 'db' | 'clock' | 'hmacKey' | 'config' | 'enrolledWhen'>) {
  const { db, clock, hmacKey, config } = deps;
  // Made at the first resolve: the enrolled condition comes from the factors module, created after accounts.
  let findSession: ReturnType<typeof sessionWithUser> | undefined;
  // A session's CSRF token is a function of its token: kept per instance for the sessions in
  // use (the HMAC was 6 % of a session read's CPU), bounded so old sessions fall out.
  const csrfTokens = new BoundedMap<string, string>(CSRF_TOKENS_KEPT);
  const csrfFor = (tokenHash: string) => csrfTokens.getOrMake(tokenHash, () => hmacHex(hmacKey, `csrf:${tokenHash}`));

  return {
    csrfFor,

    /** Starts a session; the caller's transaction also records why (audit). */
    async start(
      tx: Executor,
      s: {
        orgId: OrgId;
        userId: UserId;
        state: SessionState;
        aal: number;
        meta: RequestMeta;
        replacesTokenHash?: string | undefined;
        /**
         * The replaced session is the request's own credential (a sign-in's second step, a
         * factor's activation, a cookie's protected decision): it must still be live, or nothing
         * of the transaction stays (401). Two proofs sent at the same moment from one pending
         * session used to open two sessions from it; a factor activated, or a decision made,
         * while the session was signed out opened a new one. The new session goes on with the
         * replaced one's lineage, so a sign-out ends both (a sign-in starts a lineage of its own).
         */
        replacedMustBeLive?: boolean | undefined;
        privilegedUntil?: number | undefined;
      },
    ) {
      const now = clock.now();
      // Rotation (ASVS 7.2.4): whatever session the client held before is dead from here on.
      const replaced = s.replacesTokenHash ? await revokeSessionByTokenHash(tx, s.replacesTokenHash, now) : undefined;
      if (!replaced && s.replacedMustBeLive) throw sessionGone();
      const token = newToken();
      const tokenHash = sha256Hex(token);
      const id = newId<SessionId>('ses');
      await insertSession(tx, {
        id,
        token_hash: tokenHash,
        org_id: s.orgId,
        user_id: s.userId,
        state: s.state,
        aal: s.aal,
        created_at: now,
        last_seen_at: now,
        expires_at: now + (s.state === 'active' ? config.session.absoluteMs : PENDING_SESSION_MS),
        revoked_at: null,
        ip: s.meta.ip,
        user_agent: s.meta.userAgent?.slice(0, 300) ?? null,
        privileged_until: s.privilegedUntil && s.privilegedUntil > now ? s.privilegedUntil : null,
        lineage_id: (s.replacedMustBeLive && replaced?.lineage) || id,
      });
      return { token, csrfToken: csrfFor(tokenHash) };
    },

    /**
     * Refuses (401) unless the request's own session is still unrevoked: for work that must not
     * be recorded under a session ended while the request ran (a sign-out, a password reset, an
     * admin's reset), where the session is not replaced (a bearer token). A replaced one is
     * checked by `start` with `replacedMustBeLive`.
     */
    async assertStillLive(tx: Executor, tokenHash: string): Promise<void> {
      if (!(await isSessionUnrevoked(tx, tokenHash))) throw sessionGone();
    },

    /** The live session for a token, or undefined (unknown, revoked, expired, idle, user deactivated). */
    async resolve(token: string): Promise<SessionContext | undefined> {
      if (token.length < 20 || token.length > 100) return undefined;
      const tokenHash = sha256Hex(token);
      const [row] = await (findSession ??= sessionWithUser(deps.enrolledWhen()))(db, tokenHash);
      const now = clock.now();
      if (!row || row.revoked_at !== null || row.user_active !== 1) return undefined;
      if (now >= Number(row.expires_at) || now >= Number(row.last_seen_at) + config.session.idleMs) return undefined;
      if (now - Number(row.last_seen_at) >= TOUCH_INTERVAL_MS) await touchSession(db, row.id, now);
      const roles = JSON.parse(row.user_roles) as Role[];
      const user: UserView = {
        id: row.user_id,
        email: row.user_email,
        name: row.user_name,
        userType: row.user_type as UserType,
        roles,
        groups: parseUserGroups(row.user_groups).map(([id, name]) => ({ id: id as GroupId, name })),
        active: true,
        createdAt: iso(Number(row.user_created_at)),
      };
      return {
        sessionId: row.id,
        orgId: row.org_id,
        userId: row.user_id,
        state: row.state as SessionState,
        aal: row.aal,
        tokenHash,
        // An HMAC per request otherwise: only the session read and a cookie's unsafe requests need it.
        get csrfToken() {
          return csrfFor(tokenHash);
        },
        createdAt: Number(row.created_at),
        privilegedUntil: Number(row.privileged_until ?? 0),
        actor: { orgId: row.org_id, userId: row.user_id, label: row.user_email, roles },
        user,
        organization: { id: row.org_id, name: row.org_name, slug: row.org_slug },
        settingsText: row.org_settings,
        enrolled: Boolean(row.user_enrolled),
      };
    },

    /** Opens (or extends) the short window in which factor and settings changes need no new code. */
    markPrivileged: (tx: Executor, sessionId: SessionId, until: number) => markSessionPrivileged(tx, sessionId, until),
    /** A sign-out: the session and every live one that replaced it (its lineage); how many ended. */
    end: (tx: Executor, userId: UserId, tokenHash: string) => revokeSessionLineage(tx, userId, tokenHash, clock.now()),
    endAllOf: (tx: Executor, userId: UserId) => revokeUserSessions(tx, userId, clock.now()),
  };
}

export type Sessions = ReturnType<typeof createSessions>;

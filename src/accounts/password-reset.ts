// Password reset and invitation links. The token is 256 random bits, emailed once, stored only
// as SHA-256, single use (one conditional UPDATE), expiring. Completing a reset ends every
// session of the user and does NOT sign them in, so it can never route around a second
// factor (docs/security.md F11, ASVS 6.4.3).
import { sha256Hex } from '../platform/crypto/digest.ts';
import { hashPassword } from '../platform/crypto/password.ts';
import { newSecurityStamp, newToken } from '../platform/crypto/random.ts';
import type { Executor, Tx } from '../platform/db/connect.ts';
import { newId, type OrgId, type UserId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import { assertPasswordAcceptable } from './password-policy.ts';
import { backoff, withinBudget, type AttemptPolicy } from '../platform/rate-limit.ts';
import type { AccountsDeps } from './deps.ts';
import { accountKey } from './login-limits.ts';
import { findOrganizationBySlug } from './organizations.store.ts';
import { consumePasswordToken, findLivePasswordToken, insertPasswordToken, voidPasswordTokens } from './password-tokens.store.ts';
import type { Sessions } from './sessions.ts';
import type { RequestMeta } from './types.ts';
import { normalizeEmail } from './user-view.ts';
import { findUser, listUsersByEmail, updateUser } from './users.store.ts';
import { budgetAddress } from '../platform/budget-address.ts';

const RESET_TTL_MS = 30 * 60_000;
const INVITE_TTL_MS = 7 * 24 * 60 * 60_000;
/** Reset requests per client address: 5 an hour, then waits (429). */
const REQUEST_POLICY: AttemptPolicy = { delays: backoff(5, 60 * 60_000), windowMs: 60 * 60_000, onSuccess: 'refund' };
/** Reset emails per account from every address together: 20 an hour, then back-off doubling to an hour (silently: still 202), against mail-bombing. */
const ACCOUNT_MAIL_POLICY: AttemptPolicy = { delays: backoff(20, 60 * 60_000), windowMs: 60 * 60_000, onSuccess: 'refund' };

/** Completing a reset with an unknown, used or expired link: 20 per address an hour, then waits (no argon2id for junk). */
const CONFIRM_POLICY: AttemptPolicy = { delays: backoff(20, 15 * 60_000), windowMs: 60 * 60_000, onSuccess: 'refund' };

export function createPasswordReset(deps: AccountsDeps, sessions: Sessions) {
  const { db, clock, audit, mail, limiter, config } = deps;

  /** Queues a link for the user inside the caller's transaction (reset or invitation). */
  async function issueLink(
    tx: Tx,
    u: { orgId: OrgId; userId: UserId; email: string; name: string },
    purpose: 'reset' | 'invite',
    invite?: { organization: string; invitedBy: string },
  ) {
    const now = clock.now();
    const token = newToken();
    const ttl = purpose === 'reset' ? RESET_TTL_MS : INVITE_TTL_MS;
    await voidPasswordTokens(tx, u.userId, now);
    await insertPasswordToken(tx, {
      id: newId('pwt'),
      token_hash: sha256Hex(token),
      org_id: u.orgId,
      user_id: u.userId,
      purpose,
      created_at: now,
      expires_at: now + ttl,
      used_at: null,
    });
    // The token travels in the fragment: browsers never send it to servers or in Referer headers.
    // An invitation also names the address, in the fragment (never sent to a server), so the page
    // can sign the new user in with the password they just chose (issue 12 item 8).
    const link = `${config.baseUrl}/reset-password#token=${token}${purpose === 'invite' ? `&invite=1&email=${encodeURIComponent(u.email)}` : ''}`;
    const expiresMinutes = ttl / 60_000;
    if (purpose === 'invite' && invite) {
      await mail.enqueue(tx, {
        orgId: u.orgId,
        to: u.email,
        template: 'account-invite',
        vars: { name: u.name, organization: invite.organization, link, expiresMinutes, invitedBy: invite.invitedBy },
      });
    } else {
      await mail.enqueue(tx, { orgId: u.orgId, to: u.email, template: 'password-reset', vars: { name: u.name, link, expiresMinutes } });
    }
  }

  async function requestReset(input: { email: string; organization?: string | undefined }, meta: RequestMeta): Promise<void> {
    const email = normalizeEmail(input.email);
    // The requesting address is limited (429): it is the requester's own budget. The account's
    // budget is shared by everyone who asks for it, so exceeding it never answers 429 (a stranger
    // could keep the owner from recovering: six requests from one address did): past it the
    // request still answers 202 but sends nothing, which only caps the mail a victim receives.
    const reservation = await limiter.reserve([{ key: `reset:address:${budgetAddress(meta.ip)}`, policy: REQUEST_POLICY }]);
    await reservation.release('failure'); // every request counts against the budget
    if (!(await withinBudget(limiter, `reset:account:${sha256Hex(email)}`, ACCOUNT_MAIL_POLICY))) return;
    let users = (await listUsersByEmail(db, email)).filter((u) => u.active === 1);
    if (input.organization !== undefined) {
      const org = await findOrganizationBySlug(db, input.organization.trim().toLowerCase());
      users = users.filter((u) => u.org_id === org?.id);
    }
    for (const u of users) {
      await db.transaction().execute(async (tx) => {
        await issueLink(tx, { orgId: u.org_id, userId: u.id, email: u.email, name: u.name }, 'reset');
        await audit.append(tx, {
          orgId: u.org_id,
          type: 'password_reset.requested',
          actor: { label: email },
          target: { type: 'user', id: u.id },
          data: {},
          ip: meta.ip,
          requestId: meta.requestId,
        });
      });
    }
  }

  async function completeReset(input: { token: string; password: string }, meta: RequestMeta): Promise<void> {
    const tokenHash = sha256Hex(input.token);
    // argon2id is slow: a junk token must not buy a hash. Each client address gets a budget of
    // attempts (a live link refunds its own), and the link is looked up (cheap) before hashing.
    const reservation = await limiter.reserve([{ key: `reset:confirm:address:${budgetAddress(meta.ip)}`, policy: CONFIRM_POLICY }]);
    if (!(await findLivePasswordToken(db, tokenHash, ['reset', 'invite'], clock.now()))) {
      await reservation.release('failure');
      throw new Problem('reset_token_invalid');
    }
    await reservation.release('success');
    // Hashing happens before the transaction (no slow work while holding locks); the strength
    // check needs the user, so it runs inside, against the password checked here.
    const passwordHash = await hashPassword(input.password);
    const email = await db.transaction().execute(async (tx) => {
      const now = clock.now();
      // Only reset and invitation links set passwords; a 2FA recovery link never does.
      const claimed = await consumePasswordToken(tx, tokenHash, ['reset', 'invite'], now);
      if (!claimed) throw new Problem('reset_token_invalid');
      const user = await findUser(tx, claimed.org_id, claimed.user_id);
      if (!user || user.active !== 1) throw new Problem('reset_token_invalid');
      assertPasswordAcceptable(input.password, user);
      await updateUser(tx, user.org_id, user.id, { password_hash: passwordHash, security_stamp: newSecurityStamp() }, now);
      const ended = await sessions.endAllOf(tx, user.id);
      await audit.append(tx, {
        orgId: user.org_id,
        type: 'password_reset.completed',
        actor: { userId: user.id, label: user.email },
        target: { type: 'user', id: user.id },
        data: { purpose: claimed.purpose, sessionsEnded: ended },
        ip: meta.ip,
        requestId: meta.requestId,
      });
      return user.email;
    });
    // The owner proved control of the mailbox: lift the account's login back-off (B5).
    await limiter.clear(accountKey(email));
  }

  /** A single-use token for `purpose`, stored as its hash; the caller emails it. */
  async function issueToken(tx: Tx, u: { orgId: OrgId; userId: UserId }, purpose: string, ttlMs: number): Promise<string> {
    const now = clock.now();
    const token = newToken();
    await insertPasswordToken(tx, {
      id: newId('pwt'),
      token_hash: sha256Hex(token),
      org_id: u.orgId,
      user_id: u.userId,
      purpose,
      created_at: now,
      expires_at: now + ttlMs,
      used_at: null,
    });
    return token;
  }

  /** Consumes a token of `purpose` once; undefined when unknown, used, expired or of another purpose. */
  async function consumeToken(tx: Tx, token: string, purpose: string): Promise<{ orgId: OrgId; userId: UserId } | undefined> {
    const claimed = await consumePasswordToken(tx, sha256Hex(token), [purpose], clock.now());
    if (!claimed) return undefined;
    return { orgId: claimed.org_id, userId: claimed.user_id };
  }

  /** Whether a token of `purpose` is live, without spending it (the caller consumes it later in its own transaction). */
  async function peekToken(db: Executor, token: string, purpose: string): Promise<{ orgId: OrgId; userId: UserId } | undefined> {
    const row = await findLivePasswordToken(db, sha256Hex(token), [purpose], clock.now());
    return row ? { orgId: row.org_id, userId: row.user_id } : undefined;
  }

  return { issueLink, requestReset, completeReset, issueToken, consumeToken, peekToken };
}

export type PasswordReset = ReturnType<typeof createPasswordReset>;

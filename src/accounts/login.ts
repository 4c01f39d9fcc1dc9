// Password sign-in: budget → find the account(s) → verify (argon2id, outside any transaction).
// The sign-in flow (policies) then decides the session's state and opens it here, with its
// audit entry, in one transaction. Failures never say whether the email exists.
import { burnPasswordCheck, verifyPassword } from '../platform/crypto/password.ts';
import type { OrgId, UserId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { AccountsDeps } from './deps.ts';
import { ADDRESS_POLICY, ACCOUNT_POLICY, addressKey, createKnownDevices } from './login-limits.ts';
import type { Sessions } from './sessions.ts';
import type { RequestMeta, SessionState } from './types.ts';
import { normalizeEmail, toUserView } from './user-view.ts';
import { findUser, listUsersByEmail, lockUserRow, type UserRow } from './users.store.ts';
import { findOrganizationBySlug } from './organizations.store.ts';

export type LoginInput = { email: string; password: string; organization?: string | undefined };
export type LoginContext = RequestMeta & { knownDeviceCookie?: string | undefined; currentTokenHash?: string | undefined };
export type PasswordVerified = {
  orgId: OrgId;
  userId: UserId;
  email: string;
  knownDeviceCookie: string;
  /** The account's security stamp when its password was checked (a password reset or a deactivation changes it). */
  securityStamp: string;
};

export function createLogin(deps: AccountsDeps, sessions: Sessions) {
  const { db, audit, limiter } = deps;
  const knownDevices = createKnownDevices(deps.hmacKey);

  /** Checks the password under the attempt budgets; the caller decides what session follows. */
  async function authenticatePassword(input: LoginInput, ctx: LoginContext): Promise<PasswordVerified> {
    const email = normalizeEmail(input.email);
    const reservation = await limiter.reserve([
      { key: addressKey(ctx.ip), policy: ADDRESS_POLICY },
      { key: knownDevices.keyFor(email, ctx.knownDeviceCookie), policy: ACCOUNT_POLICY },
    ]);
    const candidates = await findCandidates(email, input.organization);
    const matched: UserRow[] = [];
    if (candidates.length === 0) await burnPasswordCheck(input.password);
    for (const u of candidates) if (u.password_hash && (await verifyPassword(u.password_hash, input.password))) matched.push(u);
    const user = matched.length === 1 ? matched[0]! : undefined;

    if (!user || user.active !== 1) {
      await reservation.release('failure');
      await recordFailure(candidates, email, matched.length > 1 ? 'ambiguous' : user ? 'inactive' : 'wrong_password', ctx);
      if (matched.length > 1) throw new Problem('organization_required');
      throw new Problem('invalid_credentials');
    }
    await reservation.release('success');
    return { orgId: user.org_id, userId: user.id, email, knownDeviceCookie: knownDevices.issue(email), securityStamp: user.security_stamp };
  }

  /**
   * The second half of sign-in, once the flow decided the session's state. The account is held
   * (its row lock) and read again in the session's transaction: a password reset or a
   * deactivation that committed since the password was checked (`securityStamp`) ended every
   * session, so it refuses this one too; one that comes later waits for this transaction and
   * ends its session with the others.
   */
  async function openLoginSession(
    who: Pick<PasswordVerified, 'orgId' | 'userId' | 'email'> & { securityStamp?: string | undefined },
    gate: { state: SessionState; aal: number; reason: string },
    ctx: LoginContext,
    method: 'password' | 'sso' = 'password',
  ) {
    const opened = await db.transaction().execute(async (tx) => {
      await lockUserRow(tx, who.orgId, who.userId);
      const row = await findUser(tx, who.orgId, who.userId);
      if (!row || row.active !== 1 || (who.securityStamp !== undefined && row.security_stamp !== who.securityStamp)) return undefined;
      const session = await sessions.start(tx, {
        orgId: who.orgId,
        userId: who.userId,
        state: gate.state,
        aal: gate.aal,
        meta: ctx,
        replacesTokenHash: ctx.currentTokenHash,
      });
      await audit.append(tx, {
        orgId: who.orgId,
        type: 'login.succeeded',
        actor: { userId: who.userId, label: who.email },
        target: { type: 'user', id: who.userId },
        data: { method, next: gate.state, reason: gate.reason },
        ip: ctx.ip,
        requestId: ctx.requestId,
      });
      return { ...session, user: await toUserView(tx, who.orgId, row) };
    });
    if (opened) return opened;
    await recordFailure([{ org_id: who.orgId, id: who.userId }], who.email, 'credentials_changed', ctx);
    throw new Problem('invalid_credentials');
  }

  async function findCandidates(email: string, organization: string | undefined): Promise<UserRow[]> {
    const all = await listUsersByEmail(db, email);
    if (organization === undefined) return all;
    const org = await findOrganizationBySlug(db, organization.trim().toLowerCase());
    return all.filter((u) => u.org_id === org?.id || u.org_id === organization);
  }

  /** Failed logins land in the trail of each organisation where the email exists. */
  async function recordFailure(candidates: Pick<UserRow, 'org_id' | 'id'>[], email: string, reason: string, ctx: LoginContext) {
    if (candidates.length === 0) return;
    await db.transaction().execute(async (tx) => {
      for (const u of candidates) {
        await audit.append(tx, {
          orgId: u.org_id,
          type: 'login.failed',
          actor: { label: email },
          target: { type: 'user', id: u.id },
          data: { reason },
          ip: ctx.ip,
          requestId: ctx.requestId,
        });
      }
    });
  }
  return { authenticatePassword, openLoginSession };
}

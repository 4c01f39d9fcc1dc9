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
import { findUser, listUsersByEmail, type UserRow } from './users.store.ts';
import { findOrganizationBySlug } from './organizations.store.ts';

export type LoginInput = { email: string; password: string; organization?: string | undefined };
export type LoginContext = RequestMeta & { knownDeviceCookie?: string | undefined; currentTokenHash?: string | undefined };
export type PasswordVerified = { orgId: OrgId; userId: UserId; email: string; knownDeviceCookie: string };

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
    return { orgId: user.org_id, userId: user.id, email, knownDeviceCookie: knownDevices.issue(email) };
  }

  /** The second half of sign-in, once the flow decided the session's state. */
  async function openLoginSession(
    who: Pick<PasswordVerified, 'orgId' | 'userId' | 'email'>,
    gate: { state: SessionState; aal: number; reason: string },
    ctx: LoginContext,
    method: 'password' | 'sso' = 'password',
  ) {
    return db.transaction().execute(async (tx) => {
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
      const row = await findUser(tx, who.orgId, who.userId);
      return { ...session, user: await toUserView(tx, who.orgId, row!) };
    });
  }

  async function findCandidates(email: string, organization: string | undefined): Promise<UserRow[]> {
    const all = await listUsersByEmail(db, email);
    if (organization === undefined) return all;
    const org = await findOrganizationBySlug(db, organization.trim().toLowerCase());
    return all.filter((u) => u.org_id === org?.id || u.org_id === organization);
  }

  /** Failed logins land in the trail of each organisation where the email exists. */
  async function recordFailure(candidates: UserRow[], email: string, reason: string, ctx: LoginContext) {
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

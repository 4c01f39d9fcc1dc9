// "Resend invitation" (Admin → Users, issue 12 item 4): an invited user who lost or let the
// email expire gets a new link. Issuing it voids every earlier link of the user (the same
// issueLink as the first invitation), so only the newest works. Limited per invited user (3 an
// hour, then back-off to an hour: an admin's mistake or a stolen admin session cannot mail-bomb
// an address) and audited as `user.invitation_resent`.
import { backoff, type AttemptPolicy } from '../platform/rate-limit.ts';
import type { UserId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import type { AccountsDeps } from './deps.ts';
import { findOrganization } from './organizations.store.ts';
import type { PasswordReset } from './password-reset.ts';
import type { Actor, RequestMeta } from './types.ts';
import { findUser } from './users.store.ts';

const HOUR = 60 * 60_000;
const RESEND_INVITE_POLICY: AttemptPolicy = { delays: backoff(3, HOUR), windowMs: HOUR, onSuccess: 'refund' };

export function createResendInvitation(deps: AccountsDeps, reset: PasswordReset) {
  const { db, audit, limiter } = deps;
  /** `ssoLinked`: whether the user signed in through SSO (policies owns identities): then they accepted without a password. */
  return async function resendInvitation(actor: Actor, userId: UserId, meta: RequestMeta, ssoLinked: (userId: UserId) => Promise<boolean>): Promise<void> {
    const row = await findUser(db, actor.orgId, userId);
    if (!row) throw new Problem('not_found', { detail: `No user ${userId}` });
    if (row.active !== 1) throw new Problem('invitation_not_pending', { detail: `${row.name} is deactivated: activate them first` });
    if (row.password_hash !== null || (await ssoLinked(row.id)))
      throw new Problem('invitation_not_pending', { detail: `${row.name} has already accepted the invitation` });
    const reservation = await limiter.reserve([{ key: `invite:resend:${row.id}`, policy: RESEND_INVITE_POLICY }]);
    await reservation.release('failure'); // every resend counts
    await db.transaction().execute(async (tx) => {
      const org = await findOrganization(tx, actor.orgId);
      await reset.issueLink(tx, { orgId: actor.orgId, userId: row.id, email: row.email, name: row.name }, 'invite', {
        organization: org?.name ?? '',
        invitedBy: actor.label,
      });
      await audit.append(tx, {
        orgId: actor.orgId,
        type: 'user.invitation_resent',
        actor: { userId: actor.userId, label: actor.label },
        target: { type: 'user', id: row.id },
        data: { email: row.email },
        ip: meta.ip,
        requestId: meta.requestId,
      });
    });
  };
}

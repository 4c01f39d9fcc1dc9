// Lost your phone? With `recovery: email`, a user who passed the password (a session waiting
// for the second factor) can ask for a recovery link at the account's verified email. The link
// (256 random bits, stored hashed, single use, 24 hours: N4 IRC-2) removes every factor and
// trusted device and ends every session; it never signs anyone in (F11, H3): the user signs in
// again and sets 2FA up where it is required. With `recovery: admin` only an admin resets.
import { iso } from '../platform/clock.ts';
import { describeUserAgent } from '../platform/describe-user-agent.ts';
import { Problem } from '../platform/problems.ts';
import { backoff, withinBudget, type AttemptPolicy } from '../platform/rate-limit.ts';
import { EMAIL_SEND_POLICY } from './attempts.ts';
import type { FactorsDeps } from './deps.ts';
import { notifyUser } from './notify.ts';
import type { FactorActor, Meta } from './types.ts';
import { withdrawEveryFactor } from './withdraw-factors.ts';
import { budgetAddress } from '../platform/budget-address.ts';

const RECOVERY_TTL_MS = 24 * 60 * 60_000;
const PURPOSE = 'two_factor_recovery';
/** Recovery emails per account from every address together: 20 an hour, then back-off doubling to an hour (silently). */
const RECOVERY_MAIL_POLICY: AttemptPolicy = { delays: backoff(20, 60 * 60_000), windowMs: 60 * 60_000, onSuccess: 'refund' };

export function createRecovery(deps: FactorsDeps) {
  const { db, clock, audit, accounts, limiter, config } = deps;

  return {
    async request(actor: FactorActor, meta: Meta) {
      if (actor.session.state !== 'second_factor_required') throw new Problem('forbidden', { detail: 'Recovery is for a sign-in waiting for a second factor' });
      if ((await deps.settings(actor.orgId)).recovery !== 'email')
        throw new Problem('forbidden', { detail: 'Ask your administrator to reset your two-factor authentication' });
      // As for password resets: the requesting address answers for its own requests (429), and
      // the account's shared mail budget, once spent, sends nothing more (still 202) instead of
      // refusing: whoever else holds the password cannot keep the owner from recovering.
      const sending = await limiter.reserve([{ key: `recovery:send:address:${budgetAddress(meta.ip)}:${actor.userId}`, policy: EMAIL_SEND_POLICY }]);
      await sending.release('failure');
      if (!(await withinBudget(limiter, `recovery:send:${actor.userId}`, RECOVERY_MAIL_POLICY))) return;
      await db.transaction().execute(async (tx) => {
        const token = await accounts.issueAccountToken(tx, actor, PURPOSE, RECOVERY_TTL_MS);
        const link = `${config.baseUrl}/recover-2fa#token=${token}`;
        const contact = await accounts.findContact(tx, actor.orgId, actor.userId);
        if (contact) {
          // Which browser asked, when and from where: the reader can tell whether it was them.
          const from = { device: describeUserAgent(meta.userAgent), at: iso(clock.now()), ip: meta.ip };
          const vars = { name: contact.name, link, expiresMinutes: RECOVERY_TTL_MS / 60_000, ...from };
          await deps.mail.enqueue(tx, { orgId: actor.orgId, to: contact.email, template: 'two-factor-recovery', vars });
        }
        await audit.append(tx, {
          orgId: actor.orgId,
          type: 'two_factor.recovery_requested',
          actor: { userId: actor.userId, label: actor.label },
          target: { type: 'user', id: actor.userId },
          data: {},
          ip: meta.ip,
          requestId: meta.requestId,
        });
      });
    },

    async complete(token: string, meta: Meta) {
      // The link is claimed in a transaction of its own, and the organisation's settings are
      // read after it: `deps.settings` reads outside any transaction, and on SQLite (one
      // connection) such a read beside an open transaction waits for it for ever, which hung
      // every request of the instance. A link claimed by an organisation that switched to
      // admin-only recovery in the meantime is simply spent.
      const who = await db.transaction().execute((tx) => accounts.consumeAccountToken(tx, token, PURPOSE));
      if (!who) throw new Problem('reset_token_invalid');
      if ((await deps.settings(who.orgId)).recovery !== 'email') throw new Problem('reset_token_invalid');
      await db.transaction().execute(async (tx) => {
        const { factorsRemoved, devicesRevoked, sessionsEnded } = await withdrawEveryFactor(accounts, tx, who, clock.now());
        await audit.append(tx, {
          orgId: who.orgId,
          type: 'two_factor.recovered',
          actor: { userId: who.userId, label: who.userId },
          target: { type: 'user', id: who.userId },
          data: { factorsRemoved, devicesRevoked, sessionsEnded },
          ip: meta.ip,
          requestId: meta.requestId,
        });
        await notifyUser(
          deps,
          tx,
          who,
          'Your second factors were removed',
          'You used a recovery link: every second factor and trusted device was removed and you were signed out everywhere. Sign in again to set two-factor authentication up.',
        );
      });
    },
  };
}

// Emailed one-time codes as a second factor (docs/security.md D). The proof names its challenge;
// the challenge must be open (10 minutes, D1), this user's, for email codes, for the same
// purpose and the exact binding the caller is verifying (a sign-in session or one decision's
// digest, D3), and issued for the user's ACTIVE email factor (a pending address verifies
// nothing, D8). The code is compared by HMAC in constant time (D4); consume spends the
// challenge with one conditional UPDATE, so it works once even under concurrency (D2).
import type { Tx } from '../../platform/db/connect.ts';
import { Problem } from '../../platform/problems.ts';
import { EMAIL_SEND_POLICY } from '../attempts.ts';
import { consumeOpenChallenge, findOpenChallenge } from '../challenges.ts';
import type { FactorsDeps } from '../deps.ts';
import type { ChallengeTarget, MethodStrategy, OpenedChallenge } from '../factor.ts';
import { findFactor, findFactorOfType } from '../factors.store.ts';
import type { Meta } from '../types.ts';
import { isEmailCodeMatch } from './email-code-hash.ts';
import { confirmEmailFactor, startEmailFactor } from './enroll-email.ts';
import { maskEmail } from './mask-email.ts';
import { sendEmailCode } from './send-email-code.ts';

export function createEmailCodeMethod(
  deps: Pick<FactorsDeps, 'db' | 'clock' | 'audit' | 'limiter' | 'accounts' | 'mail' | 'hmacKey' | 'config'>,
): MethodStrategy {
  return {
    method: 'email_code',
    factorType: 'email',
    primary: true,
    usableForFactorChange: true,
    label: 'An email address',
    recordName: 'Email code',

    async check(db, input, now) {
      const challenge = await findOpenChallenge(db, input.proof.challengeId, input, 'email_code', now);
      if (!challenge || challenge.purpose !== input.purpose || !challenge.factor_id) return { ok: false, factorId: undefined };
      const factor = await findFactor(db, input.userId, challenge.factor_id);
      if (!factor || factor.org_id !== input.orgId || factor.type !== 'email' || factor.status !== 'active') return { ok: false, factorId: undefined };
      const factorId = factor.id;
      if (!isEmailCodeMatch(deps.hmacKey, challenge.id, input.proof.code, challenge.code_hash)) return { ok: false, factorId };
      return {
        ok: true,
        factorId,
        // The factor may have been removed or disabled since the check.
        async consume(tx: Tx, at: number) {
          const current = await findFactor(tx, input.userId, factorId);
          return current?.status === 'active' && consumeOpenChallenge(tx, challenge.id, at);
        },
      };
    },

    enroll: {
      // Only a request that will send counts against the sending budget (D6): one that is about
      // to be refused for want of a step-up proof does not.
      async reserve(user, { proceeds }) {
        if (!proceeds) return;
        const sending = await deps.limiter.reserve([{ key: `email-code:send:${user.userId}`, policy: EMAIL_SEND_POLICY }]);
        await sending.release('failure');
      },
      /** A pending factor for the address sent (trimmed, lowercased), and a code emailed there to confirm it (D8). */
      async start(tx, user, input, now) {
        const email = (input as { email?: unknown } | undefined)?.email;
        if (typeof email !== 'string') throw new Problem('invalid_request', { detail: 'Send the email address to add' });
        const r = await startEmailFactor(tx, { hmacKey: deps.hmacKey, mail: deps.mail, siteName: deps.config.siteName }, user, email.trim().toLowerCase(), now);
        return { factorId: r.id, answer: { id: r.id, status: 'pending' } };
      },
      confirm: (tx, user, factorId, code, now) => confirmEmailFactor(tx, deps, user, factorId, code, now),
    },

    /** Emails a code to the address on the user's active email factor (never one from the request: D9). */
    async openChallenge(target: ChallengeTarget, meta: Meta): Promise<OpenedChallenge> {
      const { db, clock, audit, limiter, accounts } = deps;
      const input = { orgId: target.orgId, userId: target.userId, purpose: target.purpose, binding: target.binding, sessionId: target.sessionId };
      const factor = await findFactorOfType(db, target.userId, 'email', 'active');
      if (!factor?.email) throw new Problem('second_factor_invalid', { detail: 'You have no email factor' });
      const sending = await limiter.reserve([{ key: `email-code:send:${target.userId}`, policy: EMAIL_SEND_POLICY }]);
      await sending.release('failure'); // every send counts against the budget (docs/security.md D6)
      const contact = await accounts.findContact(db, target.orgId, target.userId);
      return db.transaction().execute(async (tx: Tx) => {
        const challengeId = await sendEmailCode(
          tx,
          { hmacKey: deps.hmacKey, mail: deps.mail, siteName: deps.config.siteName },
          input,
          { id: factor.id, email: factor.email!, name: contact?.name ?? '' },
          clock.now(),
        );
        await audit.append(tx, {
          orgId: target.orgId,
          type: 'email_code.sent',
          actor: { userId: target.userId, label: target.label },
          target: { type: 'challenge', id: challengeId },
          data: { purpose: target.purpose },
          ip: meta.ip,
          requestId: meta.requestId,
        });
        return { challengeId, sentTo: maskEmail(factor.email!) };
      });
    },
  } satisfies MethodStrategy;
}

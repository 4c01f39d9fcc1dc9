// Opens the challenge a method needs before its proof: an emailed code, or passkey request
// options. The same function serves sign-in, factor changes and (later) decisions; only the
// binding differs, and the proof will only verify for that binding.
import type { Tx } from '../platform/db/connect.ts';
import type { FactorId, OrgId, SessionId, UserId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import { EMAIL_SEND_POLICY } from './attempts.ts';
import type { FactorsDeps } from './deps.ts';
import { sendEmailCode } from './email-code/send-email-code.ts';
import type { Method, Purpose } from './factor.ts';
import { findFactorOfType } from './factors.store.ts';
import type { WebauthnSettings } from './registry.ts';
import type { Meta } from './types.ts';
import { startWebauthnAssertion } from './webauthn/start-assertion.ts';

export type ChallengeTarget = { orgId: OrgId; userId: UserId; label: string; purpose: Purpose; binding: string; sessionId?: SessionId | undefined };

export function createOpenChallenge(deps: FactorsDeps, webauthn: WebauthnSettings) {
  const { db, clock, audit, limiter, accounts } = deps;

  return async function openMethodChallenge(target: ChallengeTarget, method: Method, meta: Meta): Promise<{ challengeId: string; webauthnOptions?: unknown; sentTo?: string }> {
    const input = { orgId: target.orgId, userId: target.userId, purpose: target.purpose, binding: target.binding, sessionId: target.sessionId };
    if (method === 'webauthn') {
      const started = await db.transaction().execute((tx) => startWebauthnAssertion(tx, { webauthn }, input, clock.now()));
      if (!started) throw new Problem('second_factor_invalid', { detail: 'You have no passkey' });
      return { challengeId: started.challengeId, webauthnOptions: started.options };
    }
    if (method !== 'email_code') throw new Problem('invalid_request', { detail: `${method} needs no challenge: send the code directly` });
    const factor = await findFactorOfType(db, target.userId, 'email', 'active');
    if (!factor?.email) throw new Problem('second_factor_invalid', { detail: 'You have no email factor' });
    const sending = await limiter.reserve([{ key: `email-code:send:${target.userId}`, policy: EMAIL_SEND_POLICY }]);
    await sending.release('failure'); // every send counts against the budget (SECURITY.md D6)
    const contact = await accounts.findContact(db, target.orgId, target.userId);
    return db.transaction().execute(async (tx: Tx) => {
      const challengeId = await sendEmailCode(tx, { hmacKey: deps.hmacKey, mail: deps.mail, siteName: deps.config.siteName }, input, { id: factor.id as FactorId, email: factor.email!, name: contact?.name ?? '' }, clock.now());
      await audit.append(tx, { orgId: target.orgId, type: 'email_code.sent', actor: { userId: target.userId, label: target.label }, target: { type: 'challenge', id: challengeId }, data: { purpose: target.purpose }, ip: meta.ip, requestId: meta.requestId });
      return { challengeId, sentTo: maskEmail(factor.email!) };
    });
  };
}

export type OpenMethodChallenge = ReturnType<typeof createOpenChallenge>;

/**
 * Where an emailed code went, enough to recognise the mailbox and no more: "r•••@acme.test"
 * (the first character of the local part, the whole domain).
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}

// Emails a one-time code for a sign-in, a factor change, a decision or a signature (docs/guide.md
// §2). The recipient is the address stored on the user's active email factor, read again here,
// never an address from the request (docs/security.md D9). Send limits (EMAIL_SEND_POLICY, D6) and
// the `email_code.sent` audit entry are the caller's.
import type { Mail } from '../../mail/index.ts';
import type { Tx } from '../../platform/db/connect.ts';
import type { ChallengeId, FactorId, OrgId, SessionId, UserId } from '../../platform/ids.ts';
import { Problem } from '../../platform/problems.ts';
import type { Purpose } from '../factor.ts';
import { findFactor } from '../factors.store.ts';
import { issueEmailCode } from './issue-email-code.ts';

const PURPOSE_IN_WORDS: Record<Purpose, (siteName: string) => string> = {
  login: (site) => `sign in to ${site}`,
  factor_change: (site) => `confirm a change to your ${site} sign-in methods`,
  decision: (site) => `confirm your decision in ${site}`,
  signature: (site) => `sign a record electronically in ${site}`,
};

export async function sendEmailCode(
  tx: Tx,
  deps: { hmacKey: Uint8Array; mail: Mail; siteName: string },
  input: { orgId: OrgId; userId: UserId; purpose: Purpose; binding: string; sessionId?: SessionId | undefined },
  factor: { id: FactorId; email: string; name: string },
  now: number,
): Promise<ChallengeId> {
  const stored = await findFactor(tx, input.userId, factor.id);
  if (!stored || stored.org_id !== input.orgId || stored.type !== 'email' || stored.status !== 'active' || !stored.email) {
    throw new Problem('not_found', { detail: `No active email factor ${factor.id}` });
  }
  if (stored.email !== factor.email) throw new TypeError('sendEmailCode: the address differs from the stored one');
  return issueEmailCode(
    tx,
    deps,
    input,
    {
      factorId: factor.id,
      email: stored.email,
      name: factor.name,
      purposeInWords: PURPOSE_IN_WORDS[input.purpose](deps.siteName),
    },
    now,
  );
}

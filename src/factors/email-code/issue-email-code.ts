// Issues one emailed code on a fresh challenge, inside the caller's transaction: opening the
// challenge voids the previous open one for the same user, method and binding (D5; the
// failure counts live on the factor and the limiter, not on the challenge, so a resend resets
// nothing: NIST SP 800-63B OBV-7), the code comes from the CSPRNG, only its HMAC is stored
// (D4), and the mail is queued in the outbox so it leaves only if the transaction commits.
// The code is never logged or returned.
import type { Mail } from '../../mail/index.ts';
import { randomDigits } from '../../platform/crypto/random.ts';
import type { Tx } from '../../platform/db/connect.ts';
import type { ChallengeId, FactorId } from '../../platform/ids.ts';
import { CHALLENGE_TTL_MS, openChallenge } from '../challenges.ts';
import type { VerifyInput } from '../factor.ts';
import { EMAIL_CODE_LENGTH, hashEmailCode } from './email-code-hash.ts';
import { setChallengeCodeHash } from './email-code.store.ts';

export type IssueEmailCodeDeps = { hmacKey: Uint8Array; mail: Mail };

export async function issueEmailCode(
  tx: Tx,
  deps: IssueEmailCodeDeps,
  input: Pick<VerifyInput, 'orgId' | 'userId' | 'purpose' | 'binding' | 'sessionId'>,
  recipient: { factorId: FactorId; email: string; name: string; purposeInWords: string },
  now: number,
): Promise<ChallengeId> {
  const challengeId = await openChallenge(tx, { input, method: 'email_code', factorId: recipient.factorId, now });
  const code = randomDigits(EMAIL_CODE_LENGTH);
  await setChallengeCodeHash(tx, challengeId, hashEmailCode(deps.hmacKey, challengeId, code));
  await deps.mail.enqueue(tx, {
    orgId: input.orgId,
    to: recipient.email,
    template: 'email-code',
    vars: { name: recipient.name, code, purpose: recipient.purposeInWords, expiresMinutes: CHALLENGE_TTL_MS / 60_000 },
  });
  return challengeId;
}

// Adding an email address as a second factor (docs/security.md D8): the factor stays pending until
// the code sent to that address comes back, and a pending factor never verifies anything
// (email-code.factor.ts accepts active factors only). Starting again for the same address
// replaces the pending one, so an abandoned setup locks nothing. Attempt limits on the
// confirmation (B7) and the audit entries are the caller's.
import type { Mail } from '../../mail/index.ts';
import type { Tx } from '../../platform/db/connect.ts';
import { newId, type ChallengeId, type FactorId, type OrgId, type UserId } from '../../platform/ids.ts';
import { Problem } from '../../platform/problems.ts';
import { consumeOpenChallenge } from '../challenges.ts';
import { activateFactor, deleteFactor, findFactor, insertFactor } from '../factors.store.ts';
import { canonicalEmail } from './canonical-email.ts';
import { isEmailCodeMatch } from './email-code-hash.ts';
import { findOpenChallengeByBinding, listPendingEmailFactorIds } from './email-code.store.ts';
import { issueEmailCode } from './issue-email-code.ts';

const CONFIRM_PURPOSE = 'factor_change';
const confirmEmailBinding = (factorId: string): string => `confirm-email:${factorId}`;

export async function startEmailFactor(
  tx: Tx,
  deps: { hmacKey: Uint8Array; mail: Mail; siteName: string },
  user: { orgId: OrgId; userId: UserId; name: string },
  email: string,
  now: number,
): Promise<{ id: FactorId; challengeId: ChallengeId }> {
  const address = canonicalEmail(email);
  if (!address) throw new Problem('invalid_request', { detail: 'The email address must be a plain address such as name@example.com' });
  for (const old of await listPendingEmailFactorIds(tx, user.userId, address)) await deleteFactor(tx, old);
  const id = newId<FactorId>('fac');
  await insertFactor(tx, { id, org_id: user.orgId, user_id: user.userId, type: 'email', status: 'pending', label: address, email: address, created_at: now });
  const challengeId = await issueEmailCode(
    tx,
    deps,
    { orgId: user.orgId, userId: user.userId, purpose: CONFIRM_PURPOSE, binding: confirmEmailBinding(id) },
    {
      factorId: id,
      email: address,
      name: user.name,
      purposeInWords: `confirm this address as a second factor for ${deps.siteName}`,
    },
    now,
  );
  return { id, challengeId };
}

/** Pending → active with the code sent to that address; undefined for anything else (wrong, used or expired code, another user's factor, not pending). */
export async function confirmEmailFactor(
  tx: Tx,
  deps: { hmacKey: Uint8Array },
  user: { orgId: OrgId; userId: UserId },
  factorId: FactorId,
  code: string,
  now: number,
): Promise<FactorId | undefined> {
  const factor = await findFactor(tx, user.userId, factorId);
  if (!factor || factor.org_id !== user.orgId || factor.type !== 'email' || factor.status !== 'pending') return undefined;
  const challenge = await findOpenChallengeByBinding(tx, user.userId, 'email_code', confirmEmailBinding(factor.id), now);
  if (!challenge || challenge.org_id !== user.orgId || challenge.factor_id !== factor.id || challenge.purpose !== CONFIRM_PURPOSE) return undefined;
  if (!isEmailCodeMatch(deps.hmacKey, challenge.id, code, challenge.code_hash)) return undefined;
  if (!(await consumeOpenChallenge(tx, challenge.id, now))) return undefined;
  return (await activateFactor(tx, factor.id, now)) ? factor.id : undefined;
}

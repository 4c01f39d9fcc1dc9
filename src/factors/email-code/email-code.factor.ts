// Emailed one-time codes as a second factor (SECURITY.md D). The proof names its challenge;
// the challenge must be open (10 minutes, D1), this user's, for email codes, for the same
// purpose and the exact binding the caller is verifying (a sign-in session or one decision's
// digest, D3), and issued for the user's ACTIVE email factor (a pending address verifies
// nothing, D8). The code is compared by HMAC in constant time (D4); consume spends the
// challenge with one conditional UPDATE, so it works once even under concurrency (D2).
import type { Tx } from '../../platform/db/connect.ts';
import type { FactorId } from '../../platform/ids.ts';
import { consumeOpenChallenge, findOpenChallenge } from '../challenges.ts';
import type { MethodStrategy } from '../factor.ts';
import { findFactor } from '../factors.store.ts';
import { isEmailCodeMatch } from './email-code-hash.ts';

export function createEmailCodeMethod(deps: { hmacKey: Uint8Array }): MethodStrategy {
  return {
    method: 'email_code',
    factorType: 'email',

    async check(db, input, now) {
      const challenge = await findOpenChallenge(db, input.proof.challengeId, input, 'email_code', now);
      if (!challenge || challenge.purpose !== input.purpose || !challenge.factor_id) return { ok: false, factorId: undefined };
      const factor = await findFactor(db, input.userId, challenge.factor_id);
      if (!factor || factor.org_id !== input.orgId || factor.type !== 'email' || factor.status !== 'active') return { ok: false, factorId: undefined };
      const factorId = factor.id as FactorId;
      if (!isEmailCodeMatch(deps.hmacKey, challenge.id, input.proof.code, challenge.code_hash)) return { ok: false, factorId };
      return {
        ok: true, factorId,
        // The factor may have been removed or disabled since the check.
        async consume(tx: Tx, at: number) {
          const current = await findFactor(tx, input.userId, factorId);
          return current?.status === 'active' && consumeOpenChallenge(tx, challenge.id, at);
        },
      };
    },
  };
}

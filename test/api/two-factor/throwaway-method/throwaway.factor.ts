// A throwaway second factor that exists only for its test: the proof that adding a method is
// a folder and a registry line. It is registered through the registry's hook for extra
// strategies (createSignoff's `extraMethods`), and nothing else in the code base names it.
// Its proof is the code stored on its factor row; a real method would seal a secret and make
// `consume` a single-use guard.
import type { FactorsDeps, Method, MethodStrategy } from '../../../../src/factors/index.ts';
import type { Executor } from '../../../../src/platform/db/connect.ts';
import { newId, type FactorId, type OrgId, type UserId } from '../../../../src/platform/ids.ts';

/** Outside the API's METHODS on purpose: the registry, not the contract, is what offers it. */
export const THROWAWAY = 'throwaway' as Method;
const FACTOR_TYPE = 'throwaway';

export function createThrowawayMethod(_deps: FactorsDeps): MethodStrategy {
  return {
    method: THROWAWAY,
    factorType: FACTOR_TYPE,
    primary: true,
    usableForFactorChange: true,
    label: 'A throwaway factor',
    async check(db, input) {
      const factor = await db.selectFrom('factors').selectAll().where('user_id', '=', input.userId).where('type', '=', FACTOR_TYPE).where('status', '=', 'active').executeTakeFirst();
      if (!factor || factor.org_id !== input.orgId) return { ok: false, factorId: undefined };
      const factorId = factor.id;
      if (input.proof.code !== factor.secret_sealed) return { ok: false, factorId };
      return { ok: true, factorId, consume: async () => true };
    },
  };
}

/** Gives the user an active throwaway factor whose proof is `code`. */
export async function addThrowawayFactor(db: Executor, user: { orgId: OrgId; userId: UserId }, code: string, now: number): Promise<FactorId> {
  const id = newId<FactorId>('fac');
  await db.insertInto('factors').values({
    id, org_id: user.orgId, user_id: user.userId, type: FACTOR_TYPE, status: 'active', label: 'Throwaway', secret_sealed: code,
    email: null, credential_id: null, public_key: null, sign_count: null, transports: null,
    last_used_step: null, consecutive_failures: 0, created_at: now, activated_at: now, last_used_at: null, disabled_at: null,
  }).execute();
  return id;
}

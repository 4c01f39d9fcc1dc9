// A throwaway second factor that exists only for its test: the proof that adding a method is
// a folder and a registry line. It is registered through the registry's hook for extra
// strategies (createSignoff's `extraMethods`), and nothing else in the code base names it.
// Its proof is the code stored on its factor row; a real method would seal a secret and make
// `consume` a single-use guard. It is set up the way every method is (enroll.ts): `start`
// leaves a pending factor whose code the user chose, `confirm` activates it with that code.
import type { FactorsDeps, Method, MethodStrategy } from '../../../../src/factors/index.ts';
import type { Executor } from '../../../../src/platform/db/connect.ts';
import { newId, type FactorId, type OrgId, type UserId } from '../../../../src/platform/ids.ts';
import { Problem } from '../../../../src/platform/problems.ts';

/**
 * Outside the API's shipped METHODS on purpose: the registry, not the contract, is what offers
 * it. The registry refuses a name the contract does not accept, so its test extends the
 * contract with this name (createSignoff's `contractMethods`), as a real method would by adding
 * its name to src/http/contract/methods.ts.
 */
export const THROWAWAY = 'throwaway' as Method;
const FACTOR_TYPE = 'throwaway';

export function createThrowawayMethod(_deps: FactorsDeps): MethodStrategy {
  return {
    method: THROWAWAY,
    factorType: FACTOR_TYPE,
    primary: true,
    usableForFactorChange: true,
    label: 'A throwaway factor',
    recordName: 'Throwaway code',
    async check(db, input) {
      const factor = await db
        .selectFrom('factors')
        .selectAll()
        .where('user_id', '=', input.userId)
        .where('type', '=', FACTOR_TYPE)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (!factor || factor.org_id !== input.orgId) return { ok: false, factorId: undefined };
      const factorId = factor.id;
      if (input.proof.code !== factor.secret_sealed) return { ok: false, factorId };
      return { ok: true, factorId, consume: async () => true };
    },
    enroll: {
      async start(tx, user, input, now) {
        const code = (input as { code?: unknown } | undefined)?.code;
        if (typeof code !== 'string' || code.length === 0) throw new Problem('invalid_request', { detail: 'Choose a code' });
        const id = await insertThrowawayFactor(tx, user, code, 'pending', now);
        return { factorId: id, answer: { id, status: 'pending' } };
      },
      async confirm(tx, user, factorId, code, now) {
        const updated = await tx
          .updateTable('factors')
          .set({ status: 'active', activated_at: now })
          .where('id', '=', factorId)
          .where('org_id', '=', user.orgId)
          .where('user_id', '=', user.userId)
          .where('type', '=', FACTOR_TYPE)
          .where('status', '=', 'pending')
          .where('secret_sealed', '=', code)
          .executeTakeFirst();
        return Number(updated.numUpdatedRows) === 1 ? factorId : undefined;
      },
    },
  };
}

async function insertThrowawayFactor(
  db: Executor,
  user: { orgId: OrgId; userId: UserId },
  code: string,
  status: 'pending' | 'active',
  now: number,
): Promise<FactorId> {
  const id = newId<FactorId>('fac');
  await db
    .insertInto('factors')
    .values({
      id,
      org_id: user.orgId,
      user_id: user.userId,
      type: FACTOR_TYPE,
      status,
      label: 'Throwaway',
      secret_sealed: code,
      email: null,
      credential_id: null,
      public_key: null,
      sign_count: null,
      transports: null,
      last_used_step: null,
      consecutive_failures: 0,
      created_at: now,
      activated_at: status === 'active' ? now : null,
      last_used_at: null,
      disabled_at: null,
    })
    .execute();
  return id;
}

/** Gives the user an active throwaway factor whose proof is `code`. */
export const addThrowawayFactor = (db: Executor, user: { orgId: OrgId; userId: UserId }, code: string, now: number): Promise<FactorId> =>
  insertThrowawayFactor(db, user, code, 'active', now);

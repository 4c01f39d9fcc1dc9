// Changing factors needs a fresh second factor from an existing one, not just an open session
// (docs/security.md H1, ASVS 7.5.1). Backup codes never add, replace or remove factors (C8), so
// they do not count here. A user with no factor yet has nothing to prove with: enrolling the
// first one is allowed (within the enrollment mode's rules).
//
// One verification covers this session's further factor and settings changes for
// PRIVILEGED_WINDOW_MS (a short-lived privileged session, GitHub's "sudo mode"): adding a
// passkey and then removing the old app asks once. The window lives on the session row (every
// instance sees it), is opened only by a verified factor a strategy marks usableForFactorChange, never by a
// backup code, never extends itself without a new verification, moves to the session that
// replaces this one when a new factor is activated, and never to another session. Decisions
// and e-signatures are not factor changes: each needs its own fresh verification.
//
// The change's transaction takes the user's row lock first, before a proof is consumed (so in
// the same order on every path): one user's factor changes run one after the other, and a
// change that decides from the user's factors (removing the last one a policy requires) reads
// them again in its transaction and finds them as the change before it left them (K9).
import { lockUser } from '../accounts/index.ts';
import type { Tx } from '../platform/db/connect.ts';
import type { FactorsDeps } from './deps.ts';
import { Problem } from '../platform/problems.ts';
import type { Proof } from './factor.ts';
import type { MethodRegistry } from './registry.ts';
import type { FactorActor, Meta } from './types.ts';
import type { Verified, VerifySecondFactor } from './verify-second-factor.ts';

export const factorChangeBinding = (sessionId: string) => `factor-change:${sessionId}`;
/** How long one verified factor covers further factor and settings changes in the same session. */
export const PRIVILEGED_WINDOW_MS = 5 * 60_000;

export function createStepUp(deps: Pick<FactorsDeps, 'db' | 'clock' | 'accounts'>, registry: MethodRegistry, verify: VerifySecondFactor) {
  const { db, clock, accounts } = deps;
  /**
   * Under the user's row lock, which a sign-out and every reset take too: the change is made only
   * under a session still live (one ended while the request ran refuses it, 401, nothing kept).
   */
  const stillLive = (tx: Tx, actor: FactorActor) => accounts.sessions.assertStillLive(tx, actor.session.tokenHash);
  /** The user's row lock, then `work`, in one transaction. */
  const serialised = <T>(actor: FactorActor, work: (tx: Tx, verified: Verified | undefined) => Promise<T>) =>
    db.transaction().execute(async (tx) => {
      await lockUser(tx, actor.orgId, actor.userId);
      await stillLive(tx, actor);
      return work(tx, undefined);
    });

  /**
   * Runs `work` in one transaction that holds the user's row lock, after verifying `proof` when
   * the user has a factor to prove with. `prepare` (slow work such as hashing backup codes) runs
   * after the proof checked out and before the transaction, so a wrong or missing proof costs
   * no hashing.
   */
  return async function withFreshFactor<T>(
    actor: FactorActor,
    proof: Proof | undefined,
    meta: Meta,
    work: (tx: Tx, verified: Verified | undefined) => Promise<T>,
    prepare?: () => Promise<void>,
  ): Promise<T> {
    const methods = (await registry.listUsableMethods(db, actor.userId)).filter((m) => registry.factorChangeMethods.includes(m));
    if (methods.length === 0) {
      // A factor locked after 100 failures still counts: whoever locked it must not be able to
      // bind their own in its place (B3: re-bind through recovery or an admin).
      if (await registry.hasPrimaryFactor(db, actor.userId, ['disabled']))
        throw new Problem('forbidden', { detail: 'Your second factor is locked: use account recovery or ask an administrator' });
      if (prepare) await prepare();
      return serialised(actor, work);
    }
    if (!proof && (actor.session.privilegedUntil ?? 0) > clock.now()) {
      if (prepare) await prepare();
      return serialised(actor, work);
    }
    if (!proof) throw new Problem('second_factor_required', { detail: 'Confirm with one of your second factors first', extensions: { methods } });
    return verify(
      {
        orgId: actor.orgId,
        userId: actor.userId,
        label: actor.label,
        purpose: 'factor_change',
        binding: factorChangeBinding(actor.session.sessionId),
        sessionId: actor.session.sessionId,
        proof,
        ip: meta.ip,
        requestId: meta.requestId,
        allowedMethods: registry.factorChangeMethods,
      },
      async (tx, verified) => {
        await stillLive(tx, actor);
        await accounts.sessions.markPrivileged(tx, actor.session.sessionId, clock.now() + PRIVILEGED_WINDOW_MS);
        return work(tx, verified);
      },
      prepare,
    );
  };
}

export type WithFreshFactor = ReturnType<typeof createStepUp>;

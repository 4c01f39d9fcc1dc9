// Setting factors up: start (pending) → confirm with a valid proof (active), or start → finish
// with a credential (a passkey). Every step is the method's strategy's (`enroll` in factor.ts),
// looked up in the registry; this file names no method and runs the rules common to all: in
// admin-controlled mode only users an admin added may set up (docs/guide.md §3); a user who
// already has a factor proves it before binding another (H1); activation is a second-factor
// verification, so the session rotates and reaches AAL2; the first primary factor comes with a
// set of backup codes, shown once (C8: they back a primary factor up).
import { lockUser } from '../accounts/index.ts';
import type { Tx } from '../platform/db/connect.ts';
import type { FactorId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import { codeAttemptKeys } from './attempts.ts';
import { prepareBackupCodes, replaceBackupCodes } from './backup-codes/generate-backup-codes.ts';
import type { FactorsDeps } from './deps.ts';
import type { Proof } from './factor.ts';
import { findFactor, listFactors } from './factors.store.ts';
import { isAddedToTwoFactor } from './enrollment.store.ts';
import { notifyUser } from './notify.ts';
import type { MethodRegistry } from './registry.ts';
import type { WithFreshFactor } from './step-up.ts';
import { revokeAllDevices } from './trusted-devices/trusted-devices.ts';
import type { FactorActor, Meta } from './types.ts';

export function createEnrollment(deps: FactorsDeps, registry: MethodRegistry, withFreshFactor: WithFreshFactor) {
  const { db, clock, audit, limiter, accounts } = deps;

  /** Self-service, or added by an admin (Pending), or already Active from before the mode changed. */
  async function mayEnroll(actor: Pick<FactorActor, 'orgId' | 'userId'>): Promise<boolean> {
    const settings = await deps.settings(actor.orgId);
    if (settings.enrollmentMode !== 'admin_controlled') return true;
    return (await isAddedToTwoFactor(db, actor.userId)) || (await registry.hasPrimaryFactor(db, actor.userId, ['active']));
  }

  async function assertMayEnroll(actor: FactorActor) {
    if (!(await mayEnroll(actor))) throw new Problem('two_factor_not_enabled_for_account');
  }

  /**
   * After a factor became active: audit, notice, devices, first backup codes, session rotation.
   * Runs under the user's row lock, which the transaction took first (a confirmation here, a
   * method's `finish`). `drawn` (backup code hashes, drawn before the transaction when the user
   * had no active factor) are stored only if this is still the user's one active factor: two
   * first factors confirmed at the same moment both drew codes, and only one set is given
   * (`backupCodes` says whether it was this one).
   */
  async function afterActivation(tx: Tx, actor: FactorActor, factorId: FactorId, type: string, meta: Meta, drawn: string[] | undefined) {
    const now = clock.now();
    const first =
      drawn !== undefined && !(await listFactors(tx, actor.userId)).some((f) => f.id !== factorId && f.status === 'active' && registry.isPrimaryType(f.type));
    const backupHashes = first ? drawn : undefined;
    await audit.append(tx, {
      orgId: actor.orgId,
      type: 'factor.activated',
      actor: { userId: actor.userId, label: actor.label },
      target: { type: 'factor', id: factorId },
      data: { type },
      ip: meta.ip,
      requestId: meta.requestId,
    });
    await notifyUser(
      deps,
      tx,
      actor,
      'A second factor was added',
      `${registry.ofFactorType(type)?.label ?? 'A factor'} was added to your account. If this was not you, contact your administrator now.`,
    );
    await revokeAllDevices(tx, actor.userId, now);
    if (backupHashes) {
      await replaceBackupCodes(tx, actor, backupHashes, now);
      await audit.append(tx, {
        orgId: actor.orgId,
        type: 'backup_codes.generated',
        actor: { userId: actor.userId, label: actor.label },
        target: { type: 'user', id: actor.userId },
        data: { count: backupHashes.length, first: true },
        ip: meta.ip,
        requestId: meta.requestId,
      });
    }
    const session = await accounts.sessions.start(tx, {
      orgId: actor.orgId,
      userId: actor.userId,
      state: 'active',
      aal: 2,
      meta,
      replacesTokenHash: actor.session.tokenHash,
      replacedMustBeLive: true,
      privilegedUntil: actor.session.privilegedUntil,
    });
    return { session, backupCodes: first };
  }

  /** The first primary factor comes with backup codes (hashed before the transaction). */
  async function firstBackupCodes(actor: FactorActor) {
    return (await registry.hasPrimaryFactor(db, actor.userId, ['active'])) ? undefined : prepareBackupCodes();
  }

  /** The strategy of a method a user can set up; 404 for a name no strategy has or one set up otherwise (backup codes). */
  function enrollable(method: string) {
    const strategy = registry.get(method);
    if (!strategy?.enroll) throw new Problem('not_found', { detail: `No second-factor method ${method} to set up` });
    return { ...strategy, enroll: strategy.enroll };
  }

  async function started(tx: Tx, actor: FactorActor, factorId: FactorId, type: string, meta: Meta) {
    await audit.append(tx, {
      orgId: actor.orgId,
      type: 'factor.enrollment_started',
      actor: { userId: actor.userId, label: actor.label },
      target: { type: 'factor', id: factorId },
      data: { type },
      ip: meta.ip,
      requestId: meta.requestId,
    });
  }

  return {
    /** Whether this user may set up a factor themself (a reviewer without one is sent to setup, not to an admin). */
    mayEnroll,

    /**
     * Starts setting up a factor of `method`, in the strategy's own way (its `enroll.start`),
     * after the fresh second factor of H1 when the user has one; a pending factor it created is
     * audited as `factor.enrollment_started`. Answers what the client needs to finish the setup.
     */
    async start(actor: FactorActor, method: string, input: unknown, proof: Proof | undefined, meta: Meta): Promise<Record<string, unknown>> {
      const strategy = enrollable(method);
      await assertMayEnroll(actor);
      const setup = strategy.enroll;
      if (setup.reserve)
        await setup.reserve(actor, { proceeds: proof !== undefined || !(await registry.hasPrimaryFactor(db, actor.userId, ['active', 'disabled'])) });
      const contact = await accounts.findContact(db, actor.orgId, actor.userId);
      const user = { orgId: actor.orgId, userId: actor.userId, email: contact?.email ?? actor.label, name: contact?.name ?? '' };
      await setup.load?.();
      return withFreshFactor(actor, proof, meta, async (tx) => {
        const r = await setup.start(tx, user, input, clock.now());
        if (r.factorId) await started(tx, actor, r.factorId, strategy.factorType, meta);
        return r.answer;
      });
    },

    /** Confirms a pending factor with a code, through its strategy's `enroll.confirm` (API.md: 422 second_factor_invalid when wrong). */
    async confirm(actor: FactorActor, factorId: FactorId, code: string, meta: Meta) {
      await assertMayEnroll(actor);
      const pending = await findFactor(db, actor.userId, factorId);
      const confirmFactor = pending ? registry.ofFactorType(pending.type)?.enroll?.confirm : undefined;
      if (!pending || pending.status !== 'pending' || !confirmFactor) throw new Problem('not_found', { detail: `No pending factor ${factorId}` });
      const reservation = await limiter.reserve(codeAttemptKeys(actor.userId, meta.ip));
      let result;
      try {
        const backup = await firstBackupCodes(actor);
        result = await db.transaction().execute(async (tx) => {
          const now = clock.now();
          // The user's row lock before the factor's (as every factor change takes them: step-up.ts).
          await lockUser(tx, actor.orgId, actor.userId);
          const id = await confirmFactor(tx, actor, factorId, code, now);
          if (!id) return undefined;
          const { session, backupCodes } = await afterActivation(tx, actor, id, pending.type, meta, backup?.hashes);
          return { id, status: 'active' as const, backupCodes: backupCodes ? backup?.codes : undefined, session };
        });
      } catch (err) {
        // Counted as a failure, as it always was; and the address's attempt leaves flight.
        await reservation.release('failure');
        throw err;
      }
      await reservation.release(result ? 'success' : 'failure');
      if (!result) throw new Problem('second_factor_invalid', { status: 422 });
      return result;
    },

    /**
     * Finishes a setup that ends with a credential rather than a code (a passkey), through its
     * strategy's `enroll.finish`: the first backup codes are drawn only for a credential that
     * verified, and the activation's audit entry, notice and session rotation commit with the
     * factor itself.
     */
    async finish(actor: FactorActor, method: string, input: unknown, meta: Meta) {
      const strategy = enrollable(method);
      const finishSetup = strategy.enroll.finish;
      if (!finishSetup) throw new Problem('not_found', { detail: `Setting up ${method} ends with a code: confirm the pending factor` });
      await assertMayEnroll(actor);
      let backup: Awaited<ReturnType<typeof firstBackupCodes>>;
      let activation: Awaited<ReturnType<typeof afterActivation>> | undefined;
      const id = await finishSetup(db, actor, input, meta, {
        prepare: async () => {
          backup = await firstBackupCodes(actor);
        },
        activated: async (tx, factorId) => {
          activation = await afterActivation(tx, actor, factorId, strategy.factorType, meta, backup?.hashes);
        },
      });
      if (!id || !activation) throw new Problem('second_factor_invalid');
      return { id, status: 'active' as const, backupCodes: activation.backupCodes ? backup?.codes : undefined, session: activation.session };
    },
  };
}

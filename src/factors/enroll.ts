// Setting factors up: start (pending) → confirm with a valid proof (active). In
// admin-controlled mode only users an admin added may set up (docs/guide.md §3). A user who already
// has a factor proves it before binding another (H1). Activation is a second-factor
// verification, so the session rotates and reaches AAL2; the first factor comes with a set of
// backup codes, shown once.
import type { Tx } from '../platform/db/connect.ts';
import type { ChallengeId, FactorId } from '../platform/ids.ts';
import { Problem } from '../platform/problems.ts';
import { codeAttemptKeys } from './attempts.ts';
import { prepareBackupCodes, replaceBackupCodes } from './backup-codes/generate-backup-codes.ts';
import type { FactorsDeps } from './deps.ts';
import { startEmailFactor } from './email-code/enroll-email.ts';
import type { Proof } from './factor.ts';
import { findFactor } from './factors.store.ts';
import { isAddedToTwoFactor } from './enrollment.store.ts';
import { notifyUser } from './notify.ts';
import type { MethodRegistry } from './registry.ts';
import type { WithFreshFactor } from './step-up.ts';
import { startTotpEnrollment } from './totp/enroll-totp.ts';
import { revokeAllDevices } from './trusted-devices/trusted-devices.ts';
import type { FactorActor, Meta } from './types.ts';
import { finishPasskeyRegistration, startPasskeyRegistration } from './webauthn/register-passkey.ts';
import { EMAIL_SEND_POLICY, hashingWorkKeys } from './attempts.ts';

export function createEnrollment(deps: FactorsDeps, registry: MethodRegistry, withFreshFactor: WithFreshFactor) {
  const { db, clock, audit, limiter, accounts, webauthn } = deps;

  /** Self-service, or added by an admin (Pending), or already Active from before the mode changed. */
  async function mayEnroll(actor: Pick<FactorActor, 'orgId' | 'userId'>): Promise<boolean> {
    const settings = await deps.settings(actor.orgId);
    if (settings.enrollmentMode !== 'admin_controlled') return true;
    return (await isAddedToTwoFactor(db, actor.userId)) || (await registry.hasPrimaryFactor(db, actor.userId, ['active']));
  }

  async function assertMayEnroll(actor: FactorActor) {
    if (!(await mayEnroll(actor))) throw new Problem('two_factor_not_enabled_for_account');
  }

  /** After a factor became active: audit, notice, devices, first backup codes, session rotation. */
  async function afterActivation(tx: Tx, actor: FactorActor, factorId: FactorId, type: string, meta: Meta, backupHashes: string[] | undefined) {
    const now = clock.now();
    await audit.append(tx, { orgId: actor.orgId, type: 'factor.activated', actor: { userId: actor.userId, label: actor.label }, target: { type: 'factor', id: factorId }, data: { type }, ip: meta.ip, requestId: meta.requestId });
    await notifyUser(deps, tx, actor, 'A second factor was added', `${registry.ofFactorType(type)?.label ?? 'A factor'} was added to your account. If this was not you, contact your administrator now.`);
    await revokeAllDevices(tx, actor.userId, now);
    if (backupHashes) {
      await replaceBackupCodes(tx, actor, backupHashes, now);
      await audit.append(tx, { orgId: actor.orgId, type: 'backup_codes.generated', actor: { userId: actor.userId, label: actor.label }, target: { type: 'user', id: actor.userId }, data: { count: backupHashes.length, first: true }, ip: meta.ip, requestId: meta.requestId });
    }
    return accounts.sessions.start(tx, { orgId: actor.orgId, userId: actor.userId, state: 'active', aal: 2, meta, replacesTokenHash: actor.session.tokenHash, privilegedUntil: actor.session.privilegedUntil });
  }

  /** The first primary factor comes with backup codes (hashed before the transaction). */
  async function firstBackupCodes(actor: FactorActor) {
    return (await registry.hasPrimaryFactor(db, actor.userId, ['active'])) ? undefined : prepareBackupCodes();
  }

  async function started(tx: Tx, actor: FactorActor, factorId: FactorId, type: string, meta: Meta) {
    await audit.append(tx, { orgId: actor.orgId, type: 'factor.enrollment_started', actor: { userId: actor.userId, label: actor.label }, target: { type: 'factor', id: factorId }, data: { type }, ip: meta.ip, requestId: meta.requestId });
  }

  return {
    /** Whether this user may set up a factor themself (a reviewer without one is sent to setup, not to an admin). */
    mayEnroll,

    async startTotp(actor: FactorActor, proof: Proof | undefined, meta: Meta) {
      await assertMayEnroll(actor);
      const contact = await accounts.findContact(db, actor.orgId, actor.userId);
      return withFreshFactor(actor, proof, meta, async (tx) => {
        const r = await startTotpEnrollment(tx, { secretBox: deps.secretBox, siteName: deps.config.siteName }, { orgId: actor.orgId, userId: actor.userId, email: contact?.email ?? actor.label }, clock.now());
        await started(tx, actor, r.id, 'totp', meta);
        return r;
      });
    },

    async startEmail(actor: FactorActor, email: string, proof: Proof | undefined, meta: Meta) {
      await assertMayEnroll(actor);
      // Only a request that will send counts against the sending budget: one that is about to be
      // refused for want of a step-up proof does not.
      if (proof || !(await registry.hasPrimaryFactor(db, actor.userId, ['active', 'disabled']))) {
        const sending = await limiter.reserve([{ key: `email-code:send:${actor.userId}`, policy: EMAIL_SEND_POLICY }]);
        await sending.release('failure');
      }
      const contact = await accounts.findContact(db, actor.orgId, actor.userId);
      return withFreshFactor(actor, proof, meta, async (tx) => {
        const r = await startEmailFactor(tx, { hmacKey: deps.hmacKey, mail: deps.mail, siteName: deps.config.siteName }, { orgId: actor.orgId, userId: actor.userId, name: contact?.name ?? '' }, email.trim().toLowerCase(), clock.now());
        await started(tx, actor, r.id, 'email', meta);
        return { id: r.id };
      });
    },

    /** Confirms a pending TOTP or email factor with a code (API.md: 422 second_factor_invalid when wrong). */
    async confirm(actor: FactorActor, factorId: FactorId, code: string, meta: Meta) {
      await assertMayEnroll(actor);
      const pending = await findFactor(db, actor.userId, factorId);
      const strategy = pending ? registry.ofFactorType(pending.type) : undefined;
      if (!pending || pending.status !== 'pending' || !strategy?.confirm) throw new Problem('not_found', { detail: `No pending factor ${factorId}` });
      const reservation = await limiter.reserve(codeAttemptKeys(actor.userId, meta.ip));
      const backup = await firstBackupCodes(actor);
      const result = await db.transaction().execute(async (tx) => {
        const now = clock.now();
        const id = await strategy.confirm!(tx, actor, factorId, code, now);
        if (!id) return undefined;
        const session = await afterActivation(tx, actor, id, pending.type, meta, backup?.hashes);
        return { id, status: 'active' as const, backupCodes: backup?.codes, session };
      });
      await reservation.release(result ? 'success' : 'failure');
      if (!result) throw new Problem('second_factor_invalid', { status: 422 });
      return result;
    },

    async startPasskey(actor: FactorActor, proof: Proof | undefined, meta: Meta) {
      await assertMayEnroll(actor);
      const contact = await accounts.findContact(db, actor.orgId, actor.userId);
      return withFreshFactor(actor, proof, meta, (tx) => startPasskeyRegistration(tx, { webauthn }, { orgId: actor.orgId, userId: actor.userId, email: contact?.email ?? actor.label, name: contact?.name ?? '' }, clock.now()));
    },

    async finishPasskey(actor: FactorActor, input: { challengeId: ChallengeId; credential: unknown; label: string }, meta: Meta) {
      await assertMayEnroll(actor);
      // The attestation is checked first; the first backup codes (ten argon2id hashes) are drawn
      // only for a verified credential, and every attempt counts against a budget, so junk
      // registrations can neither stall the event loop nor the hashing thread pool.
      const reservation = await limiter.reserve(hashingWorkKeys('passkey-registration', actor.userId, meta.ip));
      let backup: Awaited<ReturnType<typeof firstBackupCodes>>;
      // The activation's audit entry, notice and session rotation commit with the passkey itself.
      let session: Awaited<ReturnType<typeof afterActivation>> | undefined;
      let id: FactorId | undefined;
      try {
        id = await finishPasskeyRegistration(db, { webauthn }, actor, input, clock.now(), async (tx, factorId) => {
          session = await afterActivation(tx, actor, factorId, 'webauthn', meta, backup?.hashes);
        }, async () => { backup = await firstBackupCodes(actor); });
      } finally {
        await reservation.release(session ? 'success' : 'failure');
      }
      if (!id || !session) throw new Problem('second_factor_invalid', { detail: 'The passkey could not be registered' });
      return { id, status: 'active' as const, backupCodes: backup?.codes, session };
    },
  };
}

// A user's own factors: list, remove (self-service only, with a fresh second factor),
// regenerate backup codes (voids the old set), trusted devices. Every change is audited, sends
// a notice, and clears trusted devices (G3).
import { iso } from '../platform/clock.ts';
import { Problem } from '../platform/problems.ts';
import { countRemainingBackupCodes, prepareBackupCodes, replaceBackupCodes } from './backup-codes/generate-backup-codes.ts';
import { hashingWorkKeys } from './attempts.ts';
import type { FactorsDeps } from './deps.ts';
import type { Proof } from './factor.ts';
import { deleteFactor, listFactors, type FactorRow } from './factors.store.ts';
import { notifyUser } from './notify.ts';
import type { MethodRegistry } from './registry.ts';
import type { WithFreshFactor } from './step-up.ts';
import { listTrustedDevices, revokeAllDevices, revokeDevice } from './trusted-devices/trusted-devices.ts';
import type { FactorActor, Meta } from './types.ts';

type FactorView = { id: string; type: string; status: string; label: string; createdAt: string; lastUsedAt: string | null };

export function createFactorManagement(
  deps: FactorsDeps,
  registry: MethodRegistry,
  withFreshFactor: WithFreshFactor,
  policyRequiresTwoFactor: (actor: FactorActor) => Promise<boolean>,
) {
  const { db, clock, audit, limiter } = deps;
  const by = (actor: FactorActor) => ({ userId: actor.userId, label: actor.label });

  return {
    async list(actor: FactorActor) {
      // The authenticators themselves: backup codes (not primary) are a count, not a factor to manage.
      const rows = (await listFactors(db, actor.userId)).filter((f) => registry.isPrimaryType(f.type));
      const factors: FactorView[] = rows.map((f) => ({
        id: f.id,
        type: f.type,
        status: f.status,
        label: f.label,
        createdAt: iso(f.created_at),
        lastUsedAt: f.last_used_at === null ? null : iso(f.last_used_at),
      }));
      return {
        factors,
        backupCodesRemaining: await countRemainingBackupCodes(db, actor.userId),
        trustedDevices: await listTrustedDevices(db, actor.userId, clock.now()),
      };
    },

    async remove(actor: FactorActor, factorId: string, proof: Proof | undefined, meta: Meta) {
      const settings = await deps.settings(actor.orgId);
      if (settings.enrollmentMode === 'admin_controlled')
        throw new Problem('forbidden', { detail: 'In your organisation only an administrator can remove second factors' });
      /** The factor and the user's other active primary factors among `factors`; refused when it is the last one a policy requires. */
      const check = (factors: FactorRow[], required: boolean) => {
        const factor = factors.find((f) => f.id === factorId && registry.isPrimaryType(f.type));
        if (!factor) throw new Problem('not_found', { detail: `No factor ${factorId}` });
        const remainingPrimary = factors.filter((f) => f.id !== factorId && f.status === 'active' && registry.isPrimaryType(f.type));
        if (remainingPrimary.length === 0 && factor.status === 'active' && required) throw new Problem('two_factor_required_by_policy');
        return { factor, remainingPrimary };
      };
      // Refused before a proof is spent when that is plain already, and decided again in the transaction.
      const required = await policyRequiresTwoFactor(actor);
      const { factor } = check(await listFactors(db, actor.userId), required);
      await withFreshFactor(actor, proof, meta, async (tx) => {
        const now = clock.now();
        // The user's row is locked (withFreshFactor): a removal of their other factor at the same
        // moment waits, and this one reads what it left (on PostgreSQL both used to read the
        // other factor as remaining, and a policy's last factor went too).
        const { remainingPrimary } = check(await listFactors(tx, actor.userId), required);
        await deleteFactor(tx, factor.id);
        // Backup codes (a method that is not primary) only back up a primary factor: without one they go too.
        if (remainingPrimary.length === 0) {
          for (const backup of (await listFactors(tx, actor.userId)).filter((f) => !registry.isPrimaryType(f.type))) await deleteFactor(tx, backup.id);
        }
        await revokeAllDevices(tx, actor.userId, now);
        await audit.append(tx, {
          orgId: actor.orgId,
          type: 'factor.removed',
          actor: by(actor),
          target: { type: 'factor', id: factor.id },
          data: { type: factor.type, label: factor.label, by: 'user' },
          ip: meta.ip,
          requestId: meta.requestId,
        });
        await notifyUser(
          deps,
          tx,
          actor,
          'A second factor was removed',
          `${factor.label} was removed from your account. If this was not you, contact your administrator now.`,
        );
      });
    },

    async regenerateBackupCodes(actor: FactorActor, proof: Proof | undefined, meta: Meta): Promise<{ codes: string[] }> {
      const notEnrolled = () => new Problem('second_factor_not_enrolled', { detail: 'Set up an authenticator app, email or passkey first' });
      if (!(await registry.hasPrimaryFactor(db, actor.userId, ['active']))) throw notEnrolled();
      // Ten argon2id hashes: only after the fresh factor checked out, and within an attempt budget
      // that every hashing counts against (a request refused before hashing is refunded).
      const reservation = await limiter.reserve(hashingWorkKeys('backup-codes', actor.userId, meta.ip));
      let prepared: { codes: string[]; hashes: string[] } | undefined;
      try {
        await withFreshFactor(
          actor,
          proof,
          meta,
          async (tx) => {
            const now = clock.now();
            // Asked again under the user's row lock (withFreshFactor): the last factor may have
            // been removed while the codes were hashed, and codes back up a factor (C8).
            if (!(await registry.hasPrimaryFactor(tx, actor.userId, ['active']))) throw notEnrolled();
            await replaceBackupCodes(tx, actor, prepared!.hashes, now);
            await revokeAllDevices(tx, actor.userId, now);
            await audit.append(tx, {
              orgId: actor.orgId,
              type: 'backup_codes.generated',
              actor: by(actor),
              target: { type: 'user', id: actor.userId },
              data: { count: prepared!.codes.length },
              ip: meta.ip,
              requestId: meta.requestId,
            });
            await notifyUser(
              deps,
              tx,
              actor,
              'New backup codes were generated',
              'Your earlier backup codes no longer work. If this was not you, contact your administrator now.',
            );
          },
          async () => {
            prepared = await prepareBackupCodes();
          },
        );
      } finally {
        await reservation.release(prepared ? 'failure' : 'success');
      }
      return { codes: prepared!.codes };
    },

    async revokeDevice(actor: FactorActor, deviceId: string | 'all', meta: Meta) {
      await db.transaction().execute(async (tx) => {
        const now = clock.now();
        const count = deviceId === 'all' ? await revokeAllDevices(tx, actor.userId, now) : Number(await revokeDevice(tx, actor.userId, deviceId, now));
        if (count === 0 && deviceId !== 'all') throw new Problem('not_found', { detail: `No trusted device ${deviceId}` });
        await audit.append(tx, {
          orgId: actor.orgId,
          type: 'trusted_device.revoked',
          actor: by(actor),
          target: { type: 'user', id: actor.userId },
          data: { deviceId, count, by: 'user' },
          ip: meta.ip,
          requestId: meta.requestId,
        });
      });
    },
  };
}

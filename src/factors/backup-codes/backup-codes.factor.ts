// Backup codes as a second factor (docs/security.md C): the typed code is normalised (C9), then
// verified against every unused code of the user's active set with argon2id; a used code is
// simply not among them, so it gets the same refusal as a wrong one (C2). The single-use guard
// is the conditional UPDATE in consume (C3). Backup codes never add, replace or recover
// factors (C8): this strategy only answers whether a second factor was shown.
import { verifyPassword } from '../../platform/crypto/password.ts';
import type { FactorsDeps } from '../deps.ts';
import type { MethodStrategy } from '../factor.ts';
import { findFactorOfType } from '../factors.store.ts';
import { notifyUser } from '../notify.ts';
import { consumeBackupCode, countUnusedBackupCodes, listUnusedBackupCodes } from './backup-codes.store.ts';
import { normalizeBackupCode } from './normalize.ts';

export function createBackupCodeMethod(deps: Pick<FactorsDeps, 'audit' | 'accounts' | 'mail'>): MethodStrategy {
  return {
    method: 'backup_code',
    factorType: 'backup_codes',
    // They back a primary factor up and never add, replace or remove one (C8).
    primary: false,
    usableForFactorChange: false,
    label: 'Backup codes',
    recordName: 'Backup code',

    async check(db, input) {
      const factor = await findFactorOfType(db, input.userId, 'backup_codes', 'active');
      if (!factor || factor.org_id !== input.orgId) return { ok: false, factorId: undefined };
      const factorId = factor.id;
      const code = typeof input.proof.code === 'string' ? normalizeBackupCode(input.proof.code) : undefined;
      if (!code) return { ok: false, factorId };
      // Stopping at the match leaks nothing: wrong codes always pay for every hash, and the
      // position of a right one among randomly ordered ids tells an attacker nothing.
      for (const row of await listUnusedBackupCodes(db, factorId)) {
        if (await verifyPassword(row.code_hash, code)) {
          return { ok: true, factorId, consume: (tx, now) => consumeBackupCode(tx, row.id, now) };
        }
      }
      return { ok: false, factorId };
    },

    async isUsable(db, userId) {
      return (await countUnusedBackupCodes(db, userId)) > 0;
    },

    /** A used code is audited with what remains, and its owner told (C7). */
    async onVerified(tx, input, factorId) {
      const remaining = await countUnusedBackupCodes(tx, input.userId);
      await deps.audit.append(tx, {
        orgId: input.orgId,
        type: 'backup_codes.used',
        actor: { userId: input.userId, label: input.label ?? input.userId },
        target: { type: 'factor', id: factorId },
        data: { remaining, purpose: input.purpose },
        ip: input.ip,
        requestId: input.requestId,
      });
      await notifyUser(
        deps,
        tx,
        input,
        'A backup code was used',
        `One of your backup codes was just used; ${remaining} remain. If this was not you, change your password and contact your administrator.`,
      );
    },
  } satisfies MethodStrategy;
}

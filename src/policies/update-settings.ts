// Changing the organisation's settings (PATCH /admin/settings): an admin who has a factor proves
// it first; the mandatory lock holds; whom a policy now requires is added (admin-controlled
// mode); the change is audited with old and new values; turning trusted devices off revokes them.
import type { Actor, RequestMeta } from '../accounts/index.ts';
import type { FactorActor, Proof } from '../factors/index.ts';
import { diffValues } from '../platform/diff.ts';
import { Problem } from '../platform/problems.ts';
import { readSettingsForUpdate, settingsSchema, writeSettings, type OrgSettings, type SettingsPatch } from '../settings/index.ts';
import { addRequiredMembers } from './auto-enroll.ts';
import type { PoliciesDeps } from './deps.ts';

export function createUpdateSettings({ audit, accounts, factors }: Pick<PoliciesDeps, 'audit' | 'accounts' | 'factors'>) {
  /** Changes settings; an admin who has a factor proves it first (issue: settings need step-up). */
  return async function updateSettings(
    actor: Actor,
    patch: SettingsPatch,
    meta: RequestMeta & { session: FactorActor['session'] },
    proof?: Proof,
  ): Promise<OrgSettings> {
    const factorActor: FactorActor = { orgId: actor.orgId, userId: actor.userId, label: actor.label, session: meta.session };
    return factors.withFreshFactor(factorActor, proof, meta, async (tx) => {
      const before = await readSettingsForUpdate(accounts, tx, actor.orgId);
      const after = settingsSchema.parse({ ...before, ...patch });
      // The mandatory lock (docs/guide.md §4): connected to a financial integration, enforcement stays on.
      if (after.financialIntegration.connected && after.enforcement.mode === 'off') {
        throw new Problem('two_factor_enforcement_locked', { detail: 'Disconnect the financial integration first, or choose soft or hard enforcement' });
      }
      await writeSettings(accounts, tx, actor.orgId, after);
      await addRequiredMembers({ accounts, factors }, tx, actor.orgId, after, 'settings_changed');
      const changes = diffValues(before, after);
      await audit.append(tx, {
        orgId: actor.orgId,
        type: 'settings.changed',
        actor: { userId: actor.userId, label: actor.label },
        target: { type: 'organization', id: actor.orgId },
        data: changes,
        ip: meta.ip,
        requestId: meta.requestId,
      });
      if (before.trustedDevices.enabled && !after.trustedDevices.enabled) {
        const count = await factors.revokeOrgTrustedDevices(tx, actor.orgId);
        await audit.append(tx, {
          orgId: actor.orgId,
          type: 'trusted_device.revoked',
          actor: { userId: actor.userId, label: actor.label },
          target: { type: 'organization', id: actor.orgId },
          data: { count, by: 'policy' },
          ip: meta.ip,
          requestId: meta.requestId,
        });
      }
      return after;
    });
  };
}

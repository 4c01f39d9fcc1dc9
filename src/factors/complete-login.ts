// The sign-in prompt: after the password, a session in `second_factor_required` may only
// finish here. Success rotates the session (new token, old one dead: ASVS 7.2.4, F3) and may
// trust the device; the proof is bound to this session (`login:<sessionId>`).
import { iso } from '../platform/clock.ts';
import { describeUserAgent } from '../platform/describe-user-agent.ts';
import { Problem } from '../platform/problems.ts';
import type { FactorsDeps } from './deps.ts';
import type { Method, Proof } from './factor.ts';
import type { OpenMethodChallenge } from './open-challenge.ts';
import { notifyUser } from './notify.ts';
import { trustDevice } from './trusted-devices/trusted-devices.ts';
import type { FactorActor, Meta } from './types.ts';
import type { VerifySecondFactor } from './verify-second-factor.ts';

const loginBinding = (sessionId: string) => `login:${sessionId}`;

export function createLoginSecondFactor(deps: FactorsDeps, verify: VerifySecondFactor, openMethodChallenge: OpenMethodChallenge) {
  const { clock, audit, accounts } = deps;

  function assertPrompted(actor: FactorActor) {
    if (actor.session.state !== 'second_factor_required') throw new Problem('forbidden', { detail: 'This session is not waiting for a second factor' });
  }
  const inputFor = (actor: FactorActor) => ({
    orgId: actor.orgId,
    userId: actor.userId,
    label: actor.label,
    purpose: 'login' as const,
    binding: loginBinding(actor.session.sessionId),
    sessionId: actor.session.sessionId,
  });

  return {
    async complete(actor: FactorActor, proof: Proof, opts: { trustDevice: boolean; deviceLabel: string }, meta: Meta) {
      assertPrompted(actor);
      // Read only to trust the device (before the transaction: its connection is taken then).
      const settings = opts.trustDevice ? await deps.settings(actor.orgId) : undefined;
      return verify({ ...inputFor(actor), proof, ip: meta.ip, requestId: meta.requestId }, async (tx, verified) => {
        const now = clock.now();
        const session = await accounts.sessions.start(tx, {
          orgId: actor.orgId,
          userId: actor.userId,
          state: 'active',
          aal: 2,
          meta,
          replacesTokenHash: actor.session.tokenHash,
          replacedMustBeLive: true,
        });
        let deviceToken: string | undefined;
        if (settings?.trustedDevices.enabled) {
          const stamp = (await accounts.findSecurityStamp(tx, actor.orgId, actor.userId)) ?? '';
          const device = await trustDevice(tx, actor, opts.deviceLabel, settings.trustedDevices.days, stamp, now);
          deviceToken = device.token;
          await audit.append(tx, {
            orgId: actor.orgId,
            type: 'trusted_device.added',
            actor: { userId: actor.userId, label: actor.label },
            target: { type: 'trusted_device', id: device.id },
            data: { label: opts.deviceLabel, days: settings.trustedDevices.days },
            ip: meta.ip,
            requestId: meta.requestId,
          });
          const browser = describeUserAgent(opts.deviceLabel);
          const detail =
            `${browser} will skip the sign-in code for ${settings.trustedDevices.days} days. ` +
            'If this was not you, revoke it on your Security page and change your password.';
          await notifyUser(deps, tx, actor, 'A device was trusted', detail, { device: browser, at: iso(now), ip: meta.ip });
        }
        return { ...session, deviceToken, method: verified.method };
      });
    },

    /** Emails a code or opens passkey options for this sign-in. */
    openChallenge(actor: FactorActor, method: Method, meta: Meta) {
      assertPrompted(actor);
      return openMethodChallenge(inputFor(actor), method, meta);
    },
  };
}

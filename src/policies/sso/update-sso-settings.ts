// Reading and changing an organisation's SSO settings. The client secret is write-only: sealed
// with the server's key (bound to the organisation) before it is stored, never returned, and
// never written to the audit trail (which records only that it changed). Like every settings
// change, an admin who has a factor proves it first: an identity provider that may stand in for
// the second factor is as sensitive as the 2FA policy itself.
import type { Actor, RequestMeta } from '../../accounts/index.ts';
import type { FactorActor, Proof } from '../../factors/index.ts';
import { diffValues } from '../../platform/diff.ts';
import type { OrgId } from '../../platform/ids.ts';
import { Problem } from '../../platform/problems.ts';
import { readSettingsForUpdate, writeSettings } from '../../settings/index.ts';
import { IssuerRefused } from './issuer-guard.ts';
import type { SsoDeps } from './sso-deps.ts';
import { parseSsoSettings, sealSsoSettings, toSsoSettingsView, type SsoSettingsInput, type SsoSettingsView } from '../../settings/index.ts';

export function createSsoSettings(deps: SsoDeps) {
  const { accounts, audit } = deps;

  async function getSsoSettings(orgId: OrgId): Promise<SsoSettingsView> {
    return toSsoSettingsView(parseSsoSettings((await deps.settings(orgId)).sso));
  }

  async function updateSsoSettings(
    actor: Actor,
    input: SsoSettingsInput,
    meta: RequestMeta & { session: FactorActor['session'] },
    proof?: Proof,
  ): Promise<SsoSettingsView> {
    const box = deps.secretBox;
    // SSRF guard (issuer-guard.ts): refused here with a clear detail, before any step-up is spent.
    if (input.issuer !== undefined) {
      try {
        await deps.issuerGuard.checkIssuer(input.issuer);
      } catch (err) {
        if (!(err instanceof IssuerRefused)) throw err;
        throw new Problem('invalid_request', { detail: err.detail, extensions: { errors: [{ pointer: '#/issuer', detail: err.detail }] } });
      }
    }
    const factorActor: FactorActor = { orgId: actor.orgId, userId: actor.userId, label: actor.label, session: meta.session };
    return deps.withFreshFactor(factorActor, proof, meta, async (tx) => {
      const before = await readSettingsForUpdate(accounts, tx, actor.orgId);
      const beforeSso = parseSsoSettings(before.sso);
      const afterSso = sealSsoSettings(input, beforeSso, box, actor.orgId);
      if (afterSso.enabled && !afterSso.clientSecretSealed) {
        throw new Problem('invalid_request', {
          detail: 'An enabled SSO needs a client secret',
          extensions: { errors: [{ pointer: '#/clientSecret', detail: 'Required to enable SSO' }] },
        });
      }
      await writeSettings(accounts, tx, actor.orgId, { ...before, sso: afterSso });
      const diff = diffValues({ sso: toSsoSettingsView(beforeSso) }, { sso: toSsoSettingsView(afterSso) });
      await audit.append(tx, {
        orgId: actor.orgId,
        type: 'settings.changed',
        actor: { userId: actor.userId, label: actor.label },
        target: { type: 'organization', id: actor.orgId },
        data: { ...diff, clientSecretChanged: input.clientSecret !== undefined },
        ip: meta.ip,
        requestId: meta.requestId,
      });
      return toSsoSettingsView(afterSso);
    });
  }

  return { getSsoSettings, updateSsoSettings };
}

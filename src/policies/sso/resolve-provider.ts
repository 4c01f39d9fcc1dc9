// The organisation's provider with its client secret unsealed, or why there is none.
import type { SecretBox } from '../../platform/crypto/secret-box.ts';
import type { OrgId } from '../../platform/ids.ts';
import type { IssuerGuard } from './issuer-guard.ts';
import type { OidcProvider } from './oidc-client.ts';
import { SsoFailure } from './sso-failure.ts';
import { clientSecretAad, type SsoSettings } from '../../settings/index.ts';

/** The provider with the guard that every request to it goes through (issuer-guard.ts). */
export function resolveProvider(sso: SsoSettings, orgId: OrgId, box: SecretBox, guard: IssuerGuard): OidcProvider {
  if (!sso.enabled || !sso.issuer || !sso.clientId || !sso.clientSecretSealed) throw new SsoFailure('not_configured');
  try {
    return { issuer: sso.issuer, clientId: sso.clientId, clientSecret: box.open(sso.clientSecretSealed, clientSecretAad(orgId)), fetch: guard.fetch };
  } catch (cause) {
    throw new SsoFailure('server_misconfigured', { cause });
  }
}

// Whether the login page offers single sign-on for an organisation, and with which label. A
// public question, so it tells no more than the start endpoint would: an unknown organisation
// and one without a usable provider get the same answer. Nothing is unsealed and no provider is
// contacted here (an unreachable provider is the start's `idp_unavailable`).
import type { SsoDeps } from './sso-deps.ts';
import { parseSsoSettings } from '../../settings/index.ts';

export type SsoDiscovery = { enabled: boolean; buttonLabel: string | null };

const NOT_OFFERED: SsoDiscovery = { enabled: false, buttonLabel: null };

export function createDiscoverSso(deps: Pick<SsoDeps, 'accounts' | 'settings'>) {
  return async function discoverSso(input: { organization: string }): Promise<SsoDiscovery> {
    const org = await deps.accounts.findOrganizationBySlug(input.organization.trim().toLowerCase());
    if (!org) return NOT_OFFERED;
    const sso = parseSsoSettings((await deps.settings(org.id)).sso);
    // The same conditions as resolveProvider's not_configured: offer only what start can begin.
    if (!sso.enabled || !sso.issuer || !sso.clientId || !sso.clientSecretSealed) return NOT_OFFERED;
    return { enabled: true, buttonLabel: sso.buttonLabel ?? null };
  };
}

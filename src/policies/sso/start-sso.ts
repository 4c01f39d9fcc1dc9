// Starting an SSO sign-in: the organisation's provider → a fresh state, nonce and PKCE verifier
// stored as a single-use flow (10 minutes) → the authorization URL. The caller binds the state
// to the browser (a cookie), so a callback only completes in the browser that started it
// (login CSRF, RFC 6749 §10.12).
import type { OrgId, UserId } from '../../platform/ids.ts';
import type { AttemptPolicy } from '../../platform/rate-limit.ts';
import { IDP_MFA_MAX_AGE_S } from './decide-sso-session.ts';
import { buildAuthorizationUrl, newFlowSecrets } from './oidc-client.ts';
import { resolveProvider } from './resolve-provider.ts';
import type { SsoDeps } from './sso-deps.ts';
import { SsoFailure } from './sso-failure.ts';
import { parseSsoSettings } from '../../settings/index.ts';
import { insertFlow } from './sso.store.ts';
import { budgetAddress } from '../../platform/budget-address.ts';

/** How long the user has at the identity provider. */
const SSO_FLOW_TTL_MS = 10 * 60_000;

/**
 * Starts per client address: each one fetches the provider's discovery document and stores a
 * flow, so an anonymous caller must not be able to make Signoff do that without bound. 30 in
 * ten minutes, then one a minute; every start counts, successful or not.
 */
const SSO_START_POLICY: AttemptPolicy = { delays: [...Array.from({ length: 30 }, () => 0), 60_000], windowMs: 10 * 60_000, onSuccess: 'refund' };

export function createStartSso(deps: SsoDeps) {
  return async function startSso(input: { organization: string; redirectUri: string; ip: string }): Promise<{ url: string; state: string; orgId: OrgId }> {
    const budget = await deps.limiter.reserve([{ key: `sso:start:${budgetAddress(input.ip)}`, policy: SSO_START_POLICY }]);
    await budget.release('failure');
    const org = await deps.accounts.findOrganizationBySlug(input.organization.trim().toLowerCase());
    if (!org) throw new SsoFailure('not_configured');
    const sso = parseSsoSettings((await deps.settings(org.id)).sso);
    const provider = resolveProvider(sso, org.id, deps.secretBox, deps.issuerGuard);
    const flow = await newFlowSecrets();
    // In require_idp_mfa mode the IdP must say when the user authenticated (OIDC Core §3.1.2.1:
    // with max_age, auth_time is required), and re-authenticate them if that is too long ago.
    const maxAge = sso.twoFactor === 'require_idp_mfa' ? IDP_MFA_MAX_AGE_S : undefined;
    const url = await buildAuthorizationUrl(provider, { redirectUri: input.redirectUri, ...flow, maxAge });
    const now = deps.clock.now();
    await insertFlow(deps.db, { ...flow, orgId: org.id, purpose: 'login', now, expiresAt: now + SSO_FLOW_TTL_MS });
    return { url: url.href, state: flow.state, orgId: org.id };
  };
}

/**
 * Re-authentication at the provider for an e-signature (21 CFR 11.200; docs/guide.md §7): a flow
 * bound to the signed-in user, with `prompt=login` and `max_age=0`, so the provider asks for
 * the credentials again whatever session it holds.
 */
export function createStartReauth(deps: SsoDeps) {
  return async function startReauth(input: { orgId: OrgId; userId: UserId; redirectUri: string }): Promise<{ url: string; state: string }> {
    const sso = parseSsoSettings((await deps.settings(input.orgId)).sso);
    const provider = resolveProvider(sso, input.orgId, deps.secretBox, deps.issuerGuard);
    const flow = await newFlowSecrets();
    const url = await buildAuthorizationUrl(provider, { redirectUri: input.redirectUri, ...flow, maxAge: 0, prompt: 'login' });
    const now = deps.clock.now();
    await insertFlow(deps.db, { ...flow, orgId: input.orgId, purpose: 'reauth', userId: input.userId, now, expiresAt: now + SSO_FLOW_TTL_MS });
    return { url: url.href, state: flow.state };
  };
}

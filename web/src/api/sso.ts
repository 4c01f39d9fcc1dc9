// Single sign-on (OpenID Connect). Discovery is JSON; the sign-in itself is a full-page
// navigation to the server, which redirects to the identity provider and back.
import { api } from './client.ts';

export type SsoDiscovery = { enabled: boolean; buttonLabel: string | null };

export const discoverSso = (organization: string) => api.get<SsoDiscovery>(`/auth/sso/discover?${new URLSearchParams({ organization }).toString()}`);

/** Where the browser goes to start the sign-in (not a fetch: the server answers with a redirect). */
export const ssoStartUrl = (organization: string) => `/api/v1/auth/sso/start?${new URLSearchParams({ organization }).toString()}`;

/**
 * Where the browser goes to sign in again at the identity provider before an e-signature (not a
 * fetch: the server redirects to the provider with prompt=login, max_age=0). It comes back at
 * `returnTo#reauth=<token>`, or `returnTo#reauth_error=<code>` when refused.
 */
export const ssoReauthenticateUrl = (returnTo: string) => `/api/v1/auth/sso/reauthenticate?${new URLSearchParams({ returnTo }).toString()}`;

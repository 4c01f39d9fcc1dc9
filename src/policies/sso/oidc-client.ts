// The one importer of openid-client: discovery, the authorization URL (code flow, PKCE S256,
// state, nonce) and the code exchange with every check openid-client makes (issuer, audience,
// signature, expiry, nonce, state, PKCE, RFC 9207 `iss`). Library failures become an
// SsoFailure here, at the boundary that owns the library (docs/architecture.md error model 5).
// Loaded on first use: most deployments never sign in through SSO (issue 14, idle memory).
import type * as Oidc from 'openid-client';
import type { IssuerGuard } from './issuer-guard.ts';
import { SsoFailure } from './sso-failure.ts';

/** `fetch` carries every request to the provider (discovery, token, userinfo, JWKS): the SSRF guard. */
export type OidcProvider = { issuer: string; clientId: string; clientSecret: string; fetch: IssuerGuard['fetch'] };
export type OidcIdentity = {
  issuer: string;
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  amr: string[];
  authTime: number | undefined;
  issuedAt: number;
};

/** Scopes asked for: the subject, the email to link by, and the name. */
const SSO_SCOPE = 'openid email profile';

/** openid-client refuses plain http; the guard lets it through only to SIGNOFF_SSO_ALLOW_HOSTS. */
const isPlainHttp = (issuer: string) => new URL(issuer).protocol === 'http:';
const openidClient = () => import('openid-client');

async function discover(p: OidcProvider): Promise<Oidc.Configuration> {
  const oidc = await openidClient();
  try {
    return await oidc.discovery(new URL(p.issuer), p.clientId, undefined, oidc.ClientSecretBasic(p.clientSecret), {
      execute: isPlainHttp(p.issuer) ? [oidc.allowInsecureRequests] : [],
      timeout: 10,
      [oidc.customFetch]: p.fetch as Oidc.CustomFetch,
    });
  } catch (cause) {
    throw new SsoFailure('idp_unavailable', { cause });
  }
}

/** The provider's discovery document (Admin → Single sign-on → "Test the connection"): no client secret needed. */
export async function discoverProviderMetadata(p: Pick<OidcProvider, 'issuer' | 'clientId' | 'fetch'>): Promise<Oidc.ServerMetadata> {
  const oidc = await openidClient();
  try {
    const config = await oidc.discovery(new URL(p.issuer), p.clientId || 'signoff-connection-test', undefined, oidc.None(), {
      execute: isPlainHttp(p.issuer) ? [oidc.allowInsecureRequests] : [],
      timeout: 10,
      [oidc.customFetch]: p.fetch as Oidc.CustomFetch,
    });
    return config.serverMetadata();
  } catch (cause) {
    throw new SsoFailure('idp_unavailable', { cause });
  }
}

export async function buildAuthorizationUrl(
  p: OidcProvider,
  req: { redirectUri: string; state: string; nonce: string; codeVerifier: string; maxAge?: number | undefined; prompt?: 'login' | undefined },
): Promise<URL> {
  const [oidc, config] = await Promise.all([openidClient(), discover(p)]);
  return oidc.buildAuthorizationUrl(config, {
    redirect_uri: req.redirectUri,
    scope: SSO_SCOPE,
    response_type: 'code',
    state: req.state,
    nonce: req.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(req.codeVerifier),
    code_challenge_method: 'S256',
    ...(req.maxAge !== undefined ? { max_age: String(req.maxAge) } : {}),
    ...(req.prompt ? { prompt: req.prompt } : {}),
  });
}

/** Exchanges the code; the verified ID token's claims, completed from userinfo when it lacks the email. */
export async function exchangeCode(p: OidcProvider, callbackUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<OidcIdentity> {
  const [oidc, config] = await Promise.all([openidClient(), discover(p)]);
  let tokens: Awaited<ReturnType<typeof Oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      pkceCodeVerifier: checks.codeVerifier,
      idTokenExpected: true,
    });
  } catch (cause) {
    throw new SsoFailure(cause instanceof oidc.AuthorizationResponseError ? 'idp_refused' : 'token_invalid', { cause });
  }
  const claims = tokens.claims();
  if (!claims) throw new SsoFailure('token_invalid');
  let email = typeof claims.email === 'string' ? claims.email : undefined;
  let verified = claims.email_verified === true;
  if (email === undefined) {
    try {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      email = typeof info.email === 'string' ? info.email : undefined;
      verified = info.email_verified === true;
    } catch (cause) {
      throw new SsoFailure('token_invalid', { cause });
    }
  }
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string') : [];
  return {
    issuer: claims.iss,
    subject: claims.sub,
    email,
    emailVerified: verified,
    amr,
    authTime: typeof claims.auth_time === 'number' ? claims.auth_time : undefined,
    issuedAt: claims.iat,
  };
}

/** A new flow's state, nonce and PKCE code verifier. */
export async function newFlowSecrets(): Promise<{ state: string; nonce: string; codeVerifier: string }> {
  const oidc = await openidClient();
  return { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
}

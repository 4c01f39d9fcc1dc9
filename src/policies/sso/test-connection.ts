// "Test the connection" (Admin → Single sign-on): before anyone depends on it, an admin checks
// that the issuer may be reached (the same SSRF guard as every sign-in: issuer-guard.ts) and
// that it answers with an OpenID Connect discovery document naming itself. Nothing is stored
// and nothing changes; the answer says which stage failed, in words an admin can act on.
import type { OrgId } from '../../platform/ids.ts';
import { IssuerRefused } from './issuer-guard.ts';
import { discoverProviderMetadata } from './oidc-client.ts';
import type { SsoDeps } from './sso-deps.ts';
import { parseSsoSettings } from '../../settings/index.ts';

export type SsoConnectionTest =
  | { ok: true; issuer: string; authorizationEndpoint: string | null; tokenEndpoint: string | null; detail: string }
  | { ok: false; issuer: string | null; stage: 'settings' | 'address' | 'discovery'; detail: string };

/** The innermost message of a failure chain (openid-client wraps the fetch's). */
function describeCause(err: unknown): string {
  let e: unknown = err;
  let message = '';
  for (let depth = 0; e instanceof Error && depth < 5; depth++) {
    if (e instanceof IssuerRefused) return e.detail;
    if (e.message) message = e.message;
    e = e.cause;
  }
  return message || 'no answer';
}

export function createTestSsoConnection(deps: Pick<SsoDeps, 'settings' | 'issuerGuard'>) {
  /** Tests `issuer` when given (a value not saved yet), else the stored one. */
  return async function testConnection(orgId: OrgId, input: { issuer?: string | undefined; clientId?: string | undefined }): Promise<SsoConnectionTest> {
    const stored = parseSsoSettings((await deps.settings(orgId)).sso);
    const issuer = input.issuer ?? stored.issuer;
    if (!issuer) return { ok: false, issuer: null, stage: 'settings', detail: 'Enter the issuer URL of your identity provider first.' };
    try {
      await deps.issuerGuard.checkIssuer(issuer);
    } catch (err) {
      if (!(err instanceof IssuerRefused)) throw err;
      return { ok: false, issuer, stage: 'address', detail: err.detail };
    }
    try {
      const metadata = await discoverProviderMetadata({ issuer, clientId: input.clientId ?? stored.clientId ?? '', fetch: deps.issuerGuard.fetch });
      return {
        ok: true,
        issuer,
        authorizationEndpoint: metadata.authorization_endpoint ?? null,
        tokenEndpoint: metadata.token_endpoint ?? null,
        detail: `${issuer} answered with its OpenID Connect discovery document.`,
      };
    } catch (err) {
      return { ok: false, issuer, stage: 'discovery', detail: `${issuer} did not answer with an OpenID Connect discovery document: ${describeCause(err)}.` };
    }
  };
}

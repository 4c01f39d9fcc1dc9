// Single sign-on with OpenID Connect (docs/guide.md §1, §4; docs/security.md F10, F11): the
// organisation's provider, the sign-in flow (start → callback) and whether SSO stands in for
// the local login prompt. SSO never reaches step-up: protected steps verify a fresh local
// factor whatever the sign-in method.
import { createCompleteSso } from './complete-sso.ts';
import { createDiscoverSso } from './discover-sso.ts';
import type { SsoDeps } from './sso-deps.ts';
import { createStartReauth, createStartSso } from './start-sso.ts';
import { createSsoSettings } from './update-sso-settings.ts';
import { createTestSsoConnection } from './test-connection.ts';

export type { SsoDeps } from './sso-deps.ts';
export { SsoFailure } from './sso-failure.ts';
export { ssoSettingsInputObjectSchema, ssoInputRule, ssoSettingsViewSchema, toSsoSettingsView } from '../../settings/index.ts';
export { createIssuerGuard, type Resolver } from './issuer-guard.ts';

export function createSso(deps: SsoDeps) {
  const settings = createSsoSettings(deps);
  return {
    discover: createDiscoverSso(deps),
    start: createStartSso(deps),
    startReauth: createStartReauth(deps),
    complete: createCompleteSso(deps),
    getSettings: settings.getSsoSettings,
    updateSettings: settings.updateSsoSettings,
    /** Reachability and discovery of an issuer through the SSRF guard; stores nothing. */
    testConnection: createTestSsoConnection(deps),
  };
}

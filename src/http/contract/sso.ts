// API.md "Setup and login" — single sign-on (OpenID Connect). Start and callback are browser
// redirects, not JSON: a refusal comes back to the login page as `/login?sso_error=<code>`.
import { z } from 'zod';

/**
 * The organisation, for the start redirect and for the login page asking whether to offer SSO
 * (discovery: an unknown organisation answers like one without SSO).
 */
export const ssoStartQuerySchema = z.object({ organization: z.string().trim().min(1).max(100) });
export const ssoDiscoverySchema = z.object({ enabled: z.boolean(), buttonLabel: z.string().nullable() }).strict();

/** The authorization response (RFC 6749 §4.1.2, RFC 9207 `iss`); every field optional so a bad one lands on the login page, not a 400. */
export const ssoCallbackQuerySchema = z
  .object({
    code: z.string().max(4096).optional(),
    state: z.string().max(512).optional(),
    iss: z.string().max(2048).optional(),
    error: z.string().max(256).optional(),
    error_description: z.string().max(2048).optional(),
  })
  .passthrough();

/** The `sso_error` values the login page explains. `internal_error`: an unexpected failure, logged. */
export type SsoErrorCode =
  | 'not_configured'
  | 'idp_unavailable'
  | 'invalid_state'
  | 'idp_refused'
  | 'token_invalid'
  | 'unknown_user'
  | 'server_misconfigured'
  | 'too_many_attempts'
  | 'internal_error';

/** POST /admin/sso/test: an issuer not saved yet (else the stored one) is checked and its discovery document fetched. */
export const ssoTestBodySchema = z
  .object({ issuer: z.string().trim().min(1).max(500).optional(), clientId: z.string().trim().min(1).max(255).optional() })
  .strict();
export const ssoTestResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), issuer: z.string(), authorizationEndpoint: z.string().nullable(), tokenEndpoint: z.string().nullable(), detail: z.string() }),
  z.object({ ok: z.literal(false), issuer: z.string().nullable(), stage: z.enum(['settings', 'address', 'discovery']), detail: z.string() }),
]);

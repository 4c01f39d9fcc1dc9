// Single sign-on settings of an organisation (docs/guide.md §1, §4). Three shapes of one setting:
//   stored  what `settings.sso` holds: the client secret only sealed (AES-256-GCM, bound to the org)
//   input   what an admin sends: the client secret in clear, write-only, optional to keep the old one
//   view    what an admin reads back: never the secret, only whether one is set
// The issuer's form is checked here (an absolute http(s) URL without credentials, query or
// fragment); whether it may be reached (https, its addresses public, or listed in
// SIGNOFF_SSO_ALLOW_HOSTS) is the issuer guard's, at save time and again at every connection.
import { z } from 'zod';
import type { SecretBox } from '../platform/crypto/secret-box.ts';
import type { OrgId } from '../platform/ids.ts';

const parseUrl = (value: string): URL | undefined => {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
};

const issuerSchema = z
  .string()
  .trim()
  .max(500)
  .superRefine((value, ctx) => {
    const url = parseUrl(value);
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) ctx.addIssue({ code: 'custom', message: 'The issuer must be an https URL' });
    else if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'The issuer URL must not contain credentials' });
    else if (url.search || url.hash) ctx.addIssue({ code: 'custom', message: 'The issuer URL must not have a query or fragment' });
  });

/** `bypass`: SSO stands in for the login prompt; `require_idp_mfa`: only when the IdP asserts MFA; `local`: always the local decision. */
const ssoTwoFactorSchema = z.enum(['bypass', 'require_idp_mfa', 'local']);
export type SsoTwoFactor = z.infer<typeof ssoTwoFactorSchema>;

const common = {
  enabled: z.boolean(),
  issuer: issuerSchema.optional(),
  clientId: z.string().trim().min(1).max(255).optional(),
  twoFactor: ssoTwoFactorSchema,
  buttonLabel: z.string().trim().min(1).max(60).optional(),
};

/** The stored form: the schema for `settingsSchema.sso`. An empty document means "not configured". */
export const ssoSettingsSchema = z.object({ ...common, clientSecretSealed: z.string().max(2000).optional() }).strict();
export type SsoSettings = z.infer<typeof ssoSettingsSchema>;

export const DEFAULT_SSO_SETTINGS: SsoSettings = { enabled: false, twoFactor: 'local' };

/** What an admin sends. `clientSecret` is write-only: absent keeps the stored one. */
export const ssoSettingsInputObjectSchema = z.object({ ...common, clientSecret: z.string().min(1).max(1000).optional() }).strict();
/** An enabled SSO names its provider (the secret is checked against what is stored). */
export const ssoInputRule: [
  (s: { enabled: boolean; issuer?: string | undefined; clientId?: string | undefined }) => boolean,
  { message: string; path: string[] },
] = [(s) => !s.enabled || Boolean(s.issuer && s.clientId), { message: 'An enabled SSO needs an issuer and a client id', path: ['issuer'] }];
export type SsoSettingsInput = z.infer<typeof ssoSettingsInputObjectSchema>;

/** What an admin reads: everything but the secret. */
export const ssoSettingsViewSchema = z.object({ ...common, clientSecretSet: z.boolean() }).strict();
export type SsoSettingsView = z.infer<typeof ssoSettingsViewSchema>;

/** `settings.sso` as stored today (an open object until settingsSchema uses ssoSettingsSchema). */
export function parseSsoSettings(stored: unknown): SsoSettings {
  const parsed = ssoSettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_SSO_SETTINGS;
}

export function toSsoSettingsView(s: SsoSettings): SsoSettingsView {
  const { clientSecretSealed, ...rest } = s;
  return { ...rest, clientSecretSet: clientSecretSealed !== undefined };
}

/** The additional data that binds a sealed client secret to its organisation. */
export const clientSecretAad = (orgId: OrgId) => `sso-client-secret:${orgId}`;

/** The input, sealed over what was stored before (a missing secret keeps the old one). */
export function sealSsoSettings(input: SsoSettingsInput, before: SsoSettings, box: SecretBox | undefined, orgId: OrgId): SsoSettings {
  const { clientSecret, ...rest } = input;
  if (clientSecret !== undefined && !box) throw new TypeError('no secret box to seal the client secret with');
  const sealed = clientSecret !== undefined ? box!.seal(clientSecret, clientSecretAad(orgId)) : before.clientSecretSealed;
  return ssoSettingsSchema.parse({ ...rest, ...(sealed !== undefined ? { clientSecretSealed: sealed } : {}) });
}

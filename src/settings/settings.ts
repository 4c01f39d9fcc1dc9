// Organisation settings (API.md "Administration"): one zod schema with every default, read
// through typed accessors. Stored as JSON text on the organisation; whatever is stored is
// merged over the defaults, so a setting added later has its default for existing orgs.
import { z } from 'zod';
import { METHODS } from '../http/contract/methods.ts';
import { BoundedMap } from '../platform/bounded-map.ts';
import { DEFAULT_SSO_SETTINGS, ssoSettingsSchema } from './sso-settings.ts';

const scopeSchema = z
  .object({
    everyone: z.boolean().optional(),
    userTypes: z
      .array(z.enum(['staff', 'client', 'contractor']))
      .max(3)
      .optional(),
    roles: z
      .array(z.enum(['admin', 'owner', 'reviewer']))
      .max(3)
      .optional(),
    groups: z.array(z.string().max(64)).max(500).optional(),
    users: z.array(z.string().max(64)).max(10_000).optional(),
  })
  .strict();
export type Scope = z.infer<typeof scopeSchema>;

const methodSchema = z.enum(METHODS);

export const settingsSchema = z
  .object({
    enrollmentMode: z.enum(['self_service', 'admin_controlled']),
    loginTwoFactor: z.object({ scope: scopeSchema }).strict(),
    enforcement: z.object({ mode: z.enum(['off', 'soft', 'hard']), scope: scopeSchema }).strict(),
    trustedDevices: z.object({ enabled: z.boolean(), days: z.number().int().min(1).max(365) }).strict(),
    recovery: z.enum(['email', 'admin']),
    stepUpMethods: z.array(methodSchema).min(1).max(METHODS.length),
    sso: ssoSettingsSchema,
    financialIntegration: z.object({ connected: z.boolean() }).strict(),
    // Who receives every signed audit checkpoint by email (outside the database an owner controls).
    audit: z
      .object({
        witnesses: z
          .array(z.string().trim().toLowerCase().max(254).email())
          .max(10)
          .refine((list) => new Set(list).size === list.length, { message: 'each witness once' }),
      })
      .strict(),
  })
  .strict();
export type OrgSettings = z.infer<typeof settingsSchema>;

/** The documented defaults: 2FA for those who enrolled, self-service, 30-day trusted devices. */
const DEFAULT_SETTINGS: OrgSettings = {
  enrollmentMode: 'self_service',
  loginTwoFactor: { scope: {} },
  enforcement: { mode: 'off', scope: {} },
  trustedDevices: { enabled: true, days: 30 },
  recovery: 'email',
  // Every method counts at protected steps until an admin narrows it.
  stepUpMethods: [...METHODS],
  sso: DEFAULT_SSO_SETTINGS,
  financialIntegration: { connected: false },
  audit: { witnesses: [] },
};

/** A PATCH body: any top-level part, each replaced whole; SSO has its own call (its secret is sealed). */
export const settingsPatchSchema = settingsSchema.omit({ sso: true }).partial();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** Stored JSON over the defaults; a damaged document falls back to the defaults part by part. */
// Settings are read on most requests and change rarely: the parse of each stored text is kept
// (a handful of organisations per instance; bounded all the same), deep-frozen so no caller can
// change another's copy. A changed row is a new text, so no invalidation is needed.
const parsed = new BoundedMap<string, OrgSettings>(256);

export const parseSettings = (json: string | undefined): OrgSettings => parsed.getOrMake(json ?? '', parseStored);

function parseStored(json: string): OrgSettings {
  let stored: Record<string, unknown> = {};
  try {
    stored = json ? (JSON.parse(json) as Record<string, unknown>) : {};
  } catch {
    stored = {};
  }
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof OrgSettings)[]) {
    const part = settingsSchema.shape[key].safeParse(stored[key]);
    if (part.success) merged[key] = part.data;
  }
  return deepFreeze(merged as OrgSettings);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

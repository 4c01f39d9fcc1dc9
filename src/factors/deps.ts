import type { Accounts } from '../accounts/index.ts';
import type { Audit } from '../audit/index.ts';
import type { Mail } from '../mail/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { SecretBox } from '../platform/crypto/secret-box.ts';
import type { Db } from '../platform/db/connect.ts';
import type { OrgId, UserId } from '../platform/ids.ts';
import type { RateLimiter } from '../platform/rate-limit.ts';

/** The organisation settings this domain reads (policies owns them; main.ts wires the reader). */
type FactorSettings = {
  enrollmentMode: 'self_service' | 'admin_controlled';
  trustedDevices: { enabled: boolean; days: number };
  recovery: 'email' | 'admin';
};

export type FactorsDeps = {
  db: Db;
  clock: Clock;
  audit: Audit;
  mail: Mail;
  limiter: RateLimiter;
  accounts: Accounts;
  /** AES-256-GCM for TOTP secrets (SIGNOFF_SECRET_KEY). */
  secretBox: SecretBox;
  /** HMAC key for short-lived codes and device tokens. */
  hmacKey: Uint8Array;
  config: { siteName: string; baseUrl: string };
  settings(orgId: OrgId): Promise<FactorSettings>;
  /** Whether an organisation policy requires this user to have 2FA (policies owns scopes). */
  requiresTwoFactor(orgId: OrgId, userId: UserId): Promise<boolean>;
  /** requiresTwoFactor as a test of members already read, many at once (the admin's enrollment lists). */
  twoFactorRequirement(orgId: OrgId): Promise<(member: { id: UserId; userType: string; roles: readonly string[]; groupIds: readonly string[] }) => boolean>;
  webauthn: { rpId: string; rpName: string; origin: string };
  /**
   * Whether the organisation has an e-signature step (workflows owns definitions; main.ts wires
   * it): then an admin's reset of a user's second factors needs a second admin (21 CFR 11.200(a)(3)).
   */
  hasSignatureSteps(orgId: OrgId): Promise<boolean>;
};

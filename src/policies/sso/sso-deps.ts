import type { Accounts } from '../../accounts/index.ts';
import type { Audit } from '../../audit/index.ts';
import type { Factors } from '../../factors/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { SecretBox } from '../../platform/crypto/secret-box.ts';
import type { RateLimiter } from '../../platform/rate-limit.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { OrgId, UserId } from '../../platform/ids.ts';
import type { OrgSettings } from '../../settings/index.ts';
import type { SessionGate } from './decide-sso-session.ts';
import type { IssuerGuard } from './issuer-guard.ts';

/** What single sign-on needs; policies/index.ts builds it from its own deps. */
export type SsoDeps = {
  db: Db;
  clock: Clock;
  audit: Audit;
  accounts: Accounts;
  settings(orgId: OrgId): Promise<OrgSettings>;
  /** The local sign-in decision (policies' decideSessionState). */
  decide(orgId: OrgId, userId: UserId, deviceToken: string | undefined): Promise<SessionGate>;
  /** A fresh second factor before a settings change (factors owns it). */
  withFreshFactor: Factors['withFreshFactor'];
  /** Seals the client secret (SIGNOFF_SECRET_KEY); undefined until main.ts passes it: SSO then refuses to store or use a secret. */
  secretBox: SecretBox;
  /** Budgets for the public start (each one contacts the provider and stores a flow). */
  limiter: RateLimiter;
  /** Every request to an issuer, and the save-time check of one (SSRF guard, SIGNOFF_SSO_ALLOW_HOSTS). */
  issuerGuard: IssuerGuard;
};

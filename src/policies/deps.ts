import type { Accounts } from '../accounts/index.ts';
import type { Audit } from '../audit/index.ts';
import type { Factors } from '../factors/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { SecretBox } from '../platform/crypto/secret-box.ts';
import type { Db } from '../platform/db/connect.ts';
import type { RateLimiter } from '../platform/rate-limit.ts';
import type { Resolver } from './sso/index.ts';

export type PoliciesDeps = {
  db: Db;
  clock: Clock;
  audit: Audit;
  accounts: Accounts;
  factors: Factors;
  secretBox: SecretBox;
  limiter: RateLimiter;
  /** SIGNOFF_SSO_ALLOW_HOSTS, and a resolver for tests (the system's otherwise). */
  sso?: { allowHosts: readonly string[]; resolve?: Resolver | undefined } | undefined;
};

// What the HTTP layer is handed by the composition root.
import type { Accounts } from '../accounts/index.ts';
import type { Audit } from '../audit/index.ts';
import type { Checkpoints, Evidence, Keyring } from '../evidence/index.ts';
import type { Factors } from '../factors/index.ts';
import type { Mail } from '../mail/index.ts';
import type { Policies } from '../policies/index.ts';
import type { Workflows } from '../workflows/index.ts';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/connect.ts';
import type { Metrics } from '../platform/metrics.ts';

export type AppServices = {
  db: Db;
  accounts: Accounts;
  audit: Audit;
  mail: Mail;
  metrics: Metrics;
  factors: Factors;
  policies: Policies;
  workflows: Workflows;
  keyring: Keyring;
  checkpoints: Checkpoints;
  evidence: Evidence;
};
export type AppConfig = Pick<Config, 'baseUrl' | 'trustProxy' | 'session' | 'mail' | 'siteName' | 'logLevel' | 'metrics'> & { webRoot?: string | undefined };

/** Standard responses every route may give besides its success. */
import { problemSchema } from './contract/common.ts';
export const problems = { '4XX': problemSchema, '5XX': problemSchema } as const;

import type { Accounts } from '../accounts/index.ts';
import type { Audit } from '../audit/index.ts';
import type { Factors } from '../factors/index.ts';
import type { Mail } from '../mail/index.ts';
import type { Policies } from '../policies/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db/connect.ts';
import type { RateLimiter } from '../platform/rate-limit.ts';
import type { SealKeys, Signatures } from '../signatures/index.ts';

export type WorkflowsDeps = {
  db: Db;
  clock: Clock;
  audit: Audit;
  mail: Mail;
  accounts: Accounts;
  factors: Factors;
  policies: Pick<Policies, 'settings'>;
  signatures: Signatures;
  /** Ed25519 evidence keys: every vote is sealed with the current one (vote-seal.ts). */
  sealKeys: SealKeys;
  /** Guest code budgets: sends and wrong codes per invite (guests/guest-sessions.ts). */
  limiter: RateLimiter;
  /** HMAC key for guest link and guest session tokens and codes. */
  hmacKey: Uint8Array;
  config: {
    baseUrl: string;
    siteName: string;
    dataDir: string;
    uploadMaxBytes: number;
    inviteTtlMs: number;
    /** Mail is readable in the development mailbox (the signature report says so). */
    devMailbox?: boolean | undefined;
    /** Uploads not attached to an item yet, per user (count and bytes). */
    uploadPendingMax: { count: number; bytes: number };
    /** Free space the data directory keeps; below it uploads answer 507 insufficient_storage. */
    minFreeBytes: number;
  };
};

import type { Audit } from '../audit/index.ts';
import type { Mail } from '../mail/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db/connect.ts';
import type { RateLimiter } from '../platform/rate-limit.ts';

/** What the accounts domain needs from the composition root; nothing more. */
export type AccountsDeps = {
  db: Db;
  clock: Clock;
  audit: Audit;
  mail: Mail;
  limiter: RateLimiter;
  /** Key for HMACs (CSRF tokens, known-device cookies), derived from SIGNOFF_SECRET_KEY. */
  hmacKey: Uint8Array;
  config: { baseUrl: string; siteName: string; session: { idleMs: number; absoluteMs: number } };
};

import type { Audit } from '../audit/index.ts';
import type { Mail } from '../mail/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { AliasableExpression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Db } from '../platform/db/connect.ts';
import type { DB } from '../platform/db/tables.ts';
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
  /**
   * Whether the session's user is enrolled in a second factor, as a condition the session's
   * statement includes (the factors module writes it: its tables, its meaning), asked for when
   * the first session is resolved. The requests that need it (the session read, hard
   * enforcement) then need no statement of their own.
   */
  enrolledWhen(): EnrolledCondition;
};

/** A condition on the session's user (`sessions.user_id`) inside the session's statement. */
export type EnrolledCondition = (eb: ExpressionBuilder<DB, 'sessions'>) => AliasableExpression<SqlBool>;

// Rows that stopped working are deleted some time after (platform/db/expired-rows.ts): the
// sweep finds each table's rows by the time its rule reads, through these indexes, instead of
// reading the whole table at each pass. Sessions have theirs since 0025.
import type { Kysely } from 'kysely';

const EXPIRY_INDEXES: [index: string, table: string, column: string][] = [
  ['challenges_expires_idx', 'challenges', 'expires_at'],
  ['password_tokens_expires_idx', 'password_tokens', 'expires_at'],
  ['guest_sessions_expires_idx', 'guest_sessions', 'expires_at'],
  ['sso_flows_expires_idx', 'sso_flows', 'expires_at'],
  ['trusted_devices_expires_idx', 'trusted_devices', 'expires_at'],
  ['totp_accepted_steps_accepted_idx', 'totp_accepted_steps', 'accepted_at'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [index, table, column] of EXPIRY_INDEXES) await db.schema.createIndex(index).on(table).column(column).execute();
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}

// Ended sessions are deleted some time after they expire (accounts/sessions.ts, the session
// sweep): a row holds a token's hash, an address and a user agent, and the audit trail already
// records every sign-in with its address. The sweep finds them by expiry through this index
// instead of reading the whole table at each pass.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}

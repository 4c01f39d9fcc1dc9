// A user's sessions are only ever looked up live (every session of a user ended at a password
// reset, a deactivation or an admin's reset; no user is ever deleted, so no foreign-key check
// reads them either: 0017), and 0023's partial index on the live sessions begins with the user.
// The index on every session's user is one B-tree more for each session a sign-in, a second
// step or a cookie's decision writes, and no read needs it.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sessions_user_idx').execute();
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}

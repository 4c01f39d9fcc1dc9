// The TOTP replay record repeated what the factor's row already guarantees (docs/security.md A4,
// A5): a step is spent by one conditional UPDATE of factors.last_used_step, which only moves
// forward, and a user holds one active authenticator app at a time (confirming a new one deletes
// the old, whose rows of this table went with it). Every sign-in and decision wrote a row and
// four pages for it; nothing read it but the sweep that deleted it a day later.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('totp_accepted_steps').execute();
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}

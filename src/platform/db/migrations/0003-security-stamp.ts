// A security stamp per user (the ASP.NET Identity idea, whose omission was aspnetcore #21985):
// it changes whenever the user's credentials or standing change (password reset,
// deactivation), and a trusted device remembers the stamp it was issued under, so such a
// change invalidates every trusted device at once without accounts knowing about devices.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('security_stamp', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('trusted_devices')
    .addColumn('security_stamp', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}

// A session that just proved a second factor for a factor or settings change may make further
// such changes for a few minutes without another code (GitHub's "sudo mode"): the end of that
// window is kept on the session row, so it holds across instances and ends with the session.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('privileged_until', 'bigint').execute();
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}

// A session's lineage: the sign-in it descends from. A session is replaced by a new one (a new
// token) at the second step of a sign-in, at a factor's activation and at a cookie's protected
// decision; each successor carries the lineage of the session it replaced. A sign-out ends every
// live session of its session's lineage: a decision that committed while the sign-out waited for
// the user's row had already replaced the session the sign-out was sent with, and its successor
// stayed live until its idle timeout (session 24's planning list). Sessions live when this runs
// start their own lineage; those already ended have none (nothing ends them again). The index
// finds a user's live sessions of one lineage (a sign-out names its user too); partial, as only
// live sessions are ever looked up by lineage.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('lineage_id', 'text').execute();
  await sql`update sessions set lineage_id = id where revoked_at is null`.execute(db);
  await db.schema
    .createIndex('sessions_user_lineage_live_idx')
    .on('sessions')
    .columns(['user_id', 'lineage_id'])
    .where(sql.ref('revoked_at'), 'is', null)
    .execute();
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}

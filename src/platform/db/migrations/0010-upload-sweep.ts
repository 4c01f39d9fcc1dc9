// Uploads not attached to an item within 24 hours are deleted by a periodic sweep, and each
// user's pending uploads are counted against a quota: an index on the upload time serves the
// sweep (the per-user count uses uploads_org_user_idx).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('uploads_created_idx').on('uploads').column('created_at').execute();
}

// Tamper tests play someone with owner rights on the database: they lift the append-only
// triggers of migration 0006 (as an owner can), change rows, and put the triggers back, so
// the hash chain and the signature seal are what must notice.
import { sql, SqliteAdapter, type Kysely } from 'kysely';
import { appendOnlyStatements, type APPEND_ONLY_TABLES } from '../../src/platform/db/migrations/0006-append-only.ts';
import type { CHECKPOINT_TABLE } from '../../src/platform/db/migrations/0007-evidence-keys-checkpoints.ts';
import type { COMMENTS_TABLE } from '../../src/platform/db/migrations/0015-item-comments.ts';

export async function asDatabaseOwner<T>(
  db: Kysely<any>,
  table: (typeof APPEND_ONLY_TABLES)[number] | typeof CHECKPOINT_TABLE | typeof COMMENTS_TABLE,
  work: () => Promise<T>,
): Promise<T> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  if (sqlite) for (const op of ['update', 'delete']) await sql.raw(`DROP TRIGGER ${table}_no_${op}`).execute(db);
  else await sql.raw(`ALTER TABLE ${table} DISABLE TRIGGER ${table}_append_only`).execute(db);
  try {
    return await work();
  } finally {
    if (sqlite) for (const s of appendOnlyStatements(db, table)) await s.execute(db);
    else await sql.raw(`ALTER TABLE ${table} ENABLE TRIGGER ${table}_append_only`).execute(db);
  }
}

// The audit trail and e-signature records are append-only in the database itself (docs/security.md
// J6, 21 CFR 11.10(e)): triggers refuse every UPDATE and DELETE on them, whoever connects as
// the application. The hash chain and the signature seal still detect a change made by someone
// who lifts the triggers with owner rights; the triggers stop it "by ordinary means".
import { sql, SqliteAdapter, type Kysely } from 'kysely';

export const APPEND_ONLY_TABLES = ['audit_entries', 'signatures'] as const;

/** The statements that (re)create the guard on `table` for the dialect of `db`. */
export function appendOnlyStatements(db: Kysely<unknown>, table: string) {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    return ['UPDATE', 'DELETE'].map((op) =>
      sql.raw(`CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`),
    );
  }
  return [sql.raw(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION signoff_append_only()`)];
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    await sql`CREATE FUNCTION signoff_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$`.execute(db);
  }
  for (const table of APPEND_ONLY_TABLES) for (const statement of appendOnlyStatements(db, table)) await statement.execute(db);
}

export async function down(): Promise<void> {
  throw new TypeError('Signoff migrations are forward-only');
}

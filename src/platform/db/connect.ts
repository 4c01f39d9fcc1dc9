// Opens Kysely over better-sqlite3 (embedded default) or pg (PostgreSQL). Nothing else in
// Signoff knows which dialect runs, except the few statements that differ (see `dialect`).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { withStatementCache } from './statement-cache.ts';
import type { DB } from './tables.ts';

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** A store function's required first argument: the database or the caller's transaction. */
export type Executor = Kysely<DB> | Transaction<DB>;
export type Dialect = 'sqlite' | 'postgres';

export type Database = { db: Db; dialect: Dialect; close(): Promise<void> };

// pg returns BIGINT (int8) as strings by default; our epoch-ms timestamps fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));

export function connectDatabase(target: { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string }, opts: { poolSize?: number } = {}): Database {
  if (target.dialect === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
    const sqlite = new SQLite(target.file);
    // WAL lets readers run beside the writer; busy_timeout makes a second process wait for the
    // write lock instead of failing; foreign keys are off by default in SQLite.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: target.url, max: opts.poolSize ?? 10 });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

/** True when the database answers a trivial query (readiness). */
export async function pingDatabase(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

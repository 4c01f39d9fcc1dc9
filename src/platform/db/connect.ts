// Opens Kysely over better-sqlite3 (embedded default) or pg (PostgreSQL). Nothing else in
// Signoff knows which dialect runs, except the few statements that differ (see `dialect`).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, sql, type LogEvent, type Transaction } from 'kysely';
import SQLite, { type Statement } from 'better-sqlite3';
import pg from 'pg';
import { HookedKysely } from './commit-hooks.ts';
import { withNamedStatements } from './named-statements.ts';
import { runsOnSqlite } from './direct-sqlite.ts';
import { GroupCommitDialect, GroupCommitDriver, commitsInGroups, isBusyError } from './group-commit.ts';
import { withStatementCache } from './statement-cache.ts';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.ts';
import type { DB } from './tables.ts';

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** A store function's required first argument: the database or the caller's transaction. */
export type Executor = Kysely<DB> | Transaction<DB>;
export type Dialect = 'sqlite' | 'postgres';

/**
 * `onStatement`: calls `listener` with the SQL of every statement Kysely runs until the returned
 * function is called (tests count a request's statements with it; no listener, no cost).
 */
export type Database = {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
  onStatement(listener: (sql: string, parameters: readonly unknown[]) => void): () => void;
  /**
   * SQLite file: from now on WAL checkpoints run in a worker thread instead of at the commit that
   * fills the WAL (wal-checkpointer.ts); the server turns it on once start-up's writes are done.
   */
  checkpointInBackground?: () => WalCheckpointer;
};

/** Kysely's query log, forwarded to whoever listens (see Database.onStatement). */
function statementListeners() {
  const listeners = new Set<(sql: string, parameters: readonly unknown[]) => void>();
  /** A statement that ran (Kysely's log below, or directly on the connection: direct-sqlite.ts). */
  const ran = (sql: string, parameters: readonly unknown[]) => {
    for (const l of listeners) l(sql, parameters);
  };
  return {
    ran,
    log(event: LogEvent) {
      if (event.level === 'query') ran(event.query.sql, event.query.parameters);
    },
    onStatement(listener: (sql: string, parameters: readonly unknown[]) => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

// pg returns BIGINT (int8) as strings by default; our epoch-ms timestamps fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));

/** How long a SQLite write waits for another connection's write lock before SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;
/** With background checkpoints: the WAL file is trimmed back to this after a burst. */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Every transaction opened with `db.transaction()` runs its before-commit hooks
 * (commit-hooks.ts: the audit trail chains a transaction's entries there).
 */
export function connectDatabase(
  target: { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string },
  opts: { poolSize?: number; busyTimeoutMs?: number } = {},
): Database {
  if (target.dialect === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
    const busyTimeoutMs = opts.busyTimeoutMs ?? SQLITE_BUSY_TIMEOUT_MS;
    // Opening waits for another connection's lock in SQLite's busy handler (better-sqlite3's
    // `timeout`); from then on nothing does: see the busy timeout below.
    const sqlite = new SQLite(target.file, { timeout: busyTimeoutMs });
    // WAL lets readers run beside the writer; foreign keys are off by default in SQLite.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    // Temporary files in memory: with group commit every transaction is a savepoint, and a
    // savepoint that rewrites pages its group dirtied before it journals their old content,
    // spilled past 64 KiB to a temporary file: a protected decision wrote ~46 pages there (two
    // system calls each) beside its ~22 WAL frames (counted with strace in the bench).
    sqlite.pragma('temp_store = MEMORY');
    // What is deleted is overwritten, not only unlinked: a copy of the file must not hold a
    // deleted credential (a sent message's link, migration 0026) in a free page. Rows are rarely
    // deleted here, by the sweeps: the cost is zeroing the pages they free.
    sqlite.pragma('secure_delete = ON');
    // lower() folds every letter, as PostgreSQL's does (and JavaScript's): SQLite's own folds
    // ASCII only, so the searches (people, groups, actor labels, item titles) missed "Ñuño" by
    // "ñu". About 1 µs a call, paid only where a search scans.
    sqlite.function('lower', { deterministic: true }, (text: unknown) => (text === null ? null : String(text).toLowerCase()));
    // No busy handler: it waits inside the call, and so would the event loop (every request),
    // for as long as another process (a CLI command, a bulk import) holds the write lock. A
    // write begins a transaction (group-commit.ts) and waits for the lock on a timer instead, up
    // to `busyTimeoutMs`; in WAL mode a read waits for no lock.
    sqlite.pragma('busy_timeout = 0');
    let checkpointer: WalCheckpointer | undefined;
    const statements = statementListeners();
    const cached = withStatementCache(sqlite);
    const statementsOn = { connection: sqlite, prepare: (text: string) => cached.prepare(text) as Statement, ran: statements.ran };
    // The transactions of one turn of the event loop share one COMMIT (group-commit.ts).
    const driver = new GroupCommitDriver(statementsOn, () => cached.close(), busyTimeoutMs);
    const db = new HookedKysely<DB>({ dialect: new GroupCommitDialect(driver), log: statements.log });
    runsOnSqlite(db, { ...statementsOn, transactionRunning: () => driver.running, writeAlone: (write) => driver.writeAlone(write) });
    commitsInGroups(db, driver);
    return {
      db,
      dialect: 'sqlite',
      // The checkpointer's connection first: the last one to close checkpoints everything and removes the WAL.
      close: async () => {
        await checkpointer?.stop();
        await db.destroy();
      },
      onStatement: statements.onStatement,
      ...(target.file === ':memory:'
        ? {}
        : {
            checkpointInBackground() {
              if (checkpointer) return checkpointer;
              // What is in the WAL now goes into the database file here, so the worker starts only at the first write after.
              sqlite.pragma('wal_checkpoint(TRUNCATE)');
              sqlite.pragma('wal_autocheckpoint = 0');
              sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
              return (checkpointer = startWalCheckpointer(target.file));
            },
          }),
    };
  }
  const pool = new pg.Pool({ connectionString: target.url, max: opts.poolSize ?? 10 });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => {});
  const statements = statementListeners();
  // Each parameterised statement prepared once per connection, under a name (named-statements.ts).
  const db = new HookedKysely<DB>({ dialect: new PostgresDialect({ pool: withNamedStatements(pool) }), log: statements.log });
  return { db, dialect: 'postgres', close: () => db.destroy(), onStatement: statements.onStatement };
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

/**
 * Runs `work` again while SQLite answers busy (a write lock held past the busy timeout by
 * another process: a backup, a bulk import), waiting `delayMs` doubling to 1 s between tries,
 * at most `attempts` times; any other error, or the last busy one, is thrown.
 */
export async function retryWhileBusy<T>(
  work: () => Promise<T>,
  o: { attempts?: number; delayMs?: number; onBusy?: (attempt: number, err: unknown) => void } = {},
): Promise<T> {
  const attempts = o.attempts ?? 30;
  let delay = o.delayMs ?? 50;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!isBusyError(err) || attempt >= attempts) throw err;
      o.onBusy?.(attempt, err);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 1000);
    }
  }
}

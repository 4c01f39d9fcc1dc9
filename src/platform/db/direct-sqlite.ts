// Statements built once (compiled-query.ts) run on the SQLite connection itself where that is
// exactly what Kysely's driver would do, without its path: the executor, the runtime driver and
// the connection's lock are about eight awaits and cost ~15–20 µs of CPU per statement in the
// server, more than SQLite itself takes for most of Signoff's statements. Two cases qualify:
//
// - A statement of one of our transactions (db.transaction(), commit-hooks.ts): the transaction
//   holds the one connection from BEGIN to its end, and Kysely would send the statement to it.
// - A statement outside any transaction, when none runs on the connection. better-sqlite3 runs
//   it synchronously, so it is atomic: it behaves as if it had run just before or just after
//   whatever waits on Kysely's lock. A read may see the open commit group's work, a write joins
//   that group and resolves once it has committed (group-commit.ts). While a transaction runs
//   (awaiting between its statements) everything else waits for the lock through Kysely, as
//   before: run there, a statement would join it.
//
// PostgreSQL, and any statement not built through compiled-query.ts, goes through Kysely.
import type { Database as SqliteConnection, Statement } from 'better-sqlite3';
import type { QueryResult } from 'kysely';

export type DirectSqlite = {
  connection: SqliteConnection;
  /** The connection's statement cache (statement-cache.ts). */
  prepare(sql: string): Statement;
  /** Tells the database's statement listeners, as Kysely's query log does (connect.ts). */
  ran(sql: string, parameters: readonly unknown[]): void;
  /** One of our transactions is running on the connection (group-commit.ts). */
  transactionRunning(): boolean;
  /** Runs a write outside any transaction; resolves once it is committed (group-commit.ts). */
  writeAlone<T>(write: () => T): Promise<T>;
};

const handles = new WeakMap<object, { direct: DirectSqlite; transaction: boolean }>();

/** Marks `db` (a Kysely on SQLite) as one whose statements may run on `direct`. */
export const runsOnSqlite = (db: object, direct: DirectSqlite) => handles.set(db, { direct, transaction: false });

/** A transaction `tx` opened on `db` holds the connection until it ends (commit-hooks.ts calls this). */
export function holdsConnection(db: object, tx: object): void {
  const h = handles.get(db);
  if (h) handles.set(tx, { direct: h.direct, transaction: true });
}

/** The statement's result, run on the connection; undefined when it must go through Kysely (see above). */
export function runDirectly<R>(db: object, sql: string, parameters: readonly unknown[]): QueryResult<R> | Promise<QueryResult<R>> | undefined {
  const h = handles.get(db);
  if (!h || (!h.transaction && h.direct.transactionRunning())) return undefined;
  const statement = h.direct.prepare(sql);
  const run = () => {
    const result = runStatement<R>(statement, parameters);
    // Kysely's log, and so the listeners, see only statements that ran.
    h.direct.ran(sql, parameters);
    return result;
  };
  return h.transaction || statement.readonly ? run() : h.direct.writeAlone(run);
}

/** What Kysely's SqliteConnection.executeQuery answers for `statement`. */
export function runStatement<R>(statement: Statement, parameters: readonly unknown[]): QueryResult<R> {
  if (statement.reader) return { rows: statement.all(parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

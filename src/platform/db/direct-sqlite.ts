// Statements built once (compiled-query.ts) run on the SQLite connection itself where that is
// exactly what Kysely's driver would do, without its path: the executor, the runtime driver and
// the connection's lock are about eight awaits and cost ~15–20 µs of CPU per statement in the
// server, more than SQLite itself takes for most of Signoff's statements. Two cases qualify:
//
// - A statement of one of our transactions (db.transaction(), commit-hooks.ts): the transaction
//   holds the one connection from BEGIN to its end, and Kysely would send the statement to it.
// - A statement outside any transaction, when none is open on the connection (better-sqlite3's
//   `inTransaction`). better-sqlite3 runs it synchronously, so it is atomic and reads only
//   committed rows: it behaves as if it had run just before or just after whatever waits on
//   Kysely's lock. While a transaction is open (awaiting between its statements) everything
//   else waits for the lock through Kysely, as before: run there, a statement would join it.
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
export function runDirectly<R>(db: object, sql: string, parameters: readonly unknown[]): QueryResult<R> | undefined {
  const h = handles.get(db);
  if (!h || (!h.transaction && h.direct.connection.inTransaction)) return undefined;
  const statement = h.direct.prepare(sql);
  // What Kysely's SqliteConnection.executeQuery answers; its log, and so the listeners, see only statements that ran.
  let result: QueryResult<R>;
  if (statement.reader) result = { rows: statement.all(parameters) as R[] };
  else {
    const { changes, lastInsertRowid } = statement.run(parameters);
    result = { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }
  h.direct.ran(sql, parameters);
  return result;
}

// Group commit on SQLite. A COMMIT writes every page the transaction dirtied to the WAL, two
// system calls per page: measured inside the server it was a third of an audited write's CPU
// (117 µs of 365) and about a fifth of a protected decision's, and consecutive transactions
// dirty mostly the same pages (the audit trail's last leaf and its head, the outbox, the
// indexes' right edges). Signoff's transactions already run one after the other on the one
// connection; here the transactions of one turn of the event loop share one COMMIT:
//
// - The first transaction of a group opens it with BEGIN IMMEDIATE (the write lock at once, so
//   no member can find its snapshot stale when it first writes). Each transaction, the first
//   included, runs inside a SAVEPOINT of that group: its end RELEASEs it, its failure rolls back
//   to it, and neither touches the other members' work. Every member reads what the members
//   before it wrote, exactly as if each had committed before the next began.
// - The group commits once the requests already read from the network have had their turn
//   (setImmediate after a member ends with no one waiting for the connection), or at once when
//   it holds MAX_MEMBERS: a first member's answer waits for at most that many others' work.
// - A member's `db.transaction().execute()` resolves only once its group has committed
//   (commit-hooks.ts awaits `sharedCommit`). If the COMMIT fails (I/O, a full disk, a deferred
//   constraint), every member fails with that error and none of their work stays.
// - Outside any transaction, a write run on the connection itself (direct-sqlite.ts) is a
//   member of one statement and resolves once its group has committed; any other write (a
//   pragma, a statement Kysely runs) first commits the open group and then runs alone, as
//   before. A read outside any transaction may see the open group's work: every HTTP answer
//   waits for the open group's COMMIT before it is sent, and is refused if a COMMIT failed
//   while its request ran (http/plugins/committed-answers.ts), so no answer shows work that
//   does not stay. (A background read that saw a group whose COMMIT then failed could act on
//   it in a later transaction; a COMMIT fails only when the disk does or a deferred constraint
//   does not hold, and Signoff's schema has none.)
//
// - The write lock may be another process's (a CLI command, a bulk import): SQLite's busy
//   handler would then wait for it inside the BEGIN, and the whole event loop with it (every
//   request, /healthz included) for up to the busy timeout. A group's BEGIN IMMEDIATE is tried
//   without waiting, and asked for again on a timer while the other process holds the lock, by
//   whoever holds the connection (a transaction, or a write outside one that queued for it),
//   up to the same timeout: then SQLite's busy error, as before.
//
// A transaction therefore must not wait for I/O (argon2, the network, a module loaded on first
// use) between its BEGIN and its end: every other request would wait for the connection. Its
// statements run synchronously, so a transaction still running once the event loop has turned
// did wait: `heldAcrossTurns` counts those (the metric signoff_db_transactions_held_across_turns;
// the tests' servers refuse to stop with one).
//
// PostgreSQL commits each transaction on its own connection, as before.
import { CompiledQuery, SqliteDialect, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import { runStatement, type DirectSqlite } from './direct-sqlite.ts';

type SqliteStatements = Pick<DirectSqlite, 'connection' | 'prepare' | 'ran'>;

/** The most transactions one COMMIT ends (a protected decision is about 1.5 ms of work). */
const MAX_MEMBERS = 16;
const MEMBER = 'signoff_member';
/** The longest pause between two tries for a write lock another process holds. */
const MAX_LOCK_RETRY_DELAY_MS = 20;
/** Statements SQLite runs only outside a transaction (or ignores inside one). */
const OUTSIDE_TRANSACTIONS = /^\s*(pragma|vacuum)\b/i;

/** SQLite's "another connection holds the lock" (SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED…). */
export function isBusyError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

type Group = { committed: Promise<void>; resolve(): void; reject(error: unknown): void; members: number };

/** The pause before asking again for a write lock another process holds: 1, 2, 4… ms, at most MAX_LOCK_RETRY_DELAY_MS. */
const lockRetryDelay = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.min(2 ** attempt, MAX_LOCK_RETRY_DELAY_MS)));

function openGroup(): Group {
  const { promise: committed, resolve, reject } = Promise.withResolvers<void>();
  // A member that failed on its own no longer awaits its group: its failure is not unhandled.
  committed.catch(() => {});
  return { committed, resolve, reject, members: 0 };
}

export class GroupCommitDriver implements Driver {
  readonly #sqlite: SqliteStatements;
  readonly #close: () => void;
  readonly #busyTimeoutMs: number;
  readonly #connection: DatabaseConnection;
  readonly #waiting: (() => void)[] = [];
  #held = false;
  #group: Group | undefined;
  #commitScheduled = false;
  #failures = 0;
  /** A transaction is running: its savepoint is open and its statements belong to it. */
  #inMember = false;
  /** Transactions begun so far: which one is running. */
  #members = 0;
  #heldAcrossTurns = 0;

  /** `busyTimeoutMs`: how long a group waits for a write lock another process holds. */
  constructor(sqlite: SqliteStatements, close: () => void, busyTimeoutMs: number) {
    this.#sqlite = sqlite;
    this.#close = close;
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#connection = {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        const statement = sqlite.prepare(query.sql);
        if (this.#inMember || statement.readonly) return runStatement<R>(statement, query.parameters);
        // A write outside any transaction that holds the connection (a statement not built
        // through compiled-query.ts) commits as SQLite's autocommit would, before it resolves:
        // it could not wait for a later COMMIT while it holds the connection. It joins the open
        // group (or begins one: the write lock is waited for on a timer) and commits it now. A
        // pragma runs on its own, after the open group: inside a transaction SQLite ignores some.
        if (OUTSIDE_TRANSACTIONS.test(query.sql)) {
          if (this.#group) this.#commitGroup();
          return runStatement<R>(statement, query.parameters);
        }
        const since = performance.now();
        for (let attempt = 0; !this.#groupOpen(since); attempt++) await lockRetryDelay(attempt);
        const group = this.#group!;
        try {
          return this.#asMember(() => runStatement<R>(statement, query.parameters)).result;
        } finally {
          if (this.#group === group) this.#commitGroup();
        }
      },
      streamQuery: () => {
        throw new Error('Signoff streams no SQLite query');
      },
    };
  }

  /** Groups whose COMMIT failed (or that SQLite rolled back) since the connection opened. */
  get failures(): number {
    return this.#failures;
  }

  /** Transactions that were still running once the event loop turned: they awaited I/O while holding the connection. */
  get heldAcrossTurns(): number {
    return this.#heldAcrossTurns;
  }

  /** A transaction is running on the connection (from its BEGIN to its end). */
  get running(): boolean {
    return this.#inMember;
  }

  /** The open group's COMMIT: what a transaction ending now, or an answer sent now, waits for. */
  get sharedCommit(): Promise<void> | undefined {
    return this.#group?.committed;
  }

  /**
   * A write outside any transaction, while none runs: it joins the open group (or opens one) as
   * a member of one statement, and resolves once that group has committed.
   */
  async writeAlone<T>(write: () => T): Promise<T> {
    // Another process holds the write lock: wait for it with the connection, as a transaction does.
    if (!this.#groupOpen(performance.now())) return this.#writeWhenLocked(write);
    let member: { group: Group; result: T };
    try {
      member = this.#asMember(write);
    } finally {
      if (this.#group) this.#memberEnded();
    }
    await member.group.committed;
    return member.result;
  }

  async #writeWhenLocked<T>(write: () => T): Promise<T> {
    await this.acquireConnection();
    let member: { group: Group; result: T };
    try {
      const since = performance.now();
      for (let attempt = 0; !this.#groupOpen(since); attempt++) await lockRetryDelay(attempt);
      member = this.#asMember(write);
    } finally {
      await this.releaseConnection();
    }
    await member.group.committed;
    return member.result;
  }

  /** Runs one write outside any transaction as a member of the open group; its failure loses the group when SQLite rolled it back. */
  #asMember<T>(write: () => T): { group: Group; result: T } {
    const group = this.#group!;
    try {
      const result = write();
      group.members++;
      return { group, result };
    } catch (error) {
      this.#groupLost();
      throw error;
    }
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    // One connection, handed on in arrival order.
    if (this.#held) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#held = true;
    return this.#connection;
  }

  async beginTransaction(): Promise<void> {
    const since = performance.now();
    for (let attempt = 0; !this.#groupOpen(since); attempt++) await lockRetryDelay(attempt);
    this.#run(`savepoint ${MEMBER}`);
    this.#inMember = true;
    const member = ++this.#members;
    setImmediate(() => {
      if (this.#inMember && this.#members === member) this.#heldAcrossTurns++;
    });
  }

  async commitTransaction(): Promise<void> {
    this.#run(`release ${MEMBER}`);
    this.#inMember = false;
    this.#group!.members++;
  }

  async rollbackTransaction(): Promise<void> {
    this.#inMember = false;
    if (this.#groupLost()) return;
    this.#run(`rollback to ${MEMBER}`);
    this.#run(`release ${MEMBER}`);
  }

  async releaseConnection(): Promise<void> {
    if (this.#group && !this.#inMember) this.#memberEnded();
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }

  async destroy(): Promise<void> {
    if (this.#group) this.#commitGroup();
    this.#close();
  }

  /**
   * Whether a group is open, opening one (BEGIN IMMEDIATE) if none is: false while another
   * process holds the write lock (the connection has no busy timeout: connect.ts), SQLite's
   * busy error once it has held it for the busy timeout since `since`. Whoever holds the
   * connection asks again after `lockRetryDelay` until it is true, and goes on at once, nothing
   * awaited in between: the group is the one open then (a write outside any transaction may
   * have opened it, or committed the one this opened, while the caller waited to resume).
   */
  #groupOpen(since: number): boolean {
    if (this.#group) return true;
    try {
      this.#run('begin immediate');
    } catch (error) {
      if (!isBusyError(error) || performance.now() - since >= this.#busyTimeoutMs) throw error;
      return false;
    }
    this.#group = openGroup();
    return true;
  }

  /**
   * After a failed statement: true when SQLite rolled the whole transaction back by itself (an
   * I/O error, a full disk), taking the group's other members with it: they fail too.
   */
  #groupLost(): boolean {
    if (this.#sqlite.connection.inTransaction) return false;
    const group = this.#group!;
    this.#group = undefined;
    this.#failures++;
    group.reject(new Error('SQLite rolled back the transaction this one shared its commit with'));
    return true;
  }

  /** No transaction runs now: the group commits at once past its bounds, else when this turn's requests had theirs. */
  #memberEnded(): void {
    const group = this.#group!;
    if (group.members >= MAX_MEMBERS) this.#commitGroup();
    else if (this.#waiting.length === 0 && !this.#commitScheduled) {
      this.#commitScheduled = true;
      setImmediate(() => {
        this.#commitScheduled = false;
        // Held: whoever holds the connection ends the group, or schedules this again, at its release.
        if (this.#group && !this.#held) this.#commitGroup();
      });
    }
  }

  #commitGroup(): void {
    const group = this.#group!;
    this.#group = undefined;
    try {
      this.#run(group.members > 0 ? 'commit' : 'rollback');
      group.resolve();
    } catch (error) {
      this.#failures++;
      group.reject(error);
      // A refused COMMIT leaves the transaction open: nothing of the group stays.
      if (this.#sqlite.connection.inTransaction) this.#run('rollback');
    }
  }

  #run(sql: string): void {
    runStatement(this.#sqlite.prepare(sql), []);
    this.#sqlite.ran(sql, []);
  }
}

/** Kysely's SQLite dialect, with its transactions committed in groups by `driver`. */
export class GroupCommitDialect extends SqliteDialect {
  readonly #driver: GroupCommitDriver;
  constructor(driver: GroupCommitDriver) {
    // The database is the driver's; Kysely's dialect only lends its compiler, adapter and introspector.
    super({ database: {} as never });
    this.#driver = driver;
  }
  override createDriver(): Driver {
    return this.#driver;
  }
}

const drivers = new WeakMap<object, GroupCommitDriver>();

/** `db`'s transactions commit in groups through `driver`. */
export const commitsInGroups = (db: object, driver: GroupCommitDriver) => drivers.set(db, driver);

/** Whether `db`'s transactions commit in groups (SQLite) rather than each on its own connection. */
export const hasCommitGroups = (db: object): boolean => drivers.has(db);

/**
 * The COMMIT the transaction now holding `db`'s connection will be part of, to await before its
 * work counts as committed; undefined where each transaction commits on its own (PostgreSQL).
 */
export const sharedCommit = (db: object): Promise<void> | undefined => drivers.get(db)?.sharedCommit;

/** How many transactions of `db` awaited I/O while holding its connection (always 0 where each has its own). */
export const transactionsHeldAcrossTurns = (db: object): number => drivers.get(db)?.heldAcrossTurns ?? 0;

/** How many group COMMITs of `db` failed so far (always 0 where transactions commit alone). */
export const commitFailures = (db: object): number => drivers.get(db)?.failures ?? 0;

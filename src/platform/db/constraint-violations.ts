// The database's refusals of a write that breaks a constraint, as both dialects name them.
import type { Problem } from '../problems.ts';

const code = (err: unknown) => (err as { code?: unknown } | null)?.code;

/** A write refused by a unique key: PostgreSQL's 23505 unique_violation, SQLite's SQLITE_CONSTRAINT_UNIQUE. */
export const isUniqueViolation = (err: unknown): boolean => code(err) === '23505' || code(err) === 'SQLITE_CONSTRAINT_UNIQUE';

/** A write refused because a row it refers to is gone: PostgreSQL's 23503 foreign_key_violation, SQLite's SQLITE_CONSTRAINT_FOREIGNKEY. */
export const isForeignKeyViolation = (err: unknown): boolean => code(err) === '23503' || code(err) === 'SQLITE_CONSTRAINT_FOREIGNKEY';

/**
 * A transaction PostgreSQL ended to break a deadlock (40P01) or a conflict it could not
 * serialise (40001): nothing of it stays, and the same request again would succeed. No path
 * takes its locks in an order another reverses (K9); this is the net if one ever does.
 */
export const isLockConflict = (err: unknown): boolean => code(err) === '40P01' || code(err) === '40001';

/**
 * For a write's `.catch`: its unique key refused it, so the value is taken (`taken()`, such as
 * group_name_taken); any other error as it was. The key decides even between concurrent writes,
 * which a read before the write does not.
 */
export const takenWhenUnique =
  (taken: () => Problem) =>
  (err: unknown): never => {
    throw isUniqueViolation(err) ? taken() : err;
  };

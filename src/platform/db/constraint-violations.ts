// The database's refusals of a write that breaks a constraint, as both dialects name them.
import type { Problem } from '../problems.ts';

const code = (err: unknown) => (err as { code?: unknown } | null)?.code;

/** A write refused by a unique key: PostgreSQL's 23505 unique_violation, SQLite's SQLITE_CONSTRAINT_UNIQUE. */
export const isUniqueViolation = (err: unknown): boolean => code(err) === '23505' || code(err) === 'SQLITE_CONSTRAINT_UNIQUE';

/** A write refused because a row it refers to is gone: PostgreSQL's 23503 foreign_key_violation, SQLite's SQLITE_CONSTRAINT_FOREIGNKEY. */
export const isForeignKeyViolation = (err: unknown): boolean => code(err) === '23503' || code(err) === 'SQLITE_CONSTRAINT_FOREIGNKEY';

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

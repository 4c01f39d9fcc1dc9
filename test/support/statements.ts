// What a request's statements (Database.onStatement) say about its transaction. On SQLite a
// transaction is a savepoint of its commit group (platform/db/group-commit.ts), whose own
// BEGIN IMMEDIATE and COMMIT may also hold a write outside any transaction.

/** Where the request's (first) transaction begins and ends among `seen`. */
export function requestTransaction(seen: readonly string[]) {
  const begin = seen.findIndex((text) => /^\s*(begin(?! immediate)|savepoint signoff_member)/i.test(text));
  const end = seen.findIndex((text, i) => i > begin && /^\s*(commit|release signoff_member)/i.test(text));
  return { begin, end };
}

/** The writes to attempt_counters before the request's transaction, inside it and after its end. */
export function attemptCounterWrites(seen: readonly string[]) {
  const { begin, end } = requestTransaction(seen);
  const writes = seen.flatMap((text, i) => (/^\s*(insert into|update|delete from)\s+"attempt_counters"/i.test(text) ? [i] : []));
  return {
    begin,
    before: writes.filter((i) => i < begin),
    inside: writes.filter((i) => i > begin && i < end),
    after: writes.filter((i) => i > end),
  };
}

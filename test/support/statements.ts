// What a request's statements (Database.onStatement) say about its attempt counter: the writes
// to attempt_counters before the request's transaction, inside it and after its commit.
export function attemptCounterWrites(seen: readonly string[]) {
  const begin = seen.findIndex((text) => /^\s*begin/i.test(text));
  const commit = seen.findIndex((text) => /^\s*commit/i.test(text));
  const writes = seen.flatMap((text, i) => (/^\s*(insert into|update|delete from)\s+"attempt_counters"/i.test(text) ? [i] : []));
  return {
    begin,
    before: writes.filter((i) => i < begin),
    inside: writes.filter((i) => i > begin && i < commit),
    after: writes.filter((i) => i > commit),
  };
}

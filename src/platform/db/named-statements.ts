// PostgreSQL plans a statement on every execution unless it was prepared under a name (the
// extended protocol's Parse with a name, kept for the connection's life). pg prepares one when
// a query carries `{ name, text, values }`, but Kysely's PostgresDialect only ever passes text
// and values. This wraps the pool Kysely draws clients from: each parameterised query gets a
// name derived from a hash of its SQL text, so a text is parsed and planned once per
// connection, and the same name always means the same text (pg refuses one name for two texts).
//
// Bounded: a connection keeps at most `maxPerConnection` named statements (PostgreSQL and pg
// both hold them until the connection closes); texts past that run unnamed, as before. Queries
// without parameters (BEGIN, COMMIT, migrations' multi-statement DDL) keep pg's simple protocol.
import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { BoundedMap } from '../bounded-map.ts';

/** Named statements per connection before new texts run unnamed. */
const MAX_PER_CONNECTION = 2000;
/** The name of each SQL text, remembered (hashing costs more than a lookup); bounded like the statements. */
const NAMES_MAX = 10_000;

/** `s_` and 24 hex digits of the SQL text's SHA-256: unique in practice, well under PostgreSQL's 63-byte limit. */
export const statementName = (text: string): string => `s_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;

export function withNamedStatements(pool: pg.Pool, opts: { maxPerConnection?: number } = {}): PostgresPool {
  const maxPerConnection = opts.maxPerConnection ?? MAX_PER_CONNECTION;
  const names = new BoundedMap<string, string>(NAMES_MAX);
  // Names prepared on each pg client (a client is one connection, reused through the pool).
  const prepared = new WeakMap<pg.PoolClient, Set<string>>();

  const nameOf = (text: string): string => names.getOrMake(text, statementName);

  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let own = prepared.get(client);
      if (!own) prepared.set(client, (own = new Set()));
      const ownNames = own;
      return {
        query(textOrCursor: unknown, parameters?: ReadonlyArray<unknown>) {
          if (typeof textOrCursor !== 'string' || !parameters || parameters.length === 0) {
            return (client.query as (...args: unknown[]) => unknown)(textOrCursor, parameters);
          }
          const name = nameOf(textOrCursor);
          if (!ownNames.has(name)) {
            if (ownNames.size >= maxPerConnection) return client.query(textOrCursor, [...parameters]);
            ownNames.add(name);
          }
          return client.query({ name, text: textOrCursor, values: [...parameters] });
        },
        release: () => client.release(),
      } as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}
